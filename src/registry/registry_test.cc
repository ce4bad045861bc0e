#include "registry/registry.h"

#include <gtest/gtest.h>

#include "epcis/leaf.h"
#include "registry/entries.h"
#include "registry/testing_entries.h"

namespace orelog::registry {
namespace {

using testing::AddKey;
using testing::Deregister;
using testing::kFwo;
using testing::kSmelter;
using testing::Register;
using testing::RevokeKey;
using testing::RotateKey;

Status ApplyP(Registry& r, uint64_t i, const ParticipantEntry& e) {
  return r.Apply(i, epcis::kEntryTypeParticipant, *EncodeParticipantEntry(e));
}
Status ApplyK(Registry& r, uint64_t i, const KeyEntry& e) {
  return r.Apply(i, epcis::kEntryTypeKey, *EncodeKeyEntry(e));
}

TEST(RegistryTest, RegisterUpdateDeregister) {
  Registry r;
  ASSERT_TRUE(ApplyP(r, 3, Register(kFwo)).ok());
  ParticipantEntry update = Register(kFwo);
  update.action = ParticipantAction::kUpdate;
  update.name = "FWO";
  update.beneficial_owners.declared = true;
  ASSERT_TRUE(ApplyP(r, 5, update).ok());
  const Participant* p = r.FindParticipant(kFwo);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "FWO");
  EXPECT_TRUE(p->beneficial_owners.declared);
  EXPECT_EQ(p->registered_at, 3u);
  EXPECT_EQ(p->updated_at, 5u);
  ASSERT_TRUE(ApplyP(r, 6, Deregister(kFwo)).ok());
  EXPECT_TRUE(r.FindParticipant(kFwo)->deregistered);
  EXPECT_EQ(r.FindParticipant(kFwo)->name, "FWO");  // the record stays, marked
  EXPECT_EQ(r.last_index(), 6u);
}

TEST(RegistryTest, RefusalsChangeNothing) {
  Registry r;
  EXPECT_EQ(ApplyP(r, 0, Deregister(kFwo)).code(), Code::kNotFound);
  ParticipantEntry update = Register(kFwo);
  update.action = ParticipantAction::kUpdate;
  EXPECT_EQ(ApplyP(r, 0, update).code(), Code::kNotFound);
  EXPECT_EQ(ApplyK(r, 0, AddKey(kFwo, 1)).code(), Code::kNotFound);
  EXPECT_EQ(r, Registry());

  ASSERT_TRUE(ApplyP(r, 1, Register(kFwo)).ok());
  const Registry before = r;
  EXPECT_EQ(ApplyP(r, 2, Register(kFwo)).code(), Code::kAlreadyExists);
  EXPECT_EQ(ApplyP(r, 1, Register(kSmelter)).code(), Code::kInvalidArgument);  // not after index 1
  EXPECT_EQ(r.Apply(2, "event", *EncodeParticipantEntry(Register(kSmelter))).code(), Code::kInvalidArgument);
  EXPECT_EQ(r.Apply(2, epcis::kEntryTypeKey, *EncodeParticipantEntry(Register(kSmelter))).code(), Code::kInvalidArgument);
  EXPECT_EQ(r, before);

  ASSERT_TRUE(ApplyP(r, 4, Deregister(kFwo)).ok());
  const Registry gone = r;
  EXPECT_EQ(ApplyP(r, 5, update).code(), Code::kFailedPrecondition);
  EXPECT_EQ(ApplyP(r, 5, Deregister(kFwo)).code(), Code::kFailedPrecondition);
  EXPECT_EQ(ApplyP(r, 5, Register(kFwo)).code(), Code::kAlreadyExists);  // never again
  EXPECT_EQ(ApplyK(r, 5, AddKey(kFwo, 1)).code(), Code::kFailedPrecondition);
  EXPECT_EQ(r, gone);
}

TEST(RegistryTest, KeyLifecycle) {
  Registry r;
  ASSERT_TRUE(ApplyP(r, 0, Register(kFwo)).ok());
  ASSERT_TRUE(ApplyP(r, 1, Register(kSmelter)).ok());
  ASSERT_TRUE(ApplyK(r, 2, AddKey(kFwo, 1)).ok());
  EXPECT_EQ(ApplyK(r, 3, AddKey(kFwo, 1)).code(), Code::kAlreadyExists);
  EXPECT_EQ(ApplyK(r, 3, AddKey(kSmelter, 1)).code(), Code::kAlreadyExists);  // one key, one owner
  EXPECT_EQ(ApplyK(r, 3, RevokeKey(kSmelter, 1)).code(), Code::kFailedPrecondition);  // not its key
  EXPECT_EQ(ApplyK(r, 3, RotateKey(kSmelter, 5, 1)).code(), Code::kFailedPrecondition);
  EXPECT_EQ(ApplyK(r, 3, RevokeKey(kFwo, 9)).code(), Code::kFailedPrecondition);  // unknown key
  ASSERT_TRUE(ApplyK(r, 4, RotateKey(kFwo, 2, 1)).ok());
  const std::string k1 = KeyIdOf(testing::TestKey(1)), k2 = KeyIdOf(testing::TestKey(2));
  const Key* old = r.FindKey(k1);
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->state, KeyState::kRevoked);
  EXPECT_EQ(old->revoked_at, 4u);
  EXPECT_EQ(old->replaced_by, k2);
  EXPECT_EQ(r.FindKey(k2)->state, KeyState::kActive);
  EXPECT_EQ(r.FindKey(k2)->added_at, 4u);
  // A revoked key stays revoked: no second revoke, no rotate from it, no re-add.
  EXPECT_EQ(ApplyK(r, 5, RevokeKey(kFwo, 1)).code(), Code::kFailedPrecondition);
  EXPECT_EQ(ApplyK(r, 5, RotateKey(kFwo, 3, 1)).code(), Code::kFailedPrecondition);
  EXPECT_EQ(ApplyK(r, 5, AddKey(kFwo, 1)).code(), Code::kAlreadyExists);
  ASSERT_TRUE(ApplyK(r, 6, RevokeKey(kFwo, 2, "compromised")).ok());
  EXPECT_EQ(r.FindKey(k2)->revoke_reason, "compromised");
  ASSERT_EQ(r.KeysOf(kFwo).size(), 2u);
  EXPECT_EQ(r.KeysOf(kFwo)[0]->id, k1);
  EXPECT_TRUE(r.KeysOf(kSmelter).empty());
}

