#include "epcis/canonical_json.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

namespace orelog::epcis {
namespace {

namespace json = boost::json;

std::string Canon(std::string_view text) {
  auto r = CanonicalizeText(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : "";
}

std::string Num(double d) {
  auto r = CanonicalNumber(json::value(d));
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : "";
}

// RFC 8785 §3.2.3: members sorted by UTF-16 code units (the emoji's high
// surrogate D83D sorts before U+FB33).
TEST(CanonicalJsonTest, Rfc8785SortingExample) {
  std::string in = R"({"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh",)"
                   R"("1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control",)"
                   R"("\u00f6":"Latin Small Letter O With Diaeresis"})";
  std::string want = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\","
                     "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\","
                     "\"\xE2\x82\xAC\":\"Euro Sign\",\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\","
                     "\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}";
  EXPECT_EQ(Canon(in), want);
}

// RFC 8785 §3.2.2 (numbers use exact doubles here: Boost.JSON 1.81's parser
// is not guaranteed correctly rounded, so the number array is built directly).
TEST(CanonicalJsonTest, Rfc8785StringAndLiteralExample) {
  std::string in = R"({"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]})";
  EXPECT_EQ(Canon(in), "{\"literals\":[null,true,false],\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  json::array numbers{333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001};
  auto r = CanonicalJson(numbers);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "[333333333.3333333,1e+30,4.5,0.002,1e-27]");
}

// RFC 8785 Appendix B and ECMAScript corner cases.
TEST(CanonicalJsonTest, NumberFormatting) {
  EXPECT_EQ(Num(0.0), "0");
  EXPECT_EQ(Num(-0.0), "0");
  EXPECT_EQ(Num(std::bit_cast<double>(uint64_t{1})), "5e-324");
  EXPECT_EQ(Num(std::bit_cast<double>(uint64_t{0x7fefffffffffffff})), "1.7976931348623157e+308");
  EXPECT_EQ(Num(9007199254740992.0), "9007199254740992");
  EXPECT_EQ(Num(295147905179352830000.0), "295147905179352830000");
  EXPECT_EQ(Num(1e21), "1e+21");
  EXPECT_EQ(Num(1e-7), "1e-7");
  EXPECT_EQ(Num(0.000001), "0.000001");
  EXPECT_EQ(Num(123e-20), "1.23e-18");
  EXPECT_EQ(Num(-452.0), "-452");
  EXPECT_EQ(Num(25000.5), "25000.5");
  EXPECT_EQ(*CanonicalNumber(json::value(int64_t{-42})), "-42");
  EXPECT_FALSE(CanonicalNumber(json::value(int64_t{9007199254740993})).ok());
  EXPECT_FALSE(CanonicalNumber(json::value(uint64_t{18446744073709551615u})).ok());
  EXPECT_FALSE(CanonicalNumber(json::value(std::nan(""))).ok());
  EXPECT_FALSE(CanonicalNumber(json::value(INFINITY)).ok());
}

TEST(CanonicalJsonTest, NumberTokensAreReadCorrectlyRounded) {
  // Found by fuzz.leaf: integer tokens beyond 2^64 and decimals with many
  // digits are doubles; Boost.JSON 1.81 converts them approximately, so the
  // canonical form did not canonicalise to itself.
  for (const char* text : {R"({"^u`\ud83d\ude00":333333333333333367135001})",
                           R"({"^u`\ud83d\ude00":333333333333367135001})",
                           "[0.1000000000000000055511151231257827,2.2250738585072011e-308,"
                           "9007199254740993.0000000001,1e-400,-1e-400]"}) {
    auto once = CanonicalizeText(text);
    ASSERT_TRUE(once.ok()) << text << ": " << once.status().ToString();
    auto twice = CanonicalizeText(*once);
    ASSERT_TRUE(twice.ok()) << *once;
    EXPECT_EQ(*twice, *once) << text;
  }
  // The halfway case 2^53 + 1 rounds to even (2^53), and a token one unit
  // in the last place above halfway rounds up.
  EXPECT_EQ(Canon("[9007199254740993.0]"), "[9007199254740992]");
  EXPECT_EQ(Canon("[9007199254740993.0000001]"), "[9007199254740994]");
  EXPECT_EQ(Canon("[1e-400]"), "[0]");
}

RC_GTEST_PROP(CanonicalJsonProperty, DecimalTokensParseToTheNearestDouble, (uint64_t bits, unsigned extra)) {
  // A token with more digits than needed must still land on `d`: print d's
  // exact shortest digits, then pad the mantissa with zeros and a far digit.
  double d = std::bit_cast<double>(bits);
  RC_PRE(std::isfinite(d) && d != 0);
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  size_t e = sci.find('e');
  std::string mantissa = sci.substr(0, e);
  if (mantissa.find('.') == std::string::npos) mantissa += '.';
  // A nudge 20+ digits further: below half an ULP even for subnormals, whose
  // ULP is a much larger fraction of the value than a normal double's.
  mantissa += std::string(20 + extra % 12, '0') + "1";
  std::string token = mantissa + sci.substr(e);
  auto parsed = ParseJson("[" + token + "]");
  RC_ASSERT(parsed.ok());
  const json::value& v = parsed->as_array().at(0);
  RC_ASSERT(v.is_double());
  RC_ASSERT(v.get_double() == d);
}

