// Signed-note structure, keys and OpenNote semantics, mostly the failures.
#include "tlog/note.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testutil/keys.h"

namespace orelog::tlog {
namespace {

using orelog::testing::SeedOf;

SignerKey Signer(const std::string& name, uint8_t seed) {
  auto k = SignerKey::FromSeed(name, SeedOf(seed));
  EXPECT_TRUE(k.ok());
  return *k;
}

std::string Sign(std::string_view text, const std::vector<const SignerKey*>& signers) {
  auto note = SignNote(text, signers);
  EXPECT_TRUE(note.ok()) << note.status().ToString();
  return note.ok() ? *note : "";
}

// Expects InvalidArgument whose message contains `needle`.
template <typename T>
void ExpectInvalid(const Result<T>& r, const std::string& needle) {
  ASSERT_FALSE(r.ok()) << "accepted; wanted an error containing \"" << needle << "\"";
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << r.status().ToString();
  EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().message();
}

TEST(KeyID, MatchesSpecExample) {
  auto key = ParseVerifierKey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(KeyID("example.com/foo", kAlgEd25519, key->key), 0x530d903au);
  // The type byte is part of the ID: the same key as a cosigner has another ID.
  EXPECT_NE(KeyID("example.com/foo", kAlgCosignatureV1, key->key), 0x530d903au);
}

TEST(VerifierKey, RejectsMalformed) {
  const std::string good = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
  ASSERT_TRUE(ParseVerifierKey(good).ok());
  ExpectInvalid(ParseVerifierKey("example.com/foo"), "want <name>+<id>+<key>");
  ExpectInvalid(ParseVerifierKey("+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"), "key name is empty");
  ExpectInvalid(ParseVerifierKey("example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
                "lowercase hex");
  ExpectInvalid(ParseVerifierKey("example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
                "8 hex digits");
  ExpectInvalid(ParseVerifierKey("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
                "does not match");
  ExpectInvalid(ParseVerifierKey("example.com/foo+530d903a+"), "key is empty");
  ExpectInvalid(ParseVerifierKey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k\n"),
                "base64");
  ExpectInvalid(ParseVerifierKey("exa mple+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"), "space");
  ExpectInvalid(ParseVerifierKey("exa\xe2\x80\x83mple+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
                "space");  // U+2003 EM SPACE
  ExpectInvalid(ParseVerifierKey("exa\x01mple+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
                "control character");
  ExpectInvalid(ParseVerifierKey("exa\xffmple+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
                "invalid UTF-8");
  // Type 0x02 (ECDSA) is not supported; the key ID is recomputed to match.
  SignerKey s = Signer("a", 1);
  VerifierKey v = s.Verifier();
  v.type = 0x02;
  v.id = KeyID(v.name, v.type, v.key);
  ExpectInvalid(ParseVerifierKey(v.ToString()), "unsupported key type 2");
}

TEST(VerifierKey, RoundTripsBothTypes) {
  for (uint8_t type : {kAlgEd25519, kAlgCosignatureV1}) {
    VerifierKey v = Signer("witness.example/w1", 7).Verifier();
    v.type = type;
    v.id = KeyID(v.name, type, v.key);
    auto back = ParseVerifierKey(v.ToString());
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->ToString(), v.ToString());
    EXPECT_EQ(back->type, type);
  }
}

TEST(SignerKey, ParseRejectsMalformed) {
  SignerKey s = Signer("example.com/log", 3);
  const std::string skey = s.ToString();
  ASSERT_TRUE(SignerKey::Parse(skey).ok());
  ExpectInvalid(SignerKey::Parse(skey.substr(1)), "PRIVATE+KEY+");
  ExpectInvalid(SignerKey::Parse("PRIVATE+KEY+example.com/log"), "want PRIVATE+KEY+");
  std::string wrong_id = skey;
  wrong_id[std::string("PRIVATE+KEY+example.com/log+").size()] ^= 1;
  EXPECT_FALSE(SignerKey::Parse(wrong_id).ok());
  // A verifier key is not a signer key, and a cosigner skey (type 0x04) is not
  // an Ed25519 note skey.
  ExpectInvalid(SignerKey::Parse(s.Verifier().ToString()), "PRIVATE+KEY+");
  std::string truncated = skey.substr(0, skey.size() - 4);
  ExpectInvalid(SignerKey::Parse(truncated), "want 33 bytes");
  ExpectInvalid(SignerKey::Generate("bad+name"), "'+'");
  ExpectInvalid(SignerKey::Generate(""), "empty");
}

TEST(SignerKey, GenerateRoundTrips) {
  auto s = SignerKey::Generate("example.com/fresh");
  ASSERT_TRUE(s.ok());
  auto back = SignerKey::Parse(s->ToString());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->Verifier().ToString(), s->Verifier().ToString());
  EXPECT_EQ(s->id(), KeyID(s->name(), kAlgEd25519, s->public_key()));
}

TEST(ParseNote, SplitsAtLastBlankLine) {
  SignerKey a = Signer("a.example", 1);
  std::string text = "first\n\nsecond paragraph\n";
  auto note = ParseNote(Sign(text, {&a}));
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_EQ(note->text, text);
  ASSERT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].name, "a.example");
  EXPECT_EQ(note->signatures[0].key_id, a.id());
  EXPECT_EQ(note->signatures[0].signature.size(), 64u);
}

TEST(ParseNote, RejectsMalformed) {
  SignerKey a = Signer("a.example", 1);
  const std::string good = Sign("hello\n", {&a});
  const std::string sig_line = good.substr(std::string("hello\n\n").size());
  ASSERT_TRUE(ParseNote(good).ok());

  ExpectInvalid(ParseNote(""), "does not end in a newline");
  ExpectInvalid(ParseNote(good.substr(0, good.size() - 1)), "does not end in a newline");
  ExpectInvalid(ParseNote("hello\n" + sig_line), "no blank line");
  ExpectInvalid(ParseNote("hello\n\n"), "no signature lines");
  ExpectInvalid(ParseNote("hel\x07lo\n\n" + sig_line), "control character 0x07 at byte 3");
  ExpectInvalid(ParseNote("hello\r\n\n" + sig_line), "control character 0x0d");
  ExpectInvalid(ParseNote("hel\xc3(lo\n\n" + sig_line), "invalid UTF-8 at byte 3");
  ExpectInvalid(ParseNote("\xed\xa0\x80\n\n" + sig_line), "invalid UTF-8");  // surrogate
  ExpectInvalid(ParseNote("\xc0\xaf\n\n" + sig_line), "invalid UTF-8");      // overlong '/'
  ExpectInvalid(ParseNote("hello\n\n- a.example AAAAAAA=\n"), "does not start with");
  ExpectInvalid(ParseNote("hello\n\n\xe2\x80\x94 a.example\n"), "want \"— <name> <signature>\"");
  ExpectInvalid(ParseNote("hello\n\n\xe2\x80\x94  AAAAAAA=\n"), "key name is empty");
  ExpectInvalid(ParseNote("hello\n\n\xe2\x80\x94 a+b AAAAAAA=\n"), "'+'");
  ExpectInvalid(ParseNote("hello\n\n\xe2\x80\x94 a.example AAAAAA==\n"), "want a 4-byte key ID");
  ExpectInvalid(ParseNote("hello\n\n\xe2\x80\x94 a.example AAAAAAA\n"), "base64");
  ExpectInvalid(ParseNote("hello\n\n\xe2\x80\x94 a.example AAAAAAA= \n"), "base64");
  ExpectInvalid(ParseNote("hello\n\n" + sig_line + "trailing\n"), "signature 2");
  // The second signature is where the error is.
  ExpectInvalid(ParseNote(good + "\xe2\x80\x94 b.example !!!!\n"), "signature 2");
}

TEST(ParseNote, Limits) {
  SignerKey a = Signer("a.example", 1);
  std::string note = Sign("hello\n", {&a});
  std::string line = note.substr(std::string("hello\n\n").size());
  std::string many = note;
  for (size_t i = 1; i < kMaxNoteSignatures; ++i) many += line;
  auto ok = ParseNote(many);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->signatures.size(), kMaxNoteSignatures);
  ExpectInvalid(ParseNote(many + line), "more than 100 signatures");

  std::string huge(kMaxNoteSize, 'a');
  huge.back() = '\n';
  ExpectInvalid(ParseNote(huge + "\n" + line), "limit");
}

TEST(SignNote, RejectsBadInput) {
  SignerKey a = Signer("a.example", 1);
  std::vector<const SignerKey*> one = {&a};
  ExpectInvalid(SignNote("", one), "empty");
  ExpectInvalid(SignNote("no newline", one), "does not end in a newline");
  ExpectInvalid(SignNote("tab\there\n", one), "control character 0x09");
  ExpectInvalid(SignNote("bad \xff\n", one), "invalid UTF-8");
  ExpectInvalid(SignNote("hello\n", {}), "no signers");
  std::vector<const SignerKey*> null = {nullptr};
  ExpectInvalid(SignNote("hello\n", null), "null signer");
}

TEST(SignNote, MultipleSignersInOrder) {
  SignerKey a = Signer("a.example", 1), b = Signer("b.example", 2);
  auto note = ParseNote(Sign("hello\n", {&a, &b}));
  ASSERT_TRUE(note.ok());
  ASSERT_EQ(note->signatures.size(), 2u);
  EXPECT_EQ(note->signatures[0].name, "a.example");
  EXPECT_EQ(note->signatures[1].name, "b.example");
}

TEST(OpenNote, Semantics) {
  SignerKey a = Signer("a.example", 1), b = Signer("b.example", 2), c = Signer("c.example", 3);
  const std::string note = Sign("hello\n", {&a, &b});
  VerifierKey va = a.Verifier(), vb = b.Verifier(), vc = c.Verifier();

  // Known + unknown: the unknown is listed, not verified.
  auto r = OpenNote(note, std::vector<VerifierKey>{va});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->verified.size(), 1u);
  EXPECT_EQ(r->unknown.size(), 1u);

  // No known key at all.
  r = OpenNote(note, std::vector<VerifierKey>{vc});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kVerificationFailed);
  r = OpenNote(note, std::vector<VerifierKey>{});
  EXPECT_EQ(r.status().code(), Code::kVerificationFailed);

