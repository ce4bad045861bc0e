#include "repo/registry_store.h"

#include <fstream>
#include <iterator>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "epcis/leaf.h"
#include "registry/entries.h"
#include "registry/owners.h"
#include "repo/repo_test_fixture.h"

namespace orelog::repo {
namespace {

namespace json = boost::json;
using orelog::testing::SqlExec;
using orelog::testing::SqlInt;

constexpr char kFwo[] = "urn:epc:id:pgln:0614141.00001";
constexpr char kAdmin[] = "urn:epc:id:pgln:0614141.99999";

constexpr char kInput[] = R"json({"participant": "urn:epc:id:pgln:0614141.00001",
  "name": "Frontier Works Organization (illustrative)", "country": "PK",
  "roles": ["transporter", "processor"], "identifiers": ["https://fwo.example"],
  "beneficialOwners": {"declared": true, "owners": [
    {"name": "Ayesha Example", "nationality": "PK", "level": "60.00", "control": "shares", "pep": false},
    {"name": "Bilal Example", "nationality": "AE", "level": "40", "control": "voting rights", "pep": true}]}})json";

ed25519::PublicKey Key(uint8_t seed) {
  ed25519::PublicKey k{};
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(seed + i * 7);
  return k;
}

std::string FileText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class RegistryStoreTest : public RepoFixture {
 protected:
  Result<RegistryChange> Register(std::string_view text = kInput) {
    auto in = ParseParticipantInput(text);
    if (!in.ok()) return in.status();
    return RegisterParticipant(*ledger_, dir_, *in, kAdmin);
  }
  epcis::Envelope Leaf(uint64_t index) {
    auto bytes = ledger_->Entry(index);
    EXPECT_TRUE(bytes.ok());
    auto env = epcis::DecodeLeaf(AsChars(*bytes));
    EXPECT_TRUE(env.ok()) << env.status().ToString();
    return env.ok() ? *env : epcis::Envelope{};
  }
  std::string Audit() {
    auto a = AuditRegistry(dir_);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? *a : "audit failed";
  }
};

TEST_F(RegistryStoreTest, RegisterWritesEntryAndPrivateRowsTogether) {
  auto change = Register();
  ASSERT_OK(change);
  ASSERT_EQ(change->commitments.size(), 2u);
  EXPECT_EQ(Entries(), 1);
  const epcis::Envelope env = Leaf(change->index);
  EXPECT_EQ(env.type, epcis::kEntryTypeParticipant);
  EXPECT_EQ(env.policy_version, "0");
  EXPECT_EQ(env.submitter, kAdmin);
  auto entry = registry::DecodeParticipantEntry(env.payload);
  ASSERT_OK(entry);
  EXPECT_EQ(entry->roles, (std::vector<std::string>{"processor", "transporter"}));  // sorted for the format
  ASSERT_EQ(entry->beneficial_owners.owners.size(), 2u);
  // No personal data in the log: only commitments.
  const std::string leaf(AsChars(*ledger_->Entry(change->index)));
  EXPECT_EQ(leaf.find("Ayesha"), std::string::npos);
  EXPECT_EQ(leaf.find("voting rights"), std::string::npos);

  auto stored = OwnerDisclosures(dir_, kFwo);
  ASSERT_OK(stored);
  ASSERT_EQ(stored->size(), 2u);
  std::vector<std::string> names;
  for (const StoredDisclosure& d : *stored) {
    ASSERT_TRUE(d.disclosure.has_value());
    EXPECT_EQ(d.index, change->index);
    auto owner = registry::VerifyOwnerDisclosure(*d.disclosure, d.commitment);
    ASSERT_OK(owner);
    names.push_back(owner->name);
    const auto& owners = entry->beneficial_owners.owners;
    auto in_log = std::find_if(owners.begin(), owners.end(), [&](const auto& c) { return c.commitment == d.commitment; });
    ASSERT_NE(in_log, owners.end());
    EXPECT_EQ(in_log->pep, owner->name == "Bilal Example");
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"Ayesha Example", "Bilal Example"}));

  auto p = GetParticipant(dir_, kFwo);
  ASSERT_OK(p);
  EXPECT_EQ(p->name, "Frontier Works Organization (illustrative)");
  EXPECT_EQ(p->registered_at, change->index);
  EXPECT_EQ(GetParticipant(dir_, "https://nobody.example").status().code(), Code::kNotFound);
  EXPECT_EQ(Audit(), "");
}

