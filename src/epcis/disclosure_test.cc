#include "epcis/disclosure.h"

#include <cmath>
#include <map>
#include <set>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "epcis/canonical_json.h"
#include "epcis/leaf.h"

namespace orelog::epcis {
namespace {

namespace json = boost::json;

json::object Event() {
  auto v = ParseJson(R"({
    "type": "ObjectEvent", "action": "ADD",
    "eventID": "ni:///sha-256;4f1e0a8c2b7d9e6f3a5c1b0d2e4f6a8b9c7d5e3f1a2b4c6d8e0f1a3b5c7d9e1f?ver=CBV2.0",
    "eventTime": "2026-11-27T10:00:00.000Z", "eventTimeZoneOffset": "+01:00",
    "epcList": ["urn:epc:id:sgtin:4012345.011111.1001"],
    "bizStep": "shipping",
    "bizTransactionList": [
      {"type": "po", "bizTransaction": "urn:epc:id:gdti:4012345.00001.PO-SECRET-7741"},
      {"type": "inv", "bizTransaction": "urn:epc:id:gdti:4012345.00001.INV-SECRET-0042"}],
    "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:4012345.00000"}],
    "ilmd": {"cbvmda:lotNumber": "LOT-1", "ex:contract": "CONTRACT-SECRET-99", "plain": "kept"},
    "ex:pricePerTonne": {"currency": "USD", "amount": 18250.75},
    "ex:buyer": "BUYER-SECRET-ACME"
  })");
  return v->get_object();
}

std::string Bytes(const json::object& o) { return *CanonicalJson(o); }

TEST(DisclosureTest, DefaultPolicyHidesWithheldValues) {
  auto pf = ApplyDisclosurePolicy(Event(), DefaultDisclosurePolicy());
  ASSERT_TRUE(pf.ok()) << pf.status().ToString();
  std::string pub = Bytes(pf->event);
  for (const char* secret : {"PO-SECRET", "INV-SECRET", "CONTRACT-SECRET", "BUYER-SECRET", "18250",
                             "pricePerTonne", "ex:buyer", "ex:contract", "lotNumber", "4f1e0a8c"}) {
    EXPECT_EQ(pub.find(secret), std::string::npos) << secret << " leaked: " << pub;
  }
  // Kept: standard members, the source (not in the default policy), plain ILMD.
  EXPECT_NE(pub.find("urn:epc:id:pgln:4012345.00000"), std::string::npos);
  EXPECT_NE(pub.find("\"plain\":\"kept\""), std::string::npos);
  EXPECT_NE(pub.find("\"type\":\"po\""), std::string::npos);
  // 2 placeholders + 2 top-level extensions + 2 ILMD extensions + eventID.
  EXPECT_EQ(pf->disclosures.size(), 7u);
  EXPECT_FALSE(pf->event.contains("eventID"));
  EXPECT_EQ(pf->event.at("orelog:sd").as_array().size(), 3u);
  EXPECT_EQ(pf->event.at("ilmd").at("orelog:sd").as_array().size(), 2u);
  const json::value& bt = pf->event.at("bizTransactionList").at(0).at("bizTransaction");
  EXPECT_TRUE(bt.as_string().starts_with("urn:orelog:sd:")) << bt;
  EXPECT_EQ(bt.as_string().size(), std::string_view("urn:orelog:sd:").size() + 43);
  // Digest lists are sorted.
  const json::array& list = pf->event.at("orelog:sd").as_array();
  EXPECT_TRUE(std::is_sorted(list.begin(), list.end(), [](const json::value& a, const json::value& b) {
    return a.as_string() < b.as_string();
  }));
}

TEST(DisclosureTest, EveryDisclosureVerifies) {
  auto pf = ApplyDisclosurePolicy(Event(), DefaultDisclosurePolicy());
  ASSERT_TRUE(pf.ok());
  std::set<std::string> names;
  for (const std::string& d : pf->disclosures) {
    EXPECT_TRUE(VerifyDisclosure(pf->event, d).ok()) << d;
    auto decoded = DecodeDisclosure(d);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->salt.size(), 22u);  // 128 bits
    names.insert(decoded->name);
  }
  EXPECT_EQ(names, (std::set<std::string>{"bizTransaction", "eventID", "ex:buyer", "ex:contract",
                                          "ex:pricePerTonne", "cbvmda:lotNumber"}));
  // The disclosed value is the original one, numbers included.
  for (const std::string& d : pf->disclosures) {
    auto decoded = DecodeDisclosure(d);
    if (decoded->name == "ex:pricePerTonne") {
      EXPECT_EQ(decoded->value.at("amount").as_double(), 18250.75);
    }
  }
}

