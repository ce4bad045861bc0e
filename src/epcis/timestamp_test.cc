#include "epcis/timestamp.h"

#include <gtest/gtest.h>

namespace orelog::epcis {
namespace {

std::string Ts(std::string_view v) {
  auto r = NormalizeTimestamp(v);
  EXPECT_TRUE(r.ok()) << v << ": " << r.status().ToString();
  return r.ok() ? *r : "";
}

TEST(Timestamp, UtcWithThreeDigits) {
  EXPECT_EQ(Ts("2020-03-04T11:00:30+01:00"), "2020-03-04T10:00:30.000Z");
  EXPECT_EQ(Ts("2023-03-27T11:30:00.0Z"), "2023-03-27T11:30:00.000Z");
  EXPECT_EQ(Ts("2005-04-03T20:33:31.116000-06:00"), "2005-04-04T02:33:31.116Z");
  EXPECT_EQ(Ts("2020-01-01T00:30:00+14:00"), "2019-12-31T10:30:00.000Z");
  EXPECT_EQ(Ts("2020-02-29T23:00:00-01:00"), "2020-03-01T00:00:00.000Z");
}

TEST(Timestamp, RoundsHalfUpOnTheFourthDigit) {
  EXPECT_EQ(Ts("2023-02-02T11:04:03.1415Z"), "2023-02-02T11:04:03.142Z");
  EXPECT_EQ(Ts("2023-02-02T11:04:03.1425Z"), "2023-02-02T11:04:03.143Z");  // reference: .142 (half-even)
  EXPECT_EQ(Ts("2023-02-02T11:04:03.1414999Z"), "2023-02-02T11:04:03.141Z");
  EXPECT_EQ(Ts("2023-02-12T11:04:03.1007Z"), "2023-02-12T11:04:03.101Z");
  // The carry ripples up to the year (the reference crashes here).
  EXPECT_EQ(Ts("2023-12-31T23:59:59.9995Z"), "2024-01-01T00:00:00.000Z");
}

TEST(Timestamp, RejectsInvalid) {
  for (const char* bad :
       {"2020-03-04T11:00:30", "2020-03-04 11:00:30Z", "2020-13-01T00:00:00Z", "2021-02-29T00:00:00Z",
        "2020-01-01T24:00:00Z", "2020-01-01T00:60:00Z", "2020-01-01T00:00:60Z", "2020-01-01T00:00:00.Z",
        "2020-01-01T00:00:00+15:00", "2020-01-01T00:00:00+01:60", "2020-01-01T00:00:00+0100",
        "2020-01-01T00:00:00z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59.9999Z", ""}) {
    auto r = NormalizeTimestamp(bad);
    EXPECT_FALSE(r.ok()) << bad << " -> " << (r.ok() ? *r : "");
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
      EXPECT_NE(r.status().message().find("timestamp"), std::string::npos);
    }
  }
}

TEST(Timestamp, TimeZoneOffsets) {
  EXPECT_TRUE(ValidateTimeZoneOffset("+01:00").ok());
  EXPECT_TRUE(ValidateTimeZoneOffset("-06:00").ok());
  EXPECT_TRUE(ValidateTimeZoneOffset("+14:00").ok());
  EXPECT_TRUE(ValidateTimeZoneOffset("-00:00").ok());
  for (const char* bad : {"Z", "+1:00", "+01", "+0100", "+14:01", "01:00", "+01:00 ", "+ab:cd"}) {
    Status st = ValidateTimeZoneOffset(bad);
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace orelog::epcis
