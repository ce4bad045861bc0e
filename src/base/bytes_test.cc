#include "base/bytes.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "testutil/status_matchers.h"

namespace orelog {
namespace {

using testing::StatusIs;

Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }

// ---- hex ----

TEST(Hex, EncodesLowercaseTwoDigitsPerByte) {
  EXPECT_EQ(HexEncode({}), "");
  EXPECT_EQ(HexEncode(Bytes{0x00, 0x01, 0x7f, 0x80, 0xab, 0xff}), "00017f80abff");
}

TEST(Hex, DecodesKnownVector) {
  Result<Bytes> b = HexDecode("00017f80abff");
  ASSERT_OK(b);
  EXPECT_EQ(*b, (Bytes{0x00, 0x01, 0x7f, 0x80, 0xab, 0xff}));
  ASSERT_OK(HexDecode(""));
  EXPECT_TRUE(HexDecode("")->empty());
}

TEST(Hex, RejectsOddLength) {
  EXPECT_TRUE(StatusIs(HexDecode("abc"), Code::kInvalidArgument, "odd length"));
  EXPECT_TRUE(StatusIs(HexDecode("0"), Code::kInvalidArgument, "odd length"));
}

TEST(Hex, RejectsNonHexCharactersNamingTheOffset) {
  EXPECT_TRUE(StatusIs(HexDecode("0g"), Code::kInvalidArgument, "offset 0"));
  EXPECT_TRUE(StatusIs(HexDecode("00 1"), Code::kInvalidArgument, "offset 2"));
  EXPECT_TRUE(StatusIs(HexDecode("abcdx0"), Code::kInvalidArgument, "offset 4"));
  EXPECT_TRUE(StatusIs(HexDecode("0x00"), Code::kInvalidArgument, "invalid hex digit"));
  EXPECT_TRUE(StatusIs(HexDecode(std::string("a\0", 2)), Code::kInvalidArgument, "invalid hex digit"));
  EXPECT_TRUE(StatusIs(HexDecode("-1"), Code::kInvalidArgument, "invalid hex digit"));
}

RC_GTEST_PROP(Hex, RoundTrips, (const std::vector<uint8_t>& data)) {
  std::string hex = HexEncode(data);
  RC_ASSERT(hex.size() == 2 * data.size());
  RC_ASSERT(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
  Result<Bytes> back = HexDecode(hex);
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == data);
}

// ---- base64 (RFC 4648 §4, padded, strict) ----

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},          {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(AsBytes(plain)), encoded);
    Result<Bytes> back = Base64Decode(encoded);
    ASSERT_OK(back);
    EXPECT_EQ(*back, B(plain)) << encoded;
  }
}

// Every 12-bit group (encoding looks up two characters at once) against a
// reference that takes the input six bits at a time.
TEST(Base64, EveryTwelveBitGroupMatchesASixBitReference) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  Bytes data;
  for (uint32_t x = 0; x < 4096; ++x) {  // x as the first and as the second group of a triple
    const uint32_t v = x << 12 | (4095 - x);
    data.push_back(static_cast<uint8_t>(v >> 16));
    data.push_back(static_cast<uint8_t>(v >> 8));
    data.push_back(static_cast<uint8_t>(v));
  }
  std::string expected;
  for (size_t bit = 0; bit < data.size() * 8; bit += 6) {
    uint32_t six = 0;
    for (size_t b = bit; b < bit + 6; ++b) six = six << 1 | ((data[b / 8] >> (7 - b % 8)) & 1);
    expected.push_back(kAlphabet[six]);
  }
  EXPECT_EQ(Base64Encode(data), expected);
  Result<Bytes> back = Base64Decode(expected);
  ASSERT_OK(back);
  EXPECT_EQ(*back, data);
}

TEST(Base64, EncodeToAppends) {
  std::string out = "x:";
  Base64EncodeTo(AsBytes(std::string_view("fo")), out);
  Base64EncodeTo(AsBytes(std::string_view("foobar")), out);
  EXPECT_EQ(out, "x:Zm8=Zm9vYmFy");
}

TEST(Base64, UsesStandardAlphabetNotUrlSafe) {
  EXPECT_EQ(Base64Encode(Bytes{0xfb, 0xff, 0xbf}), "+/+/");
  ASSERT_OK(Base64Decode("+/+/"));
  EXPECT_EQ(*Base64Decode("+/+/"), (Bytes{0xfb, 0xff, 0xbf}));
  EXPECT_TRUE(StatusIs(Base64Decode("-_-_"), Code::kInvalidArgument, "invalid base64 character at offset 0"));
}

TEST(Base64, RejectsLengthNotMultipleOfFour) {
  for (const char* bad : {"Z", "Zg", "Zg=", "Zm9vY", "Zm9vYg="}) {
    EXPECT_TRUE(StatusIs(Base64Decode(bad), Code::kInvalidArgument, "multiple of 4")) << bad;
  }
}

