// orelog verify-disclosure: runs the built binary on a leaf made with the
// default policy, with genuine and tampered disclosures.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <cstdio>
#include <string>

#include "epcis/disclosure.h"
#include "epcis/leaf.h"
#include "testutil/run_orelog.h"
#include "testutil/shared_data.h"

namespace {

using orelog::testing::RunOrelog;

class CliVerifyDisclosure : public ::testing::Test {
 protected:
  void SetUp() override {
    auto event = boost::json::parse(R"({"type":"ObjectEvent","eventTime":"2026-11-27T10:00:00.000Z",
      "eventTimeZoneOffset":"+05:00","action":"OBSERVE","bizStep":"shipping",
      "bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:0614141073467:PO-77"}],
      "ore:price_usd_t":"11850"})").as_object();
    auto pub = orelog::epcis::ApplyDisclosurePolicy(event, orelog::epcis::DefaultDisclosurePolicy());
    ASSERT_TRUE(pub.ok()) << pub.status().ToString();
    ASSERT_EQ(pub->disclosures.size(), 2u);
    disclosures_ = pub->disclosures;
    orelog::epcis::Envelope env;
    env.policy_version = orelog::epcis::DefaultDisclosurePolicy().version;
    env.public_id = "urn:uuid:6f1d1c64-1f0e-4c8a-9d7e-3c3b7f0e2a11";
    env.payload = pub->event;
    env.submitter = "pk-mine-operator";
    env.received_at = "2026-11-27T10:00:01.000Z";
    auto bytes = orelog::epcis::EncodeLeaf(env);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    leaf_ = (orelog::testing::MakeTempDir("cli-disclosure") / "leaf.json").string();
    FILE* f = std::fopen(leaf_.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(bytes->data(), 1, bytes->size(), f);
    std::fclose(f);
  }
  std::string leaf_;
  std::vector<std::string> disclosures_;
};

TEST_F(CliVerifyDisclosure, GenuineDisclosuresVerify) {
  std::string out;
  EXPECT_EQ(RunOrelog("verify-disclosure '" + leaf_ + "' " + disclosures_[0] + " " + disclosures_[1], &out), 0);
  EXPECT_NE(out.find("PO-77"), std::string::npos) << out;
  EXPECT_NE(out.find("11850"), std::string::npos) << out;
  std::string json;
  EXPECT_EQ(RunOrelog("verify-disclosure --json '" + leaf_ + "' " + disclosures_[1], &json), 0);
  boost::system::error_code ec;
  boost::json::parse(json, ec);
  EXPECT_FALSE(ec) << json;
}

TEST_F(CliVerifyDisclosure, ForgedOrMalformedDisclosuresFail) {
  // A disclosure of the same member with another value (fresh salt): its digest is not in the leaf.
  auto other = boost::json::parse(R"({"type":"ObjectEvent","eventTime":"2026-11-27T10:00:00.000Z",
      "eventTimeZoneOffset":"+05:00","action":"OBSERVE","ore:price_usd_t":"9000"})").as_object();
  auto forged = orelog::epcis::ApplyDisclosurePolicy(other, orelog::epcis::DefaultDisclosurePolicy());
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(RunOrelog("verify-disclosure '" + leaf_ + "' " + forged->disclosures[0]), 1);
  EXPECT_EQ(RunOrelog("verify-disclosure '" + leaf_ + "' not-base64!"), 2);
  EXPECT_EQ(RunOrelog("verify-disclosure '" + leaf_ + ".missing' " + disclosures_[0]), 3);
}

}  // namespace
