#include "epcis/leaf.h"

#include <cmath>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "epcis/canonical_json.h"

namespace orelog::epcis {
namespace {

namespace json = boost::json;

Envelope Sample() {
  Envelope e;
  e.policy_version = "1";
  e.public_id = "urn:uuid:6f1c1b53-8a7e-4c5e-9a53-0c3a2f1e9b10";
  e.submitter = "urn:epc:id:pgln:9521141.00000";
  e.received_at = "2026-11-28T01:02:03.456Z";
  auto parsed = ParseJson(R"({"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-11-27T10:00:00Z",
    "eventTimeZoneOffset":"+00:00","quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877",
    "quantity":2500.5,"uom":"KGM"}],"ex:count":12,"ex:a/b~c":[1,"1"]})");
  e.payload = parsed->get_object();
  return e;
}

TEST(LeafTest, EncodesCanonicallyWithoutNumberTokens) {
  auto bytes = EncodeLeaf(Sample());
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(bytes->find("2500.5,"), std::string::npos);
  EXPECT_NE(bytes->find("\"quantity\":\"2500.5\""), std::string::npos);
  EXPECT_NE(bytes->find(R"("payloadNumbers":["/ex:a~1b~0c/0","/ex:count","/quantityList/0/quantity"])"),
            std::string::npos);
  EXPECT_TRUE(bytes->starts_with("{\"payload\":"));
  EXPECT_TRUE(bytes->ends_with(",\"type\":\"event\",\"version\":\"1\"}"));
  auto again = CanonicalizeText(*bytes);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *bytes);
}

TEST(LeafTest, RoundTrip) {
  Envelope e = Sample();
  e.batch_signature = BatchSignature{"org-1", "key-1", "AAAAAAAAAAAAAAAAAAAAAA", "3", "8",
                                     {"abc_-", "xyz"}, "c2lnbmF0dXJl"};
  auto bytes = EncodeLeaf(e);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto back = DecodeLeaf(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->batch_signature, e.batch_signature);
  EXPECT_EQ(back->public_id, e.public_id);
  EXPECT_EQ(back->payload.at("quantityList").at(0).at("quantity").as_double(), 2500.5);
  EXPECT_EQ(back->payload.at("ex:count").as_int64(), 12);
  EXPECT_EQ(back->payload.at("ex:a/b~c").at(1).as_string(), "1");  // strings stay strings
  auto again = EncodeLeaf(*back);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *bytes);
}

// A decoded payload lives in the memory resource given (its strings too), and
// is the same envelope as one decoded into the default resource.
TEST(LeafTest, DecodeIntoAGivenResource) {
  auto bytes = EncodeLeaf(Sample());
  ASSERT_TRUE(bytes.ok());
  json::monotonic_resource arena;
  json::storage_ptr sp(&arena);
  auto in_arena = DecodeLeaf(*bytes, sp);
  auto plain = DecodeLeaf(*bytes);
  ASSERT_TRUE(in_arena.ok() && plain.ok());
  EXPECT_TRUE(*in_arena->payload.storage() == *sp);
  EXPECT_TRUE(*in_arena->payload.at("quantityList").storage() == *sp);
  EXPECT_FALSE(*plain->payload.storage() == *sp);
  EXPECT_EQ(*in_arena, *plain);
  auto again = EncodeLeaf(*in_arena);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *bytes);
  auto parsed = ParseJson(R"({"a":["x",1.5]})", sp);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(*parsed->storage() == *sp);
  EXPECT_EQ(json::serialize(*parsed), R"({"a":["x",1.5E0]})");
}

std::string Encoded() { return *EncodeLeaf(Sample()); }

void ExpectRejected(std::string bytes, const char* why) {
  auto r = DecodeLeaf(bytes);
  EXPECT_FALSE(r.ok()) << why << ": " << bytes;
}

