// orelog participant ...: runs the built binary on a fresh ledger.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "testutil/run_orelog.h"
#include "testutil/shared_data.h"

namespace {

namespace json = boost::json;

constexpr char kFwo[] = "urn:epc:id:pgln:0614141.00001";
// base64url of bytes 0..31 and of 1..32.
constexpr char kKey1[] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
constexpr char kKey2[] = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA";

using orelog::testing::RunOrelog;

class CliParticipant : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = orelog::testing::MakeTempDir("cli-participant");
    dir_ = (root_ / "ledger").string();
    ASSERT_EQ(RunOrelog("init --dir '" + dir_ + "' --origin example.com/cli-participant"), 0);
    file_ = (root_ / "p.json").string();
    std::ofstream(file_) << R"({"participant": "urn:epc:id:pgln:0614141.00001", "name": "FWO", "country": "PK",
      "roles": ["transporter"], "beneficialOwners": {"declared": true, "owners": [
      {"name": "Ayesha Example", "nationality": "PK", "level": "100", "control": "shares", "pep": false}]}})";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::string D() const { return " --dir '" + dir_ + "'"; }

  std::filesystem::path root_;
  std::string dir_, file_;
};

TEST_F(CliParticipant, RegisterKeysEraseAudit) {
  std::string out;
  ASSERT_EQ(RunOrelog("participant register --json --admin op" + D() + " --file '" + file_ + "'", &out), 0);
  json::value reg = json::parse(out);
  EXPECT_EQ(reg.at("index").as_int64(), 0);
  ASSERT_EQ(reg.at("commitments").as_array().size(), 1u);
  const std::string commitment(reg.at("commitments").as_array()[0].as_string());
  EXPECT_EQ(RunOrelog("participant register --admin op" + D() + " --file '" + file_ + "'"), 3);  // exists

  out.clear();
  ASSERT_EQ(RunOrelog("participant key add --json --admin op" + D() + " --id " + kFwo + " --public-key " + kKey1, &out), 0);
  const std::string k1(json::parse(out).at("keyId").as_string());
  out.clear();
  ASSERT_EQ(RunOrelog("participant key rotate --json --admin op" + D() + " --id " + kFwo + " --replaces " + k1 +
                    " --public-key " + kKey2, &out), 0);
  const std::string k2(json::parse(out).at("keyId").as_string());
  EXPECT_EQ(RunOrelog("participant key revoke --admin op" + D() + " --id " + kFwo + " --key " + k1 + " --reason x"), 3);
  EXPECT_EQ(RunOrelog("participant key add --admin op" + D() + " --id " + kFwo + " --public-key AAAA"), 2);

  out.clear();
  ASSERT_EQ(RunOrelog("participant list --json" + D(), &out), 0);
  json::value list = json::parse(out);
  ASSERT_EQ(list.as_array().size(), 1u);
  const json::array& keys = list.at(0).at("keys").as_array();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].at("state").as_string(), "revoked");
  EXPECT_EQ(keys[0].at("replacedBy").as_string(), k2);
  EXPECT_EQ(keys[1].at("state").as_string(), "active");
  EXPECT_EQ(out.find("Ayesha"), std::string::npos);  // public listing: commitments only

  out.clear();
  ASSERT_EQ(RunOrelog("participant owners" + D() + " --id " + kFwo, &out), 0);
  EXPECT_NE(out.find("Ayesha Example"), std::string::npos);
  ASSERT_EQ(RunOrelog("participant erase-owner --admin op" + D() + " --id " + kFwo + " --commitment " + commitment +
                " --reason 'request 7'"), 0);
  out.clear();
  ASSERT_EQ(RunOrelog("participant owners" + D() + " --id " + kFwo, &out), 0);
  EXPECT_EQ(out.find("Ayesha Example"), std::string::npos);
  EXPECT_NE(out.find("request 7"), std::string::npos);

  out.clear();
  EXPECT_EQ(RunOrelog("participant audit --json" + D(), &out), 0);
  EXPECT_TRUE(json::parse(out).at("agree").as_bool());
  EXPECT_EQ(RunOrelog("verify" + D()), 0);  // registry entries are ordinary log entries
}

}  // namespace
