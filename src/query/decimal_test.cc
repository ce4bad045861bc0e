#include "query/decimal.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "query/instant.h"

namespace orelog::query {
namespace {

Decimal D(std::string_view text) {
  auto d = ParseDecimal(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().ToString();
  return d.ok() ? *d : Decimal{};
}

int Cmp(std::string_view a, std::string_view b) { return CompareDecimal(D(a), D(b)); }

TEST(Decimal, CanonicalFormMakesEqualSpellingsEqual) {
  EXPECT_EQ(D("25000.50"), D("25000.5"));
  EXPECT_EQ(D("1e3"), D("1000"));
  EXPECT_EQ(D("1000.000"), D("1E+3"));
  EXPECT_EQ(D("0.00"), D("-0"));
  EXPECT_EQ(D("007.10"), D("7.1"));
  EXPECT_EQ(D("12.5e-1"), D("1.25"));
  EXPECT_EQ(ToString(D("25000.50")), "25000.5");
  EXPECT_EQ(ToString(D("-0.0012")), "-0.0012");
  EXPECT_EQ(ToString(D("3e2")), "300");
  EXPECT_EQ(ToString(D("-0")), "0");
}

TEST(Decimal, ComparesExactly) {
  EXPECT_LT(Cmp("0.1", "0.10000000000000001"), 0);  // equal as doubles
  EXPECT_GT(Cmp("9007199254740993", "9007199254740992"), 0);  // beyond 2^53
  EXPECT_EQ(Cmp("1.5", "1.50"), 0);
  EXPECT_LT(Cmp("1.2", "1.25"), 0);
  EXPECT_GT(Cmp("1.3", "1.25"), 0);
  EXPECT_LT(Cmp("99", "100"), 0);
  EXPECT_LT(Cmp("-100", "-99"), 0);
  EXPECT_LT(Cmp("-0.5", "0"), 0);
  EXPECT_GT(Cmp("0.001", "0"), 0);
  EXPECT_GT(Cmp("1e10", "9999999999"), 0);
  EXPECT_LT(Cmp("1e-10", "0.0000000002"), 0);
}

TEST(Decimal, RejectsNonNumbers) {
  for (std::string_view bad : {"", "-", "+1", ".5", "5.", "1e", "1e+", "0x10", "1,5", "1 ", "NaN", "inf", "1e99999",
                               "--1", "1.2.3"}) {
    EXPECT_FALSE(ParseDecimal(bad).ok()) << bad;
  }
  EXPECT_FALSE(ParseDecimal(std::string(kMaxDecimalText + 1, '1')).ok());
}

TEST(Decimal, JsonNumbersCompareByTheirShortestText) {
  auto v = boost::json::parse(R"([25000.50, 0.1, 500, 18446744073709551615, -3, "7", 1e21])").as_array();
  EXPECT_EQ(JsonDecimal(v[0]), D("25000.5"));
  EXPECT_EQ(JsonDecimal(v[1]), D("0.1"));
  EXPECT_EQ(JsonDecimal(v[2]), D("500"));
  EXPECT_EQ(JsonDecimal(v[3]), D("18446744073709551615"));
  EXPECT_EQ(JsonDecimal(v[4]), D("-3"));
  EXPECT_EQ(JsonDecimal(v[5]), std::nullopt);  // a string is not a number
  EXPECT_EQ(JsonDecimal(v[6]), D("1000000000000000000000"));
}

TEST(Instant, SameInstantInAnyOffset) {
  auto a = InstantMillis("2026-01-01T00:00:00+01:00");
  auto b = InstantMillis("2025-12-31T23:00:00.000Z");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*InstantMillis("1970-01-01T00:00:00.001Z"), 1);
  EXPECT_EQ(*InstantMillis("1969-12-31T23:59:59Z"), -1000);
  EXPECT_EQ(*InstantMillis("2024-01-01T00:00:00Z"), 1704067200000);
  EXPECT_FALSE(InstantMillis("2024-01-01T00:00:00").ok());  // no zone
  EXPECT_FALSE(InstantMillis("not-a-date").ok());
}

}  // namespace
}  // namespace orelog::query
