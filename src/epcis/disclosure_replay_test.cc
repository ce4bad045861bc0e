// ReapplyDisclosurePolicy: re-deriving a client's public form from its
// disclosures (docs/participants.md §4) gives exactly the policy's form, and
// any disclosure that does not fit is refused.
#include <algorithm>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "epcis/canonical_json.h"
#include "epcis/disclosure.h"

namespace orelog::epcis {
namespace {

namespace json = boost::json;

json::object Event() {
  auto v = ParseJson(R"({
    "type": "ObjectEvent", "action": "ADD", "eventID": "urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427",
    "eventTime": "2026-11-27T10:00:00.000Z", "eventTimeZoneOffset": "+01:00",
    "epcList": ["urn:epc:id:sgtin:4012345.011111.1001"],
    "bizTransactionList": [
      {"type": "po", "bizTransaction": "urn:epc:id:gdti:4012345.00001.SAME"},
      {"type": "inv", "bizTransaction": "urn:epc:id:gdti:4012345.00001.SAME"}],
    "ilmd": {"ex:contract": "C-99", "plain": "kept"},
    "ex:price": {"currency": "USD", "amount": 18250.75},
    "ex:buyer": "ACME"
  })");
  return v->get_object();
}

std::string Jcs(const json::object& o) { return *CanonicalJson(o); }

TEST(DisclosureReplay, GivesThePolicysPublicForm) {
  auto made = ApplyDisclosurePolicy(Event(), DefaultDisclosurePolicy());
  ASSERT_TRUE(made.ok());
  auto again = ReapplyDisclosurePolicy(Event(), DefaultDisclosurePolicy(), made->disclosures);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(Jcs(again->event), Jcs(made->event));
  EXPECT_EQ(again->disclosures, made->disclosures);
}

TEST(DisclosureReplay, MemberOrderOfTheEventDoesNotMatter) {
  auto made = ApplyDisclosurePolicy(Event(), DefaultDisclosurePolicy());
  ASSERT_TRUE(made.ok());
  json::object reversed;
  std::vector<std::pair<std::string, json::value>> members;
  for (const auto& kv : Event()) members.emplace_back(kv.key(), kv.value());
  std::reverse(members.begin(), members.end());
  for (auto& [k, v] : members) reversed[k] = v;
  auto again = ReapplyDisclosurePolicy(reversed, DefaultDisclosurePolicy(), made->disclosures);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(Jcs(again->event), Jcs(made->event));
}

TEST(DisclosureReplay, RefusesWhatDoesNotFit) {
  auto made = ApplyDisclosurePolicy(Event(), DefaultDisclosurePolicy());
  ASSERT_TRUE(made.ok());
  std::vector<std::string> d = made->disclosures;
  // One missing: a member the policy withholds has no disclosure.
  std::vector<std::string> missing(d.begin() + 1, d.end());
  EXPECT_EQ(ReapplyDisclosurePolicy(Event(), DefaultDisclosurePolicy(), missing).status().code(),
            Code::kInvalidArgument);
  // One left over.
  std::vector<std::string> extra = d;
  extra.push_back(*MakeDisclosure("ex:other", json::value("x")));
  auto st = ReapplyDisclosurePolicy(Event(), DefaultDisclosurePolicy(), extra).status();
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_NE(st.message().find("ex:other"), std::string::npos) << st.message();
  // One for another value of the same member.
  json::object changed = Event();
  changed["ex:buyer"] = "SOMEONE ELSE";
  EXPECT_EQ(ReapplyDisclosurePolicy(changed, DefaultDisclosurePolicy(), d).status().code(), Code::kInvalidArgument);
  // Malformed.
  std::vector<std::string> bad = d;
  bad[0].push_back('A');
  EXPECT_EQ(ReapplyDisclosurePolicy(Event(), DefaultDisclosurePolicy(), bad).status().code(), Code::kInvalidArgument);
}

TEST(DisclosureReplay, NothingWithheldNeedsNoDisclosure) {
  json::object e = Event();
  e.erase("bizTransactionList");
  e.erase("ilmd");
  e.erase("ex:price");
  e.erase("ex:buyer");
  auto again = ReapplyDisclosurePolicy(e, DefaultDisclosurePolicy(), {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Jcs(again->event), Jcs(e));
}

RC_GTEST_PROP(DisclosureReplayProperty, ReapplyingWhatApplyMadeIsIdentity, ()) {
  json::object e = Event();
  const int extensions = *rc::gen::inRange(0, 6);
  for (int i = 0; i < extensions; ++i) {
    // Equal values under different names, and values of several kinds.
    const auto value = *rc::gen::oneOf(rc::gen::just(json::value("same")), rc::gen::just(json::value(42)),
                                       rc::gen::just(json::value(json::array{1, "a"})));
    e["ex:m" + std::to_string(i)] = value;
  }
  auto made = ApplyDisclosurePolicy(e, DefaultDisclosurePolicy());
  RC_ASSERT(made.ok());
  auto again = ReapplyDisclosurePolicy(e, DefaultDisclosurePolicy(), made->disclosures);
  RC_ASSERT(again.ok());
  RC_ASSERT(Jcs(again->event) == Jcs(made->event));
  RC_ASSERT(again->disclosures == made->disclosures);
}

}  // namespace
}  // namespace orelog::epcis
