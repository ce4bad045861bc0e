#include "registry/entries.h"

#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "base/bytes.h"
#include "base/sha256.h"
#include "epcis/canonical_json.h"
#include "registry/testing_entries.h"

namespace orelog::registry {
namespace {

namespace json = boost::json;
using testing::kFwo;

json::object Parse(std::string_view text) {
  auto v = epcis::ParseJson(text);
  EXPECT_TRUE(v.ok() && v->is_object()) << text;
  return v.ok() && v->is_object() ? v->get_object() : json::object();
}

std::string Canonical(const json::object& o) { return *epcis::CanonicalJson(json::value(o)); }

// The example of docs/participants.md §1.1 (with a real commitment).
constexpr char kDocExample[] = R"json({"participant": "urn:epc:id:pgln:0614141.00001",
 "action": "register",
 "name": "Frontier Works Organization (illustrative)",
 "country": "PK",
 "roles": ["processor", "transporter"],
 "identifiers": ["https://fwo.example"],
 "beneficialOwners": {"declared": true,
                      "owners": [{"commitment": "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", "pep": false}]}})json";

TEST(ParticipantIdTest, PglnAndHttps) {
  EXPECT_TRUE(CheckParticipantId("urn:epc:id:pgln:0614141.00001").ok());
  EXPECT_TRUE(CheckParticipantId("urn:epc:id:pgln:061414100001.").ok());  // empty party reference
  EXPECT_TRUE(CheckParticipantId("https://fwo.example").ok());
  EXPECT_TRUE(CheckParticipantId("https://id.gs1.org/417/0614141000012").ok());  // check digit 2
  EXPECT_FALSE(CheckParticipantId("https://id.gs1.org/417/0614141000013").ok());  // wrong check digit
  EXPECT_FALSE(CheckParticipantId("urn:epc:id:pgln:0614141.0001").ok());         // 11 digits
  EXPECT_FALSE(CheckParticipantId("urn:epc:id:pgln:0614141.0000A").ok());
  EXPECT_FALSE(CheckParticipantId("urn:epc:id:sgln:0614141.00001.0").ok());
  EXPECT_FALSE(CheckParticipantId("http://fwo.example").ok());
  EXPECT_FALSE(CheckParticipantId("https://").ok());
  EXPECT_FALSE(CheckParticipantId("https:///path").ok());
  EXPECT_FALSE(CheckParticipantId("https://fwo example").ok());
  EXPECT_FALSE(CheckParticipantId("").ok());
  EXPECT_FALSE(CheckParticipantId("https://" + std::string(250, 'a')).ok());  // over 256 bytes
}

TEST(KeyIdTest, FirstEightBytesOfSha256) {
  ed25519::PublicKey k = testing::TestKey(7);
  Sha256 sha;
  Hash h = sha.Digest(ByteView(k));
  EXPECT_EQ(KeyIdOf(k), "k1:" + HexEncode(ByteView(h).first(8)));
  EXPECT_EQ(KeyIdOf(k).size(), 19u);
  EXPECT_NE(KeyIdOf(k), KeyIdOf(testing::TestKey(8)));
}

TEST(ParticipantEntryTest, DocExampleRoundTrips) {
  json::object payload = Parse(kDocExample);
  auto e = DecodeParticipantEntry(payload);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->participant, kFwo);
  EXPECT_EQ(e->action, ParticipantAction::kRegister);
  EXPECT_EQ(e->roles, (std::vector<std::string>{"processor", "transporter"}));
  ASSERT_EQ(e->beneficial_owners.owners.size(), 1u);
  EXPECT_TRUE(e->beneficial_owners.declared);
  EXPECT_FALSE(e->beneficial_owners.owners[0].pep);
  auto back = EncodeParticipantEntry(*e);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(Canonical(*back), Canonical(payload));
}

TEST(ParticipantEntryTest, DeregisterHoldsOnlyIdAndAction) {
  auto o = EncodeParticipantEntry(testing::Deregister(kFwo));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(Canonical(*o), R"({"action":"deregister","participant":"urn:epc:id:pgln:0614141.00001"})");
  EXPECT_TRUE(DecodeParticipantEntry(*o).ok());
  json::object extra = *o;
  extra["name"] = "x";
  auto bad = DecodeParticipantEntry(extra);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("unknown member \"name\""), std::string::npos);
  ParticipantEntry with_data = testing::Register(kFwo);
  with_data.action = ParticipantAction::kDeregister;
  EXPECT_FALSE(EncodeParticipantEntry(with_data).ok());
}

