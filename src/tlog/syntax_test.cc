#include "tlog/syntax.h"

#include <gtest/gtest.h>

namespace orelog::tlog::syntax {
namespace {

bool ValidUtf8(std::string_view s) {
  size_t pos = 0;
  char32_t cp;
  while (pos < s.size()) {
    if (!NextCodePoint(s, &pos, &cp)) return false;
  }
  return true;
}

TEST(Syntax, Utf8IsStrict) {
  EXPECT_TRUE(ValidUtf8(""));
  EXPECT_TRUE(ValidUtf8("ascii"));
  EXPECT_TRUE(ValidUtf8("\xe2\x80\x94"));          // U+2014
  EXPECT_TRUE(ValidUtf8("\xf4\x8f\xbf\xbf"));      // U+10FFFF
  EXPECT_TRUE(ValidUtf8("\xef\xbf\xbd"));          // U+FFFD itself
  EXPECT_FALSE(ValidUtf8("\x80"));                 // lone continuation
  EXPECT_FALSE(ValidUtf8("\xc0\x80"));             // overlong NUL
  EXPECT_FALSE(ValidUtf8("\xe0\x80\xaf"));         // overlong '/'
  EXPECT_FALSE(ValidUtf8("\xf0\x82\x82\xac"));     // overlong €
  EXPECT_FALSE(ValidUtf8("\xed\xa0\x80"));         // surrogate D800
  EXPECT_FALSE(ValidUtf8("\xf4\x90\x80\x80"));     // > U+10FFFF
  EXPECT_FALSE(ValidUtf8("\xe2\x80"));             // truncated
  EXPECT_FALSE(ValidUtf8("\xf8\x88\x80\x80\x80")); // 5-byte form
  EXPECT_FALSE(ValidUtf8("\xff"));
}

TEST(Syntax, UnicodeSpaces) {
  for (char32_t cp : {U'\t', U'\n', U'\v', U'\f', U'\r', U' ', U'\u0085', U'\u00a0', U'\u1680', U'\u2000',
                      U'\u200a', U'\u2028', U'\u2029', U'\u202f', U'\u205f', U'\u3000'}) {
    EXPECT_TRUE(IsUnicodeSpace(cp)) << static_cast<uint32_t>(cp);
  }
  for (char32_t cp : {U'a', U'+', U'\u200b', U'\u2014', U'\u180e', U'\ufeff'}) {
    EXPECT_FALSE(IsUnicodeSpace(cp)) << static_cast<uint32_t>(cp);
  }
}

TEST(Syntax, KeyNames) {
  EXPECT_TRUE(CheckKeyName("example.com/log42").ok());
  EXPECT_TRUE(CheckKeyName("ünïcødé").ok());
  EXPECT_FALSE(CheckKeyName("").ok());
  EXPECT_FALSE(CheckKeyName("a+b").ok());
  EXPECT_FALSE(CheckKeyName("a b").ok());
  EXPECT_FALSE(CheckKeyName("a\xc2\xa0" "b").ok());    // NBSP
  EXPECT_FALSE(CheckKeyName("a\xe3\x80\x80" "b").ok());  // ideographic space
  EXPECT_FALSE(CheckKeyName("a\x7f").ok());
  EXPECT_FALSE(CheckKeyName("a\xc2\x9f").ok());  // C1 control
  EXPECT_FALSE(CheckKeyName("a\xff").ok());
}

TEST(Syntax, Decimal) {
  EXPECT_EQ(*ParseDecimal("0", 10, "n"), 0u);
  EXPECT_EQ(*ParseDecimal("10", 10, "n"), 10u);
  EXPECT_FALSE(ParseDecimal("11", 10, "n").ok());
  EXPECT_FALSE(ParseDecimal("7", 5, "n").ok());
  EXPECT_EQ(*ParseDecimal("18446744073709551615", UINT64_MAX, "n"), UINT64_MAX);
  EXPECT_FALSE(ParseDecimal("18446744073709551616", UINT64_MAX, "n").ok());
  EXPECT_FALSE(ParseDecimal("", 10, "n").ok());
  EXPECT_FALSE(ParseDecimal("00", 10, "n").ok());
  EXPECT_FALSE(ParseDecimal("1a", 10, "n").ok());
  EXPECT_EQ(ParseDecimal("01", 10, "the size").status().message(), "the size: leading zero in \"01\"");
}

TEST(Syntax, Base64IsCanonical) {
  EXPECT_TRUE(ParseBase64("AA==", "b").ok());
  EXPECT_TRUE(ParseBase64("", "b").ok());
  EXPECT_FALSE(ParseBase64("AA=A", "b").ok());  // padding must end the text
  EXPECT_FALSE(ParseBase64("AB==", "b").ok());  // non-zero pad bits
  EXPECT_FALSE(ParseBase64("AA", "b").ok());
  EXPECT_FALSE(ParseBase64("AA==\n", "b").ok());
  EXPECT_FALSE(ParseBase64("A-_A", "b").ok());  // URL alphabet
}

TEST(Syntax, LineReader) {
  LineReader r("a\n\nb", "");
  EXPECT_EQ(*r.Next("x"), "a");
  EXPECT_EQ(*r.Next("x"), "");
  EXPECT_EQ(r.line_number(), 2u);
  auto last = r.Next("third");
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.status().message(), "line 3 (third) does not end in a newline");
  LineReader named("", "checkpoint");
  EXPECT_EQ(named.Next("origin").status().message(), "checkpoint line 1 (origin) is missing");
}

}  // namespace
}  // namespace orelog::tlog::syntax