TEST_F(RegistryStoreTest, RefusedChangesWriteNothing) {
  ASSERT_OK(Register());
  const int64_t entries = Entries();
  EXPECT_EQ(Register().status().code(), Code::kAlreadyExists);
  auto bad = ParseParticipantInput(kInput);
  ASSERT_OK(bad);
  bad->participant = "urn:epc:id:pgln:0614141.00002";
  bad->country = "Pakistan";
  EXPECT_EQ(RegisterParticipant(*ledger_, dir_, *bad, kAdmin).status().code(), Code::kInvalidArgument);
  bad->country = "PK";
  EXPECT_EQ(UpdateParticipant(*ledger_, dir_, *bad, kAdmin).status().code(), Code::kNotFound);
  EXPECT_EQ(DeregisterParticipant(*ledger_, dir_, "urn:epc:id:pgln:0614141.00002", kAdmin).status().code(), Code::kNotFound);
  EXPECT_EQ(AddKey(*ledger_, dir_, "urn:epc:id:pgln:0614141.00002", Key(1), kAdmin).status().code(), Code::kNotFound);
  EXPECT_EQ(RevokeKey(*ledger_, dir_, kFwo, registry::KeyIdOf(Key(1)), "x", kAdmin).status().code(),
            Code::kFailedPrecondition);
  EXPECT_EQ(RegisterParticipant(*ledger_, dir_, *bad, "").status().code(), Code::kInvalidArgument);  // no operator
  EXPECT_EQ(Entries(), entries);
  EXPECT_EQ(Count("registry_entries"), entries);
  EXPECT_EQ(Count("participant_disclosures"), 2);
  EXPECT_EQ(Audit(), "");
}