TEST(CanonicalJsonTest, EscapingAndWhitespace) {
  EXPECT_EQ(Canon(" [ \"a\\u0001\\u001f\\u007f\\t\\b\\f\" , {} , [ ] ] "),
            "[\"a\\u0001\\u001f\x7f\\t\\b\\f\",{},[]]");
  EXPECT_EQ(Canon(R"({"b":1,"a":{"d":true,"c":null}})"), R"({"a":{"c":null,"d":true},"b":1})");
}

TEST(CanonicalJsonTest, Rejects) {
  // Found by fuzz.leaf: the JCS form of a large double is an integer token,
  // which must canonicalise to itself.
  auto big = CanonicalizeText(R"({"EEEEE":16666666660166666.64})");
  ASSERT_TRUE(big.ok()) << big.status().ToString();
  auto again = CanonicalizeText(*big);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *big);
  EXPECT_FALSE(CanonicalizeText("{").ok());
  EXPECT_FALSE(CanonicalizeText("[1,]").ok());
  EXPECT_FALSE(CanonicalJson(json::value("\xC0\x80")).ok());          // overlong
  EXPECT_FALSE(CanonicalJson(json::value("\xED\xA0\x80")).ok());      // surrogate
  json::object bad_key;
  bad_key["\xFF"] = 1;
  EXPECT_FALSE(CanonicalJson(bad_key).ok());
  std::string deep(200, '[');
  deep += std::string(200, ']');
  EXPECT_FALSE(CanonicalizeText(deep).ok());
}

std::string RandomUtf8() {
  auto cps = *rc::gen::container<std::vector<uint32_t>>(rc::gen::oneOf(
      rc::gen::inRange<uint32_t>(0, 0x80), rc::gen::inRange<uint32_t>(0x80, 0xD800),
      rc::gen::inRange<uint32_t>(0xE000, 0x110000)));
  std::string s;
  for (uint32_t c : cps) {
    if (c < 0x80) {
      s.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      s.push_back(static_cast<char>(0xC0 | (c >> 6)));
      s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      s.push_back(static_cast<char>(0xE0 | (c >> 12)));
      s.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      s.push_back(static_cast<char>(0xF0 | (c >> 18)));
      s.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return s;
}

json::value RandomValue(int depth) {
  switch (*rc::gen::inRange(0, depth > 0 ? 7 : 5)) {
    case 0: return nullptr;
    case 1: return *rc::gen::arbitrary<bool>();
    case 2: return *rc::gen::inRange<int64_t>(-(int64_t{1} << 53), int64_t{1} << 53);
    // Dyadic fractions: exact in binary and short in decimal, so that the
    // re-parse does not depend on Boost.JSON's (not correctly rounded) parser.
    case 3: return static_cast<double>(*rc::gen::inRange(-1000000, 1000000)) / 64.0;
    case 4: return json::value(RandomUtf8());
    case 5: {
      json::array a;
      int n = *rc::gen::inRange(0, 4);
      for (int i = 0; i < n; ++i) a.push_back(RandomValue(depth - 1));
      return a;
    }
    default: {
      json::object o;
      int n = *rc::gen::inRange(0, 4);
      for (int i = 0; i < n; ++i) o[RandomUtf8()] = RandomValue(depth - 1);
      return o;
    }
  }
}

RC_GTEST_PROP(CanonicalJsonProperty, Idempotent, ()) {
  json::value v = RandomValue(3);
  auto once = CanonicalJson(v);
  RC_ASSERT(once.ok());
  auto twice = CanonicalizeText(*once);
  RC_ASSERT(twice.ok());
  RC_ASSERT(*twice == *once);
}

// UTF-16 code units of valid UTF-8, the slow obvious way (the oracle for
// the member order, which the implementation computes without converting).
std::u16string ToUtf16ForTest(std::string_view s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<uint8_t>(s[i]);
    size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t j = 1; j < len; ++j) cp = (cp << 6) | (static_cast<uint8_t>(s[i + j]) & 0x3F);
    if (cp >= 0x10000) {
      out.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += len;
  }
  return out;
}

RC_GTEST_PROP(CanonicalJsonProperty, MembersInUtf16Order, ()) {
  json::object o;
  const int n = *rc::gen::inRange(0, 12);
  for (int i = 0; i < n; ++i) {
    // Keys that share prefixes and mix U+E000..U+FFFF with supplementary
    // characters, where UTF-8 and UTF-16 orders differ.
    std::string key = *rc::gen::element<std::string>("", "a", "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x9f\x98\x80");
    key += RandomUtf8();
    o[key] = i;
  }
  auto text = CanonicalJson(o);
  RC_ASSERT(text.ok());
  auto back = ParseJson(*text);
  RC_ASSERT(back.ok());
  std::u16string previous;
  bool first = true;
  for (const json::key_value_pair& kv : back->as_object()) {
    std::u16string key = ToUtf16ForTest(kv.key());
    RC_ASSERT(first || previous < key);
    previous = std::move(key);
    first = false;
  }
}

RC_GTEST_PROP(CanonicalJsonProperty, DoublesRoundTripExactly, (uint64_t bits)) {
  double d = std::bit_cast<double>(bits);
  RC_PRE(std::isfinite(d));
  auto s = CanonicalNumber(json::value(d));
  RC_ASSERT(s.ok());
  double back = 0;
  auto res = std::from_chars(s->data(), s->data() + s->size(), back);
  RC_ASSERT(res.ec == std::errc());
  RC_ASSERT(res.ptr == s->data() + s->size());
  RC_ASSERT(back == d);
}

}  // namespace
}  // namespace orelog::epcis
