// orelog hash: runs the built binary on the RalphTro reference event.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "testutil/run_orelog.h"
#include "testutil/shared_data.h"

namespace {

struct CliResult {
  int code = -1;
  std::string out;
};

CliResult Orelog(const std::string& args) {
  CliResult r;
  r.code = orelog::testing::RunOrelog(args, &r.out);
  return r;
}

const std::string kVector =
    "ni:///sha-256;6ae96341e0acc6d7a261364751f60e68278a81cdf51da0abb6b4e617014e39d7?ver=CBV2.0";

std::string Example() {
  return (orelog::testing::SharedDir() /
          "conformance/epcis/RalphTro-epcis-event-hash-generator/tests/examples/ReferenceEventHashAlgorithm.jsonld")
      .string();
}

TEST(CliHash, PrintsPreHashAndHash) {
  CliResult r = Orelog("hash '" + Example() + "'");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("eventType=ObjectEventeventTime=2020-03-04T10:00:30.000Z"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(kVector + "\n"), std::string::npos) << r.out;
}

TEST(CliHash, Json) {
  CliResult r = Orelog("hash --json --python-order '" + Example() + "'");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("\"hash\": \"" + kVector + "\""), std::string::npos) << r.out;
}

TEST(CliHash, InvalidInputIsUsageError) {
  std::string dir = orelog::testing::MakeTempDir("cli-hash").string();
  std::string file = dir + "/bad.json";
  FILE* f = std::fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(R"({"type":"ObjectEvent","eventTime":"2025-01-01T00:00:00Z","epcList":["https://id.gs1.org/01/07654321123458"]})", f);
  std::fclose(f);
  EXPECT_EQ(Orelog("hash '" + file + "'").code, 2);
  EXPECT_EQ(Orelog("hash '" + dir + "/missing.json'").code, 3);
}

}  // namespace