TEST_F(RegistryStoreTest, KeysAddRotateRevoke) {
  ASSERT_OK(Register());
  auto added = AddKey(*ledger_, dir_, kFwo, Key(1), kAdmin);
  ASSERT_OK(added);
  EXPECT_EQ(added->key_id, registry::KeyIdOf(Key(1)));
  EXPECT_EQ(Leaf(added->index).type, epcis::kEntryTypeKey);
  EXPECT_EQ(AddKey(*ledger_, dir_, kFwo, Key(1), kAdmin).status().code(), Code::kAlreadyExists);
  auto rotated = RotateKey(*ledger_, dir_, kFwo, added->key_id, Key(2), kAdmin);
  ASSERT_OK(rotated);
  EXPECT_EQ(RotateKey(*ledger_, dir_, kFwo, added->key_id, Key(3), kAdmin).status().code(), Code::kFailedPrecondition);
  auto revoked = RevokeKey(*ledger_, dir_, kFwo, rotated->key_id, "compromised", kAdmin);
  ASSERT_OK(revoked);
  auto reg = LoadRegistry(dir_);
  ASSERT_OK(reg);
  EXPECT_TRUE(reg->KeyActiveAt(added->key_id, rotated->index));
  EXPECT_FALSE(reg->KeyActiveAt(added->key_id, rotated->index + 1));
  EXPECT_TRUE(reg->KeyActiveAt(rotated->key_id, revoked->index));
  EXPECT_FALSE(reg->KeyActiveAt(rotated->key_id, revoked->index + 1));
  const json::object pj = ParticipantJson(*reg, *reg->FindParticipant(kFwo));
  ASSERT_EQ(pj.at("keys").as_array().size(), 2u);
  EXPECT_EQ(pj.at("keys").as_array()[0].at("replacedBy").as_string(), rotated->key_id);
  EXPECT_EQ(pj.at("keys").as_array()[1].at("reason").as_string(), "compromised");
  EXPECT_EQ(json::serialize(pj).find("disclosure"), std::string::npos);
  ASSERT_OK(DeregisterParticipant(*ledger_, dir_, kFwo, kAdmin));
  EXPECT_EQ(AddKey(*ledger_, dir_, kFwo, Key(4), kAdmin).status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(Register().status().code(), Code::kAlreadyExists);  // never again
  EXPECT_EQ(Audit(), "");
}

TEST_F(RegistryStoreTest, UpdateKeepsStoredCommitmentsOnly) {
  auto first = Register();
  ASSERT_OK(first);
  auto in = ParseParticipantInput(kInput);
  ASSERT_OK(in);
  in->name = "FWO";
  in->owners = {OwnerInput{std::nullopt, first->commitments[0], false}};
  auto updated = UpdateParticipant(*ledger_, dir_, *in, kAdmin);
  ASSERT_OK(updated);
  EXPECT_TRUE(updated->commitments.empty());
  auto p = GetParticipant(dir_, kFwo);
  ASSERT_OK(p);
  EXPECT_EQ(p->name, "FWO");
  ASSERT_EQ(p->beneficial_owners.owners.size(), 1u);
  EXPECT_EQ(p->beneficial_owners.owners[0].commitment, first->commitments[0]);
  in->owners = {OwnerInput{std::nullopt, "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", false}};
  EXPECT_EQ(UpdateParticipant(*ledger_, dir_, *in, kAdmin).status().code(), Code::kNotFound);
  EXPECT_EQ(Audit(), "");
}

TEST_F(RegistryStoreTest, EraseOwnerDeletesTheDisclosureAndRecordsWhy) {
  auto change = Register();
  ASSERT_OK(change);
  auto before = OwnerDisclosures(dir_, kFwo);
  ASSERT_OK(before);
  const StoredDisclosure target = before->at(0);
  ASSERT_TRUE(target.disclosure.has_value());
  ASSERT_OK(EraseOwner(dir_, kFwo, target.commitment, kAdmin, "GDPR art. 17 request 2026-114"));
  auto after = OwnerDisclosures(dir_, kFwo);
  ASSERT_OK(after);
  ASSERT_EQ(after->size(), 2u);
  EXPECT_FALSE(after->at(0).disclosure.has_value());
  EXPECT_EQ(after->at(0).erased_by, kAdmin);
  EXPECT_EQ(after->at(0).reason, "GDPR art. 17 request 2026-114");
  EXPECT_FALSE(after->at(0).erased_at.empty());
  EXPECT_TRUE(after->at(1).disclosure.has_value());
  // The commitment stays public; the erased text is gone from the database files.
  EXPECT_EQ(GetParticipant(dir_, kFwo)->beneficial_owners.owners.size(), 2u);
  std::string files = FileText(dir_ / Ledger::kDatabaseFile) + FileText(dir_ / "ledger.db-wal");
  EXPECT_EQ(files.find(*target.disclosure), std::string::npos);
  EXPECT_NE(files.find(*after->at(1).disclosure), std::string::npos);  // the search works
  EXPECT_EQ(EraseOwner(dir_, kFwo, target.commitment, kAdmin, "again").code(), Code::kFailedPrecondition);
  EXPECT_EQ(EraseOwner(dir_, "https://other.example", after->at(1).commitment, kAdmin, "x").code(), Code::kNotFound);
  EXPECT_EQ(EraseOwner(dir_, kFwo, after->at(1).commitment, kAdmin, "").code(), Code::kInvalidArgument);
  EXPECT_EQ(Audit(), "");
}

TEST_F(RegistryStoreTest, AuditFindsTamperedRows) {
  ASSERT_OK(Register());
  ASSERT_OK(AddKey(*ledger_, dir_, kFwo, Key(1), kAdmin));
  EXPECT_EQ(Audit(), "");
  const auto db = dir_ / Ledger::kDatabaseFile;
  ASSERT_TRUE(SqlExec(db, "UPDATE registry_entries SET payload = replace(payload, 'Frontier', 'Fronteer')"));
  EXPECT_NE(Audit().find("registry_entries row 0 differs"), std::string::npos);
  ASSERT_TRUE(SqlExec(db, "DELETE FROM registry_entries WHERE idx = 1"));
  ASSERT_TRUE(SqlExec(db, "UPDATE registry_entries SET payload = replace(payload, 'Fronteer', 'Frontier')"));
  EXPECT_NE(Audit().find("log entry 1 has no registry_entries row"), std::string::npos);
}

TEST_F(RegistryStoreTest, AuditFindsForeignDisclosures) {
  ASSERT_OK(Register());
  auto d = registry::MakeOwnerDisclosure({"Someone Else", "PK", "10", "shares"});
  ASSERT_OK(d);
  ASSERT_TRUE(SqlExec(dir_ / Ledger::kDatabaseFile,
                      "INSERT INTO participant_disclosures (commitment, participant, idx, disclosure) VALUES ('" +
                          d->commitment + "', '" + kFwo + "', 0, '" + d->disclosure + "')"));
  EXPECT_NE(Audit().find("is not committed by log entry 0"), std::string::npos);
}

TEST_F(RegistryStoreTest, AFailedRowWritesNoEntry) {
  ASSERT_TRUE(SqlExec(dir_ / Ledger::kDatabaseFile, "DROP TABLE participant_disclosures"));
  EXPECT_FALSE(Register().ok());
  EXPECT_EQ(Entries(), 0);
  EXPECT_EQ(Count("registry_entries"), 0);
}

TEST_F(RegistryStoreTest, EventsAndRegistryEntriesShareTheLog) {
  const std::string event = R"({"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",)" + ObjEv(1).substr(1);
  auto ev = capturer_->CaptureEvent(event, kFwo);
  ASSERT_OK(ev.status);
  auto change = Register();
  ASSERT_OK(change);
  EXPECT_EQ(change->index, ev.index + 1);
  EXPECT_EQ(Count("events"), 1);
  EXPECT_EQ(Audit(), "");
  auto list = ListParticipants(dir_);
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), 1u);
}