std::string Replace(std::string s, std::string_view from, std::string_view to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(LeafTest, DecodeIsStrict) {
  std::string good = Encoded();
  ASSERT_TRUE(DecodeLeaf(good).ok());
  ExpectRejected(Replace(good, "\"version\":\"1\"", "\"version\":\"2\""), "version");
  ExpectRejected(Replace(good, "\"type\":\"event\"", "\"type\":\"eventx\""), "type");
  ExpectRejected(Replace(good, "\"type\":\"event\"", "\"type\":\"Event\""), "type case");
  ExpectRejected(Replace(good, "\"policyVersion\":\"1\"", "\"policyVersion\":1"), "number token");
  ExpectRejected(Replace(good, "\"policyVersion\":\"1\"", "\"policyVersion\":\"01\""), "decimal");
  ExpectRejected(Replace(good, "\"quantity\":\"2500.5\"", "\"quantity\":\"2500.50\""), "number form");
  ExpectRejected(Replace(good, "\"ex:count\":\"12\"", "\"ex:count\":true"), "pointer target");
  auto unlisted = DecodeLeaf(Replace(good, "\"/ex:count\",", ""));  // a string, not a number
  ASSERT_TRUE(unlisted.ok());
  EXPECT_EQ(unlisted->payload.at("ex:count").as_string(), "12");
  ExpectRejected(Replace(good, "{\"payload\":", "{\"extra\":\"x\",\"payload\":"), "unknown member");
  ExpectRejected(Replace(good, "\"receivedAt\":\"2026-11-28T01:02:03.456Z\"",
                         "\"receivedAt\":\"2026-11-28T01:02:03Z\""), "receivedAt");
  ExpectRejected(Replace(good, "\"submitter\":\"urn:epc:id:pgln:9521141.00000\",", ""), "missing");
  ExpectRejected(" " + good, "whitespace");
  ExpectRejected(Replace(good, "{\"payload\":", "{\"payload\" :"), "whitespace inside");
  ExpectRejected("[]", "not an object");
  ExpectRejected("", "empty");
}

// A pointer removed from payloadNumbers leaves its string as a string: the
// entry is valid but means something else, so Decode must accept it; what
// must not happen is silent acceptance of a dangling pointer.
TEST(LeafTest, DanglingOrUnsortedPointersRejected) {
  std::string good = Encoded();
  ExpectRejected(Replace(good, "\"/ex:count\"", "\"/ex:nothere\""), "dangling");
  ExpectRejected(Replace(good, "[\"/ex:a~1b~0c/0\",\"/ex:count\"", "[\"/ex:count\",\"/ex:a~1b~0c/0\""),
                 "unsorted");
  ExpectRejected(Replace(good, "\"/ex:a~1b~0c/0\"", "\"/ex:a~1b~0c/00\""), "leading zero index");
  ExpectRejected(Replace(good, "\"/ex:a~1b~0c/0\"", "\"/ex:a~2b~0c/0\""), "bad escape");
}

// Integer-valued doubles beyond 2^53 print without '.' or 'e'; they must
// come back as the same double (found by the round-trip property).
TEST(LeafTest, LargeAndTinyNumbersRoundTrip) {
  Envelope e = Sample();
  e.payload["ex:n"] = json::array{1.79623e16, 1e21, 5e-324, -0.0, int64_t{1} << 53, 0.1};
  auto bytes = EncodeLeaf(e);
  ASSERT_TRUE(bytes.ok());
  EXPECT_NE(bytes->find(R"(["17962300000000000","1e+21","5e-324","0","9007199254740992","0.1"])"),
            std::string::npos) << *bytes;
  auto back = DecodeLeaf(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->payload.at("ex:n").at(0).as_double(), 1.79623e16);
  EXPECT_EQ(back->payload.at("ex:n").at(4).as_int64(), int64_t{1} << 53);
  EXPECT_EQ(*EncodeLeaf(*back), *bytes);
  ExpectRejected(Replace(*bytes, "\"9007199254740992\"", "\"9007199254740993\""), "inexact");
  ExpectRejected(Replace(*bytes, "\"0.1\"", "\"inf\""), "inf");
}

TEST(LeafTest, SizeLimit) {
  Envelope e = Sample();
  e.payload["ex:blob"] = std::string(kMaxLeafBytes, 'x');
  EXPECT_FALSE(EncodeLeaf(e).ok());
  e.payload["ex:blob"] = std::string(kMaxLeafBytes - 600, 'x');
  auto ok = EncodeLeaf(e);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_LE(ok->size(), kMaxLeafBytes);
  EXPECT_FALSE(DecodeLeaf(std::string(kMaxLeafBytes + 1, ' ')).ok());
}

TEST(LeafTest, EncodeRejectsBadEnvelopes) {
  Envelope e = Sample();
  e.payload["ex:big"] = uint64_t{1} << 60;
  EXPECT_FALSE(EncodeLeaf(e).ok());
  e = Sample();
  e.public_id.clear();
  EXPECT_FALSE(EncodeLeaf(e).ok());
  e = Sample();
  e.type = "contract-note";  // not a type version 1 defines
  EXPECT_FALSE(EncodeLeaf(e).ok());
  e = Sample();
  e.received_at = "2026-13-28T01:02:03.456Z";
  EXPECT_FALSE(EncodeLeaf(e).ok());
}

TEST(LeafTest, RegistryEntryTypesRoundTrip) {
  for (std::string_view type : {kEntryTypeParticipant, kEntryTypeKey, kEntryTypeAgreementRelease}) {
    Envelope e = Sample();
    e.type = std::string(type);
    e.policy_version = "0";
    auto bytes = EncodeLeaf(e);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    auto back = DecodeLeaf(*bytes);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->type, type);
    ExpectRejected(Replace(*bytes, std::string("\"type\":\"") + std::string(type) + "\"", "\"type\":\"contract-note\""),
                   "unknown type");
  }
}