std::string Reencode(const Disclosed& d) {
  json::array a{json::value(d.salt), json::value(d.name), d.value};
  std::string text = *CanonicalJson(a);
  // base64url without padding, written independently of disclosure.cc.
  static constexpr char k[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : text) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(k[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(k[(acc << (6 - bits)) & 63]);
  return out;
}

TEST(DisclosureTest, TamperedDisclosuresFail) {
  auto pf = ApplyDisclosurePolicy(Event(), DefaultDisclosurePolicy());
  ASSERT_TRUE(pf.ok());
  for (const std::string& d : pf->disclosures) {
    auto decoded = DecodeDisclosure(d);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(Reencode(*decoded), d);  // the test encoder matches
    Disclosed value = *decoded;
    value.value = "forged";
    EXPECT_EQ(VerifyDisclosure(pf->event, Reencode(value)).code(), Code::kVerificationFailed);
    Disclosed salt = *decoded;
    salt.salt[0] = salt.salt[0] == 'A' ? 'B' : 'A';
    EXPECT_EQ(VerifyDisclosure(pf->event, Reencode(salt)).code(), Code::kVerificationFailed);
    Disclosed name = *decoded;
    name.name = "ex:other";
    EXPECT_EQ(VerifyDisclosure(pf->event, Reencode(name)).code(), Code::kVerificationFailed);
    std::string flipped = d;
    flipped[5] = flipped[5] == 'x' ? 'y' : 'x';
    EXPECT_FALSE(VerifyDisclosure(pf->event, flipped).ok());
  }
  EXPECT_EQ(VerifyDisclosure(pf->event, "not base64!").code(), Code::kInvalidArgument);
  EXPECT_EQ(VerifyDisclosure(pf->event, "").code(), Code::kInvalidArgument);
}

TEST(DisclosureTest, DisclosuresDoNotVerifyAgainstAnotherPublicForm) {
  auto pf = ApplyDisclosurePolicy(Event(), DefaultDisclosurePolicy());
  ASSERT_TRUE(pf.ok());
  json::object other = Event();
  other.erase("ex:buyer");
  auto pf2 = ApplyDisclosurePolicy(other, DefaultDisclosurePolicy());
  ASSERT_TRUE(pf2.ok());
  for (const std::string& d : pf->disclosures) {
    EXPECT_EQ(VerifyDisclosure(pf2->event, d).code(), Code::kVerificationFailed);
  }
}

TEST(DisclosureTest, SameValueGetsDifferentDigests) {
  auto a = ApplyDisclosurePolicy(Event(), DefaultDisclosurePolicy());
  auto b = ApplyDisclosurePolicy(Event(), DefaultDisclosurePolicy());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(Bytes(a->event), Bytes(b->event));
  std::set<std::string> digests;
  for (const auto* pf : {&*a, &*b}) {
    for (const std::string& d : pf->disclosures) digests.insert(DisclosureDigest(d));
  }
  EXPECT_EQ(digests.size(), a->disclosures.size() + b->disclosures.size());
}

TEST(DisclosureTest, MakeDisclosureIsFreshlySaltedAndDecodes) {
  json::value value = json::object{{"name", "A. Person"}, {"level", "25.00"}};
  auto a = MakeDisclosure("beneficialOwner", value);
  auto b = MakeDisclosure("beneficialOwner", value);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_NE(DisclosureDigest(*a), DisclosureDigest(*b));
  for (const std::string* d : {&*a, &*b}) {
    auto decoded = DecodeDisclosure(*d);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(decoded->name, "beneficialOwner");
    EXPECT_EQ(decoded->value, value);
    EXPECT_EQ(decoded->salt.size(), 22u);  // 128 bits of base64url
  }
  EXPECT_FALSE(MakeDisclosure("x", json::value(std::nan(""))).ok());
}

TEST(DisclosureTest, NothingWithheldKeepsEventId) {
  json::object e = Event();
  for (const char* m : {"bizTransactionList", "ilmd", "ex:pricePerTonne", "ex:buyer"}) e.erase(m);
  auto pf = ApplyDisclosurePolicy(e, DefaultDisclosurePolicy());
  ASSERT_TRUE(pf.ok());
  EXPECT_TRUE(pf->disclosures.empty());
  EXPECT_EQ(Bytes(pf->event), Bytes(e));
}

// The public form goes into a leaf; disclosures verify against the payload
// decoded from the leaf bytes, and no withheld value is in those bytes.
TEST(DisclosureTest, PublicFormThroughLeaf) {
  auto pf = ApplyDisclosurePolicy(Event(), DefaultDisclosurePolicy());
  ASSERT_TRUE(pf.ok());
  Envelope e;
  e.policy_version = DefaultDisclosurePolicy().version;
  e.public_id = "urn:uuid:0b7e1c9a-2f4d-4e8b-9c1a-5d6e7f8a9b0c";
  e.submitter = "urn:epc:id:pgln:4012345.00000";
  e.received_at = "2026-11-28T01:02:03.456Z";
  e.payload = pf->event;
  auto bytes = EncodeLeaf(e);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  for (const char* secret : {"SECRET", "18250", "4f1e0a8c"}) {
    EXPECT_EQ(bytes->find(secret), std::string::npos) << secret;
  }
  auto back = DecodeLeaf(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  for (const std::string& d : pf->disclosures) EXPECT_TRUE(VerifyDisclosure(back->payload, d).ok());
}

TEST(DisclosureTest, PolicyErrors) {
  DisclosurePolicy p = DefaultDisclosurePolicy();
  p.rules = {"/action"};
  EXPECT_FALSE(ApplyDisclosurePolicy(Event(), p).ok());
  p.rules = {"bizStep"};
  EXPECT_FALSE(ApplyDisclosurePolicy(Event(), p).ok());
  p.rules = {"/bizTransactionList/*"};
  EXPECT_FALSE(ApplyDisclosurePolicy(Event(), p).ok());
  p.rules = {"/bizStep"};
  auto ok = ApplyDisclosurePolicy(Event(), p);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(ok->event.contains("bizStep"));
  // Events that already carry our markers are refused.
  json::object e = Event();
  e["ex:buyer"] = "urn:orelog:sd:abc";
  EXPECT_FALSE(ApplyDisclosurePolicy(e, DefaultDisclosurePolicy()).ok());
  e = Event();
  e["orelog:sd"] = json::array{};
  EXPECT_FALSE(ApplyDisclosurePolicy(e, DefaultDisclosurePolicy()).ok());
}

// Random extension members (top level and ILMD) and business transactions:
// no withheld value appears in the public form, every disclosure verifies
// and gives back exactly the withheld member.
RC_GTEST_PROP(DisclosureProperty, WithheldValuesHiddenAndRecoverable, ()) {
  json::object event = Event();
  std::map<std::string, std::string> withheld;  // member name → canonical value
  const int n = *rc::gen::inRange(0, 6);
  for (int i = 0; i < n; ++i) {
    std::string token = "SECRET" + std::to_string(*rc::gen::inRange(100000, 999999)) + "x";
    json::value value;
    switch (*rc::gen::inRange(0, 3)) {
      case 0: value = token; break;
      case 1: value = json::object{{"ex:inner", token}, {"n", *rc::gen::inRange(-5000, 5000)}}; break;
      default: value = json::array{token, true, nullptr}; break;
    }
    std::string name = "ex:m" + std::to_string(i);
    json::object& target = *rc::gen::arbitrary<bool>() ? event : event["ilmd"].as_object();
    target[name] = value;
    withheld[name] = *CanonicalJson(value);
  }
  auto pf = ApplyDisclosurePolicy(event, DefaultDisclosurePolicy());
  RC_ASSERT(pf.ok());
  std::string pub = Bytes(pf->event);
  RC_ASSERT(pub.find("SECRET") == std::string::npos);
  size_t matched = 0;
  for (const std::string& d : pf->disclosures) {
    RC_ASSERT(VerifyDisclosure(pf->event, d).ok());
    auto decoded = DecodeDisclosure(d);
    RC_ASSERT(decoded.ok());
    if (auto it = withheld.find(decoded->name); it != withheld.end()) {
      RC_ASSERT(*CanonicalJson(decoded->value) == it->second);
      ++matched;
    }
  }
  RC_ASSERT(matched == withheld.size());
}

}  // namespace
}  // namespace orelog::epcis