// Each mutation of the doc example is refused with a message naming the member.
TEST(ParticipantEntryTest, DecodeIsStrict) {
  struct Case {
    const char* member;  // expected in the message
    std::function<void(json::object&)> mutate;
  };
  const std::vector<Case> cases = {
      {"unknown member \"extra\"", [](json::object& o) { o["extra"] = true; }},
      {"missing member \"name\"", [](json::object& o) { o.erase("name"); }},
      {"missing member \"identifiers\"", [](json::object& o) { o.erase("identifiers"); }},
      {"\"action\"", [](json::object& o) { o["action"] = "create"; }},
      {"\"name\"", [](json::object& o) { o["name"] = ""; }},
      {"\"name\"", [](json::object& o) { o["name"] = std::string(257, 'x'); }},
      {"\"name\"", [](json::object& o) { o["name"] = 5; }},
      {"\"country\"", [](json::object& o) { o["country"] = "pk"; }},
      {"\"country\"", [](json::object& o) { o["country"] = "PAK"; }},
      {"\"roles\"", [](json::object& o) { o["roles"] = json::array{}; }},
      {"\"roles\"", [](json::object& o) { o["roles"] = json::array{"transporter", "processor"}; }},
      {"\"roles\"", [](json::object& o) { o["roles"] = json::array{"processor", "processor"}; }},
      {"unknown role \"smuggler\"", [](json::object& o) { o["roles"] = json::array{"smuggler"}; }},
      {"\"identifiers\"", [](json::object& o) { o["identifiers"] = json::array{"https://b.example", "https://a.example"}; }},
      {"\"identifiers\"", [](json::object& o) { o["identifiers"] = json::array{"mailto:x@example.com"}; }},
      {"beneficialOwners.owners", [](json::object& o) { o["beneficialOwners"].as_object()["declared"] = false; }},
      {"beneficialOwners.declared", [](json::object& o) { o["beneficialOwners"].as_object()["declared"] = "true"; }},
      {"unknown member \"beneficialOwners.count\"", [](json::object& o) { o["beneficialOwners"].as_object()["count"] = "1"; }},
      {"beneficialOwners.owners[].pep", [](json::object& o) { o["beneficialOwners"].as_object()["owners"].as_array()[0].as_object().erase("pep"); }},
      {"unknown member \"beneficialOwners.owners[].name\"", [](json::object& o) { o["beneficialOwners"].as_object()["owners"].as_array()[0].as_object()["name"] = "A. Person"; }},
      {"commitment", [](json::object& o) { o["beneficialOwners"].as_object()["owners"].as_array()[0].as_object()["commitment"] = "short"; }},
      {"commitment", [](json::object& o) {
         json::array& owners = o["beneficialOwners"].as_object()["owners"].as_array();
         owners.push_back(owners[0]);  // not strictly ascending
       }},
      {"\"participant\"", [](json::object& o) { o["participant"] = "urn:epc:id:pgln:0614141.0001"; }},
  };
  for (const Case& c : cases) {
    json::object o = Parse(kDocExample);
    c.mutate(o);
    auto r = DecodeParticipantEntry(o);
    ASSERT_FALSE(r.ok()) << c.member;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.member), std::string::npos) << c.member << " / " << r.status().message();
  }
}

TEST(KeyEntryTest, AddRotateRevokeRoundTrip) {
  for (const KeyEntry& e : {testing::AddKey(kFwo, 1), testing::RotateKey(kFwo, 2, 1), testing::RevokeKey(kFwo, 2)}) {
    auto o = EncodeKeyEntry(e);
    ASSERT_TRUE(o.ok()) << o.status().ToString();
    auto back = DecodeKeyEntry(*o);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, e);
  }
  auto add = EncodeKeyEntry(testing::AddKey(kFwo, 1));
  EXPECT_EQ(Canonical(*add), R"({"action":"add","algorithm":"ed25519","keyId":")" + KeyIdOf(testing::TestKey(1)) +
                                 R"(","participant":"urn:epc:id:pgln:0614141.00001","publicKey":")" +
                                 Base64UrlEncode(ByteView(testing::TestKey(1))) + R"("})");
  auto revoke = EncodeKeyEntry(testing::RevokeKey(kFwo, 1, "compromised"));
  EXPECT_EQ(Canonical(*revoke), R"({"action":"revoke","keyId":")" + KeyIdOf(testing::TestKey(1)) +
                                    R"(","participant":"urn:epc:id:pgln:0614141.00001","reason":"compromised"})");
}

TEST(KeyEntryTest, DecodeIsStrict) {
  const json::object add = *EncodeKeyEntry(testing::AddKey(kFwo, 1));
  const json::object rotate = *EncodeKeyEntry(testing::RotateKey(kFwo, 2, 1));
  const json::object revoke = *EncodeKeyEntry(testing::RevokeKey(kFwo, 1));
  struct Case {
    const json::object* base;
    const char* member;
    std::function<void(json::object&)> mutate;
  };
  const std::vector<Case> cases = {
      {&add, "\"keyId\" is not the ID", [](json::object& o) { o["keyId"] = KeyIdOf(testing::TestKey(9)); }},
      {&add, "\"keyId\"", [](json::object& o) { o["keyId"] = "k1:ABCDEF0123456789"; }},
      {&add, "\"algorithm\"", [](json::object& o) { o["algorithm"] = "ecdsa"; }},
      {&add, "\"publicKey\"", [](json::object& o) { o["publicKey"] = "AAAA"; }},
      {&add, "\"publicKey\"", [](json::object& o) { o["publicKey"] = Base64Encode(ByteView(testing::TestKey(1))); }},
      {&add, "unknown member \"replaces\"", [](json::object& o) { o["replaces"] = KeyIdOf(testing::TestKey(3)); }},
      {&add, "unknown member \"reason\"", [](json::object& o) { o["reason"] = "x"; }},
      {&rotate, "missing member \"replaces\"", [](json::object& o) { o.erase("replaces"); }},
      {&rotate, "\"replaces\" must name another key", [](json::object& o) { o["replaces"] = o["keyId"]; }},
      {&revoke, "unknown member \"publicKey\"", [](json::object& o) { o["publicKey"] = Base64UrlEncode(ByteView(testing::TestKey(1))); }},
      {&revoke, "missing member \"reason\"", [](json::object& o) { o.erase("reason"); }},
      {&revoke, "\"reason\"", [](json::object& o) { o["reason"] = std::string(257, 'r'); }},
      {&revoke, "\"action\"", [](json::object& o) { o["action"] = "delete"; }},
  };
  for (const Case& c : cases) {
    json::object o = *c.base;
    c.mutate(o);
    auto r = DecodeKeyEntry(o);
    ASSERT_FALSE(r.ok()) << c.member;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.member), std::string::npos) << c.member << " / " << r.status().message();
  }
}

}  // namespace
}  // namespace orelog::registry