  // Same name, different ID (or same ID, different name): unknown, ignored.
  VerifierKey same_name = vc;
  same_name.name = "a.example";
  same_name.id = KeyID(same_name.name, kAlgEd25519, same_name.key);
  r = OpenNote(note, std::vector<VerifierKey>{same_name, vb});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->verified.size(), 1u);

  // A known (name, ID) with a wrong key: the whole note is rejected, even
  // though another known key verifies.
  VerifierKey impostor = vc;
  impostor.name = va.name;
  impostor.id = va.id;
  r = OpenNote(note, std::vector<VerifierKey>{impostor, vb});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kVerificationFailed);
  EXPECT_NE(r.status().message().find("a.example+"), std::string::npos) << r.status().message();

  // A tampered text fails every known signature.
  std::string tampered = note;
  tampered[0] = 'j';
  r = OpenNote(tampered, std::vector<VerifierKey>{va, vb});
  EXPECT_EQ(r.status().code(), Code::kVerificationFailed);

  // Malformed notes are InvalidArgument, not VerificationFailed.
  r = OpenNote("garbage", std::vector<VerifierKey>{va});
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);

  // A signature of the wrong length from a known key rejects the note.
  NoteSignature short_sig{va.name, va.id, Bytes(10, 0)};
  r = OpenNote("hello\n\n" + FormatSignatureLine(short_sig), std::vector<VerifierKey>{va});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("want 64"), std::string::npos);
}

TEST(OpenNote, DuplicateSignaturesListedOnce) {
  SignerKey a = Signer("a.example", 1);
  const std::string note = Sign("hello\n", {&a, &a});
  auto r = OpenNote(note, std::vector<VerifierKey>{a.Verifier()});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->verified.size(), 1u);
}

TEST(SignatureLines, RoundTrip) {
  NoteSignature sig{"witness.example/w1", 0x01020304, Bytes{9, 8, 7, 6, 5}};
  std::string line = FormatSignatureLine(sig);
  EXPECT_EQ(line, "\xe2\x80\x94 witness.example/w1 AQIDBAkIBwYF\n");
  auto back = ParseSignatureLines(line + line);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[1].name, sig.name);
  EXPECT_EQ((*back)[1].key_id, sig.key_id);
  EXPECT_EQ((*back)[1].signature, sig.signature);
  ExpectInvalid(ParseSignatureLines(""), "no signature lines");
  ExpectInvalid(ParseSignatureLines(line.substr(0, line.size() - 1)), "does not end in a newline");
  ExpectInvalid(ParseSignatureLines(line + "\n"), "signature 2");
}

}  // namespace
}  // namespace orelog::tlog
