// SHA-256 (FIPS 180-4 examples) and Ed25519 (RFC 8032 §7.1 test vectors).
#include <gtest/gtest.h>

#include <string>

#include "base/bytes.h"
#include "base/ed25519.h"
#include "base/random.h"
#include "base/sha256.h"

namespace orelog {
namespace {

std::string HexOf(const Hash& h) { return HexEncode(ByteView(h)); }

template <size_t N>
std::array<uint8_t, N> FromHex(std::string_view hex) {
  std::array<uint8_t, N> out{};
  Result<Bytes> b = HexDecode(hex);
  EXPECT_TRUE(b.ok() && b->size() == N) << hex;
  if (b.ok() && b->size() == N) std::copy(b->begin(), b->end(), out.begin());
  return out;
}

TEST(Sha256, KnownDigests) {
  Sha256 sha;
  EXPECT_EQ(HexOf(sha.Digest({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexOf(sha.Digest(AsBytes("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexOf(sha.Digest(AsBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, StreamingEqualsOneShotAndObjectsAreReusable) {
  Sha256 sha;
  std::string million(1000000, 'a');
  sha.Begin();
  for (size_t off = 0; off < million.size(); off += 4096) {
    sha.Add(AsBytes(std::string_view(million).substr(off, 4096)));
  }
  EXPECT_EQ(HexOf(sha.Finish()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // The same object again, byte by byte.
  sha.Begin();
  for (char c : std::string("abc")) sha.Add(static_cast<uint8_t>(c));
  EXPECT_EQ(HexOf(sha.Finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexOf(sha.Digest(AsBytes("abc"))), HexOf(Sha256().Digest(AsBytes("abc"))));
}

struct Rfc8032Vector {
  const char* seed;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 §7.1, TEST 1-3.
const Rfc8032Vector kVectors[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
};

TEST(Ed25519, Rfc8032Vectors) {
  for (const Rfc8032Vector& v : kVectors) {
    ed25519::KeyPair pair = ed25519::KeyPair::FromSeed(FromHex<32>(v.seed));
    EXPECT_EQ(HexEncode(ByteView(pair.public_key())), v.public_key);
    Bytes msg = *HexDecode(v.message);
    ed25519::Signature sig = pair.Sign(msg);
    EXPECT_EQ(HexEncode(ByteView(sig)), v.signature);
    EXPECT_TRUE(ed25519::Verify(pair.public_key(), msg, sig));
  }
}

TEST(Ed25519, VerifyRejectsAnyChange) {
  ed25519::KeyPair pair = ed25519::KeyPair::FromSeed(FromHex<32>(kVectors[2].seed));
  Bytes msg = *HexDecode(kVectors[2].message);
  ed25519::Signature sig = pair.Sign(msg);
  for (size_t i = 0; i < sig.size(); ++i) {
    ed25519::Signature bad = sig;
    bad[i] ^= 0x01;
    EXPECT_FALSE(ed25519::Verify(pair.public_key(), msg, bad)) << "signature byte " << i;
  }
  Bytes other = msg;
  other[0] ^= 0x80;
  EXPECT_FALSE(ed25519::Verify(pair.public_key(), other, sig));
  ed25519::KeyPair stranger = ed25519::KeyPair::FromSeed(FromHex<32>(kVectors[0].seed));
  EXPECT_FALSE(ed25519::Verify(stranger.public_key(), msg, sig));
}

TEST(Ed25519, GeneratedKeysDifferAndWork) {
  ed25519::KeyPair a = ed25519::KeyPair::Generate(), b = ed25519::KeyPair::Generate();
  EXPECT_NE(a.public_key(), b.public_key());
  EXPECT_NE(a.seed(), b.seed());
  // The same seed gives the same key pair.
  EXPECT_EQ(ed25519::KeyPair::FromSeed(a.seed()).public_key(), a.public_key());
  ed25519::KeyPair copy = a;
  EXPECT_EQ(copy.public_key(), a.public_key());
  EXPECT_TRUE(ed25519::Verify(a.public_key(), AsBytes("m"), copy.Sign(AsBytes("m"))));
}

}  // namespace
}  // namespace orelog

namespace orelog {
namespace {

TEST(Random, UuidUrnsAreVersion4AndDistinct) {
  auto a = RandomUuidUrn();
  auto b = RandomUuidUrn();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  ASSERT_EQ(a->size(), 45u);
  EXPECT_EQ(a->substr(0, 9), "urn:uuid:");
  EXPECT_EQ((*a)[23], '4');
  EXPECT_NE(std::string("89ab").find((*a)[28]), std::string::npos);
}

TEST(Random, Base64UrlHasNoPaddingAndUrlAlphabet) {
  EXPECT_EQ(Base64UrlEncode(AsBytes(std::string_view(""))), "");
  EXPECT_EQ(Base64UrlEncode(AsBytes(std::string_view("f"))), "Zg");
  EXPECT_EQ(Base64UrlEncode(AsBytes(std::string_view("fo"))), "Zm8");
  EXPECT_EQ(Base64UrlEncode(AsBytes(std::string_view("foo"))), "Zm9v");
  const uint8_t raw[] = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(Base64UrlEncode(ByteView(raw, 3)), "-_-_");
  auto r = RandomBytes(32);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Base64UrlEncode(*r).size(), 43u);
}

}  // namespace
}  // namespace orelog
