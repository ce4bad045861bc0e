#include "epcis/strict_json.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <charconv>
#include <cmath>

#include <boost/json.hpp>

#include "epcis/vocabulary.h"

namespace orelog::epcis {
namespace {
namespace json = boost::json;

TEST(StrictJson, ParsesOrdinaryDocuments) {
  auto v = ParseStrictJson(R"({"a":[1,2.5,"x",true,null,{"b":-0.25}],"c":"\u00e9"})");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(json::serialize(*v), R"({"a":[1,2.5E0,"x",true,null,{"b":-2.5E-1}],"c":"é"})");
}

TEST(StrictJson, RefusesDuplicateMembersWithTheirPointer) {
  JsonError where;
  auto v = ParseStrictJson(R"({"epcisBody":{"eventList":[{"type":"ObjectEvent","type":"X"}]}})", &where);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("duplicate member \"type\""), std::string::npos);
  EXPECT_EQ(where.pointer, "/epcisBody/eventList/0/type");
}

TEST(StrictJson, RefusesInexactNumbersWithTheirPointer) {
  JsonError where;
  auto v = ParseStrictJson(R"({"quantityList":[{"quantity":0.10000000000000001}]})", &where);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(where.pointer, "/quantityList/0/quantity");
  EXPECT_FALSE(ParseStrictJson("9007199254740993").ok());   // 2^53 + 1
  EXPECT_FALSE(ParseStrictJson("-9007199254740993").ok());
  EXPECT_FALSE(ParseStrictJson("18446744073709551615").ok());
  EXPECT_TRUE(ParseStrictJson("12977000000000000").ok());  // beyond 2^53 but exactly a double
  EXPECT_FALSE(ParseStrictJson("1e400").ok());
  EXPECT_TRUE(ParseStrictJson("9007199254740992").ok());     // 2^53 exactly
}

TEST(StrictJson, KeepsTheClientsDecimal) {
  for (const char* text : {"12.50", "1250e-2", "0.125E2", "25000.50", "0.1", "3.3", "1e21", "123456789012345",
                           "0.000001", "-4.35", "99.99"}) {
    auto v = ParseStrictJson(text);
    ASSERT_TRUE(v.ok()) << text << ": " << v.status().ToString();
    ASSERT_TRUE(v->is_number());
    EXPECT_TRUE(IsExactDecimalOf(text, v->is_double() ? v->get_double() : v->to_number<double>())) << text;
  }
  EXPECT_EQ(FormatNumber(*ParseStrictJson("12.50")), "12.5");
  EXPECT_EQ(FormatNumber(*ParseStrictJson("1250e-2")), "12.5");
}

TEST(StrictJson, IsExactDecimalOfComparesValuesNotSpellings) {
  EXPECT_TRUE(IsExactDecimalOf("0.5", 0.5));
  EXPECT_TRUE(IsExactDecimalOf("5e-1", 0.5));
  EXPECT_TRUE(IsExactDecimalOf("0.50000", 0.5));
  EXPECT_TRUE(IsExactDecimalOf("-0", -0.0));
  EXPECT_TRUE(IsExactDecimalOf("0", 0.0));
  EXPECT_FALSE(IsExactDecimalOf("0.1000000000000000055511151231257827", 0.1));
  EXPECT_FALSE(IsExactDecimalOf("0.5", 0.25));
  EXPECT_FALSE(IsExactDecimalOf("-0.5", 0.5));
}

TEST(StrictJson, RefusesDepthBeyond64) {
  std::string ok(64, '['), deep(65, '[');
  ok += std::string(64, ']');
  deep += std::string(65, ']');
  EXPECT_TRUE(ParseStrictJson(ok).ok());
  auto v = ParseStrictJson(deep);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("deeper than 64"), std::string::npos);
}

TEST(StrictJson, RefusesMalformedText) {
  for (const char* text : {"", "{", "{\"a\":1,}", "[1,]", "{\"a\":1} x", "// c\n{}", "\"\xff\"", "{'a':1}", "NaN", "01"}) {
    JsonError where;
    EXPECT_FALSE(ParseStrictJson(text, &where).ok()) << text;
  }
}

// Any double printed in its shortest form reads back as itself, exactly.
RC_GTEST_PROP(StrictJsonProperties, ShortestFormsOfDoublesAreAccepted, (double d)) {
  RC_PRE(std::isfinite(d));
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  std::string text(buf, res.ptr);
  auto v = ParseStrictJson(text);
  RC_ASSERT(v.ok());
  RC_ASSERT(v->to_number<double>() == d);
}

// Seventeen significant digits are refused unless they are the shortest form.
RC_GTEST_PROP(StrictJsonProperties, LongDecimalsAreExactOrRefused, (uint64_t mantissa, int exp10)) {
  std::string text = "0." + std::to_string(mantissa % 100000000000000000ULL + 10000000000000000ULL) + "e" +
                     std::to_string(exp10 % 50);
  auto v = ParseStrictJson(text);
  if (v.ok()) RC_ASSERT(IsExactDecimalOf(text, v->to_number<double>()));
}

}  // namespace
}  // namespace orelog::epcis