TEST(Base64, RejectsBadCharactersNamingTheOffset) {
  EXPECT_TRUE(StatusIs(Base64Decode("Zm9*"), Code::kInvalidArgument, "offset 3"));
  EXPECT_TRUE(StatusIs(Base64Decode("Zm 9"), Code::kInvalidArgument, "offset 2"));
  EXPECT_TRUE(StatusIs(Base64Decode("Zm9vZm9\n"), Code::kInvalidArgument, "offset 7"));
  EXPECT_TRUE(StatusIs(Base64Decode(std::string("Zm\0v", 4)), Code::kInvalidArgument, "offset 2"));
  EXPECT_TRUE(StatusIs(Base64Decode("Zm9v\xc3\xa9YQ"), Code::kInvalidArgument, "offset 4"));
}

TEST(Base64, RejectsMisplacedPadding) {
  for (const char* bad : {"====", "Z===", "=Zg=", "Zg==Zm9v", "Zm=vZm9v", "Zm9v====", "Z=g="}) {
    EXPECT_TRUE(StatusIs(Base64Decode(bad), Code::kInvalidArgument)) << bad;
  }
}

TEST(Base64, RejectsPaddingFollowedByData) {
  // '=' may only end the text; "Zg=A" once decoded to "f".
  for (const char* bad : {"Zg=A", "AA=A", "Zm9vZg=A"}) {
    EXPECT_TRUE(StatusIs(Base64Decode(bad), Code::kInvalidArgument)) << bad;
  }
}

TEST(Base64, RejectsNonZeroPaddingBits) {
  // "Zg==" is "f"; "Zh==" encodes the same byte with a non-zero dropped bit.
  EXPECT_TRUE(StatusIs(Base64Decode("Zh=="), Code::kInvalidArgument, "non-canonical"));
  EXPECT_TRUE(StatusIs(Base64Decode("Zv=="), Code::kInvalidArgument, "non-canonical"));
  // "Zm8=" is "fo"; "Zm9=" sets one of the two dropped bits.
  EXPECT_TRUE(StatusIs(Base64Decode("Zm9="), Code::kInvalidArgument, "non-canonical"));
  EXPECT_TRUE(StatusIs(Base64Decode("Zm9vZm9="), Code::kInvalidArgument, "non-canonical"));
}

RC_GTEST_PROP(Base64, RoundTrips, (const std::vector<uint8_t>& data)) {
  std::string text = Base64Encode(data);
  RC_ASSERT(text.size() == (data.size() + 2) / 3 * 4);
  Result<Bytes> back = Base64Decode(text);
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == data);
}

// Whatever Base64Decode accepts is canonical: re-encoding gives the input
// back. Exhaustive over every one-group text (and the same after a full
// group) from an alphabet rich in '=' and in characters with zero and
// non-zero low bits, so every padding corner case comes up.
TEST(Base64, AcceptsOnlyCanonicalText) {
  const std::string alphabet = "AQgwZm9v+/=";
  size_t accepted = 0;
  for (const std::string prefix : {"", "Zm9v"}) {
    for (char a : alphabet) for (char b : alphabet) for (char c : alphabet) for (char d : alphabet) {
      std::string text = prefix + std::string{a, b, c, d};
      Result<Bytes> decoded = Base64Decode(text);
      if (decoded.ok()) {
        ++accepted;
        EXPECT_EQ(Base64Encode(*decoded), text);
      } else {
        EXPECT_EQ(decoded.status().code(), Code::kInvalidArgument) << text;
      }
    }
  }
  // Every group of four non-'=' characters is valid: 10^4 of them per prefix.
  EXPECT_GE(accepted, 2u * 10000u);
}

// ---- ConstantTimeEqual ----

TEST(ConstantTimeEqual, EqualAndUnequal) {
  EXPECT_TRUE(ConstantTimeEqual({}, {}));
  EXPECT_TRUE(ConstantTimeEqual(AsBytes("secret"), AsBytes("secret")));
  EXPECT_FALSE(ConstantTimeEqual(AsBytes("secret"), AsBytes("secreT")));
  EXPECT_FALSE(ConstantTimeEqual(AsBytes("secret"), AsBytes("secre")));
  EXPECT_FALSE(ConstantTimeEqual(AsBytes(""), AsBytes("x")));
  // A prefix is not equal.
  EXPECT_FALSE(ConstantTimeEqual(AsBytes("abc"), AsBytes("abcd")));
}

TEST(ConstantTimeEqual, DetectsEveryBitAtEveryPosition) {
  Bytes a(33);
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<uint8_t>(i * 7);
  for (size_t i = 0; i < a.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes b = a;
      b[i] ^= static_cast<uint8_t>(1u << bit);
      EXPECT_FALSE(ConstantTimeEqual(a, b)) << "byte " << i << " bit " << bit;
    }
  }
  EXPECT_TRUE(ConstantTimeEqual(a, Bytes(a)));
}

}  // namespace
}  // namespace orelog
