// The disclosure policy document: strict parsing, round trip, and that a
// parsed policy withholds what it says.
#include "epcis/policy_file.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "testutil/status_matchers.h"

namespace orelog::epcis {
namespace {

using orelog::testing::StatusIs;

TEST(PolicyFileTest, TheDefaultRoundTrips) {
  const DisclosurePolicy d = DefaultDisclosurePolicy();
  const std::string text = PolicyDocument(d);
  EXPECT_EQ(text, R"({"version":"1","withhold":["/bizTransactionList/*/bizTransaction","/{ext}","/ilmd/{ext}"],)"
                  R"("withholdEventId":true})");
  auto back = ParsePolicyDocument(text);
  ASSERT_OK(back);
  EXPECT_EQ(back->version, d.version);
  EXPECT_EQ(back->rules, d.rules);
  EXPECT_TRUE(back->withhold_event_id);
}

TEST(PolicyFileTest, AParsedPolicyWithholdsWhatItNames) {
  auto p = ParsePolicyDocument(R"({"version":"2","withhold":["/sourceList/*/source"],"withholdEventId":false})");
  ASSERT_OK(p);
  boost::json::object event = boost::json::parse(
      R"({"type":"ObjectEvent","eventID":"urn:uuid:1","action":"OBSERVE","eventTime":"2026-01-01T00:00:00Z",)"
      R"("eventTimeZoneOffset":"+00:00","sourceList":[{"type":"owning_party","source":"https://a.example"}],)"
      R"("ex:price":"12"})").as_object();
  auto pub = ApplyDisclosurePolicy(event, *p);
  ASSERT_OK(pub);
  const std::string text = boost::json::serialize(pub->event);
  EXPECT_EQ(text.find("https://a.example"), std::string::npos) << text;
  EXPECT_NE(text.find("urn:orelog:sd:"), std::string::npos) << text;
  EXPECT_NE(text.find("\"ex:price\":\"12\""), std::string::npos) << text;  // not named: stays public
  EXPECT_NE(text.find("urn:uuid:1"), std::string::npos) << text;           // withholdEventId false
  EXPECT_EQ(pub->disclosures.size(), 1u);
}

TEST(PolicyFileTest, RefusesWhatIsNotAPolicy) {
  const char* bad[] = {
      "[]",
      R"({"withhold":[]})",
      R"({"version":"0","withhold":[]})",
      R"({"version":"01","withhold":[]})",
      R"({"version":1,"withhold":[]})",
      R"({"version":"1"})",
      R"({"version":"1","withhold":["bizTransactionList"]})",
      R"({"version":"1","withhold":["/a//b"]})",
      R"({"version":"1","withhold":["/a~2"]})",
      R"({"version":"1","withhold":["/type"]})",
      R"({"version":"1","withhold":["/eventTime"]})",
      R"({"version":"1","withhold":["/{ext}","/{ext}"]})",
      R"({"version":"1","withhold":[7]})",
      R"({"version":"1","withhold":[],"withholdEventId":"yes"})",
      R"({"version":"1","withhold":[],"extra":true})",
      R"({"version":"1","version":"2","withhold":[]})",
  };
  for (const char* text : bad) EXPECT_TRUE(StatusIs(ParsePolicyDocument(text), Code::kInvalidArgument)) << text;
  auto empty = ParsePolicyDocument(R"({"version":"3","withhold":[]})");
  ASSERT_OK(empty);  // withholding nothing is a valid (if unwise) policy
  EXPECT_TRUE(empty->rules.empty());
}

}  // namespace
}  // namespace orelog::epcis