TEST_F(RegistryStoreTest, Version2RepositoryIsUpgraded) {
  const auto db = dir_ / Ledger::kDatabaseFile;
  // What version 2 was: no registry tables, no token scopes.
  ASSERT_TRUE(SqlExec(db, "DROP TABLE registry_entries; DROP TABLE participant_disclosures; DROP TABLE event_parties; "
                          "DROP TABLE batch_nonces; DROP TABLE agreement_releases; DROP TABLE agreement_disclosures; "
                          "ALTER TABLE tokens DROP COLUMN scopes; "
                          "UPDATE repo_meta SET value = 'orelog-repo-v2' WHERE key = 'format'"));
  EXPECT_EQ(LoadRegistry(dir_).status().code(), Code::kFailedPrecondition);
  ASSERT_OK(EnsureRepoSchema(dir_));
  EXPECT_EQ(SqlInt(db, std::string("SELECT count(*) FROM repo_meta WHERE value = '") + kRepoFormat + "'"), 1);
  EXPECT_EQ(Count("registry_entries"), 0);
  ASSERT_OK(Register());
}

TEST(ParticipantInputTest, StrictAndSorted) {
  auto in = ParseParticipantInput(kInput);
  ASSERT_OK(in);
  EXPECT_EQ(in->owners.size(), 2u);
  EXPECT_TRUE(in->owners[1].pep);
  EXPECT_EQ(in->owners[1].owner->control, "voting rights");
  for (const char* bad : {
           R"({"participant":"x","name":"n","country":"PK","beneficialOwners":{"declared":false},"extra":1})",
           R"({"participant":"x","name":"n","country":"PK"})",
           R"({"participant":"x","name":"n","country":"PK","beneficialOwners":{"declared":true,"owners":[{"name":"a"}]}})",
           R"({"participant":"x","name":"n","country":"PK","beneficialOwners":{"declared":true,"owners":[{"commitment":"c","pep":false,"name":"a"}]}})",
           R"([1])"}) {
    EXPECT_EQ(ParseParticipantInput(bad).status().code(), Code::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace orelog::repo