TEST(RegistryTest, KeyActiveAtFollowsLogOrder) {
  Registry r;
  ASSERT_TRUE(ApplyP(r, 0, Register(kFwo)).ok());
  ASSERT_TRUE(ApplyK(r, 10, AddKey(kFwo, 1)).ok());
  ASSERT_TRUE(ApplyK(r, 20, RotateKey(kFwo, 2, 1)).ok());
  const std::string k1 = KeyIdOf(testing::TestKey(1)), k2 = KeyIdOf(testing::TestKey(2));
  EXPECT_FALSE(r.KeyActiveAt(k1, 10));  // its own add entry does not precede itself
  EXPECT_TRUE(r.KeyActiveAt(k1, 11));
  EXPECT_TRUE(r.KeyActiveAt(k1, 19));
  EXPECT_TRUE(r.KeyActiveAt(k1, 20));   // the rotate does not precede itself
  EXPECT_FALSE(r.KeyActiveAt(k1, 21));
  EXPECT_FALSE(r.KeyActiveAt(k2, 20));
  EXPECT_TRUE(r.KeyActiveAt(k2, 21));
  EXPECT_TRUE(r.KeyActiveAt(k2, 1000));
  EXPECT_FALSE(r.KeyActiveAt("k1:0000000000000000", 1000));
}

TEST(RegistryTest, DeregistrationEndsEveryKeyOfTheParticipant) {
  Registry r;
  ASSERT_TRUE(ApplyP(r, 0, Register(kFwo)).ok());
  ASSERT_TRUE(ApplyP(r, 1, Register(kSmelter)).ok());
  ASSERT_TRUE(ApplyK(r, 10, AddKey(kFwo, 1)).ok());
  ASSERT_TRUE(ApplyK(r, 11, AddKey(kSmelter, 2)).ok());
  ASSERT_TRUE(ApplyP(r, 30, Deregister(kFwo)).ok());
  const std::string k1 = KeyIdOf(testing::TestKey(1)), k2 = KeyIdOf(testing::TestKey(2));
  EXPECT_TRUE(r.KeyActiveAt(k1, 30));  // the deregistration does not precede itself
  EXPECT_FALSE(r.KeyActiveAt(k1, 31));
  EXPECT_TRUE(r.KeyActiveAt(k2, 31));  // another participant's key is untouched
}

TEST(RegistryTest, ParticipantsSortedById) {
  Registry r;
  ASSERT_TRUE(ApplyP(r, 0, Register(kSmelter)).ok());
  ASSERT_TRUE(ApplyP(r, 1, Register("urn:epc:id:pgln:0614141.00002")).ok());
  ASSERT_TRUE(ApplyP(r, 2, Register(kFwo)).ok());
  std::vector<std::string> ids;
  for (const Participant* p : r.Participants()) ids.push_back(p->id);
  EXPECT_EQ(ids, (std::vector<std::string>{kSmelter, kFwo, "urn:epc:id:pgln:0614141.00002"}));
}

}  // namespace
}  // namespace orelog::registry