json::value RandomPayloadValue(int depth) {
  switch (*rc::gen::inRange(0, depth > 0 ? 7 : 5)) {
    case 0: return nullptr;
    case 1: return *rc::gen::arbitrary<bool>();
    case 2: return *rc::gen::inRange<int64_t>(-(int64_t{1} << 53), int64_t{1} << 53);
    case 3: {
      double d = *rc::gen::arbitrary<double>();
      RC_PRE(std::isfinite(d));
      return d;
    }
    case 4: return json::value(*rc::gen::element<std::string>("", "1", "2500.5", "a/b", "~0", "x"));
    case 5: {
      json::array a;
      int n = *rc::gen::inRange(0, 4);
      for (int i = 0; i < n; ++i) a.push_back(RandomPayloadValue(depth - 1));
      return a;
    }
    default: {
      json::object o;
      int n = *rc::gen::inRange(0, 4);
      for (int i = 0; i < n; ++i) {
        o[*rc::gen::element<std::string>("quantity", "a/b", "~", "ex:x", "0", "", "\xC3\xB6")] =
            RandomPayloadValue(depth - 1);
      }
      return o;
    }
  }
}

// Any payload (numbers of every kind, awkward member names) survives
// Encode → Decode → Encode byte for byte, with numbers exactly preserved.
RC_GTEST_PROP(LeafProperty, RoundTripsByteForByte, ()) {
  Envelope e = Sample();
  json::value extra = RandomPayloadValue(3);
  e.payload["ex:random"] = extra;
  auto bytes = EncodeLeaf(e);
  RC_ASSERT(bytes.ok());
  auto back = DecodeLeaf(*bytes);
  RC_ASSERT(back.ok());
  auto again = EncodeLeaf(*back);
  RC_ASSERT(again.ok());
  RC_ASSERT(*again == *bytes);
  RC_ASSERT(*CanonicalJson(back->payload.at("ex:random")) == *CanonicalJson(extra));
}

}  // namespace
}  // namespace orelog::epcis
