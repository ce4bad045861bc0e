#include "tlog/cosignature.h"

#include <gtest/gtest.h>

#include <vector>

#include "tlog/checkpoint.h"

#include "testutil/keys.h"

namespace orelog::tlog {
namespace {

using orelog::testing::SeedOf;

const std::string kBody =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

TEST(Cosignature, MessageMatchesSpecExample) {
  EXPECT_EQ(CosignatureMessage(kBody, 1679315147),
            "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
}

TEST(Cosignature, SignVerifyAndOpenWithLogKey) {
  auto log = SignerKey::FromSeed("example.com/behind-the-sofa", SeedOf(1));
  auto witness = CosignerKey::FromSeed("witness.example.com/w1", SeedOf(2));
  ASSERT_TRUE(log.ok() && witness.ok());
  EXPECT_EQ(witness->Verifier().type, kAlgCosignatureV1);
  EXPECT_EQ(witness->id(), KeyID(witness->name(), kAlgCosignatureV1, witness->Verifier().key));

  const SignerKey* signers[] = {&*log};
  auto note = SignNote(kBody, signers);
  ASSERT_TRUE(note.ok());
  auto cosig = witness->Cosign(kBody, 1679315147);
  ASSERT_TRUE(cosig.ok()) << cosig.status().ToString();
  EXPECT_EQ(cosig->signature.size(), kCosignatureSize);
  EXPECT_EQ(*CosignatureTimestamp(*cosig), 1679315147u);
  std::string cosigned = *note + FormatSignatureLine(*cosig);

  std::vector<VerifierKey> both = {log->Verifier(), witness->Verifier()};
  auto opened = OpenNote(cosigned, both);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->verified.size(), 2u);

  // The witness key alone also opens it; the log's signature is unknown.
  opened = OpenNote(cosigned, std::vector<VerifierKey>{witness->Verifier()});
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->unknown.size(), 1u);

  // A changed timestamp breaks the signature.
  Cosignature c = *DecodeCosignature(*cosig);
  c.timestamp += 1;
  std::string forged = *note + FormatSignatureLine(EncodeCosignature(c));
  opened = OpenNote(forged, both);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), Code::kVerificationFailed);
  EXPECT_NE(opened.status().message().find("witness.example.com/w1"), std::string::npos);
}

TEST(Cosignature, KeyTextRoundTrip) {
  auto w = CosignerKey::FromSeed("witness.example/w", SeedOf(9));
  ASSERT_TRUE(w.ok());
  auto back = CosignerKey::Parse(w->ToString());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->Verifier().ToString(), w->Verifier().ToString());
  auto vkey = ParseVerifierKey(w->Verifier().ToString());
  ASSERT_TRUE(vkey.ok());
  EXPECT_EQ(vkey->type, kAlgCosignatureV1);
  // A note key is not a cosigner key and vice versa.
  auto note_key = SignerKey::FromSeed("witness.example/w", SeedOf(9));
  EXPECT_FALSE(CosignerKey::Parse(note_key->ToString()).ok());
  EXPECT_FALSE(SignerKey::Parse(w->ToString()).ok());
  EXPECT_TRUE(CosignerKey::Generate("w").ok());
  EXPECT_FALSE(CosignerKey::Generate("w w").ok());
}

TEST(Cosignature, RejectsBadInput) {
  auto w = CosignerKey::FromSeed("w.example", SeedOf(3));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->Cosign("not a checkpoint\n", 1).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(w->Cosign(kBody, uint64_t{1} << 63).status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(w->Cosign(kBody, (uint64_t{1} << 63) - 1).ok());

  NoteSignature short_sig{"w.example", w->id(), Bytes(71, 0)};
  auto d = DecodeCosignature(short_sig);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("71 bytes, want 72"), std::string::npos);
  NoteSignature big_ts{"w.example", w->id(), Bytes(72, 0)};
  big_ts.signature[0] = 0x80;
  EXPECT_FALSE(CosignatureTimestamp(big_ts).ok());

  // A type-0x04 key over a text that is not a checkpoint: known key, fails.
  auto sig = w->Cosign(kBody, 5);
  ASSERT_TRUE(sig.ok());
  auto opened = OpenNote("hello\n\n" + FormatSignatureLine(*sig), std::vector<VerifierKey>{w->Verifier()});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), Code::kVerificationFailed);
  EXPECT_NE(opened.status().message().find("not a checkpoint"), std::string::npos);

  // Verifying with an Ed25519 (0x01) key is refused.
  VerifierKey wrong = w->Verifier();
  wrong.type = kAlgEd25519;
  EXPECT_EQ(VerifyCosignature(wrong, kBody, *sig).code(), Code::kVerificationFailed);
}

}  // namespace
}  // namespace orelog::tlog
