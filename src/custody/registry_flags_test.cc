#include "custody/registry_flags.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "custody/testing_facts.h"
#include "registry/entries.h"

namespace orelog::custody {
namespace {

using testing::FactsBuilder;
using testing::kTonne;

registry::ParticipantEntry Entry(const std::string& id, bool declared, bool pep) {
  registry::ParticipantEntry e;
  e.participant = id;
  e.action = registry::ParticipantAction::kRegister;
  e.name = "party " + id;
  e.country = "PK";
  e.roles = {"miner"};
  e.beneficial_owners.declared = declared;
  if (declared) e.beneficial_owners.owners.push_back({std::string(43, 'A'), pep});
  return e;
}

const Flag* Find(const std::vector<Flag>& flags, const std::string& id) {
  for (const Flag& f : flags) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

TEST(RegistryFlagsTest, PartiesNamedInEventsAreCheckedAgainstTheRegistry) {
  const std::string clean = "urn:epc:id:pgln:0614141.00010", pep = "urn:epc:id:pgln:0614141.00020",
                    hidden = "urn:epc:id:pgln:0614141.00030", gone = "urn:epc:id:pgln:0614141.00040",
                    keyless = "urn:epc:id:pgln:0614141.00050", stranger = "urn:epc:id:pgln:0614141.00060";
  FactsBuilder fb;
  const std::vector<std::pair<std::string, std::string>> named = {
      {"lot-1", clean}, {"lot-2", pep}, {"lot-3", hidden}, {"lot-4", gone}, {"lot-5", keyless}, {"lot-6", stranger}};
  for (const auto& [lot, party] : named) fb.Commission(lot, kTonne, "mine-1").owner_to = party;
  fb.Ship("ship-1", {{"lot-6", kTonne}}).holder_to = stranger;
  Book book;
  for (const EventFacts& f : fb.facts()) book.Record(f);
  book.Recompute();

  registry::Registry reg;
  uint64_t idx = 100;
  for (const auto& [id, declared, is_pep] : std::vector<std::tuple<std::string, bool, bool>>{
           {clean, true, false}, {pep, true, true}, {hidden, false, false}, {gone, true, false}, {keyless, true, false}}) {
    ASSERT_TRUE(reg.ApplyParticipant(idx++, Entry(id, declared, is_pep)).ok());
  }
  registry::ParticipantEntry bye;
  bye.participant = gone;
  bye.action = registry::ParticipantAction::kDeregister;
  ASSERT_TRUE(reg.ApplyParticipant(idx++, bye).ok());
  registry::KeyEntry add;
  add.participant = keyless;
  add.action = registry::KeyAction::kAdd;
  add.public_key.fill(7);
  add.key_id = registry::KeyIdOf(add.public_key);
  ASSERT_TRUE(reg.ApplyKey(idx++, add).ok()) << reg.ApplyKey(idx, add).ToString();
  registry::KeyEntry revoke;
  revoke.participant = keyless;
  revoke.action = registry::KeyAction::kRevoke;
  revoke.key_id = add.key_id;
  revoke.reason = "compromised";
  ASSERT_TRUE(reg.ApplyKey(idx++, revoke).ok());

  const std::vector<Flag> flags = RegistryFlags(book, reg);
  EXPECT_EQ(Find(flags, "unregistered_party/" + clean), nullptr);
  EXPECT_EQ(Find(flags, "pep_owner/" + clean), nullptr);
  ASSERT_NE(Find(flags, "pep_owner/" + pep), nullptr);
  EXPECT_EQ(Find(flags, "pep_owner/" + pep)->lots, std::vector<std::string>{"lot-2"});
  EXPECT_NE(Find(flags, "undisclosed_owners/" + hidden), nullptr);
  EXPECT_NE(Find(flags, "unregistered_party/" + gone), nullptr);
  EXPECT_NE(Find(flags, "revoked_key/" + keyless), nullptr);
  const Flag* s = Find(flags, "unregistered_party/" + stranger);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->evidence.size(), 2u);  // commissioned to it, shipped to it
  EXPECT_NE(s->message.find("named in 2 events"), std::string::npos) << s->message;
  EXPECT_EQ(flags.size(), 5u);
}

}  // namespace
}  // namespace orelog::custody
