// Conformance: every vector of shared/conformance/merkle/extracted/
// signed-note-vectors.json (Go sumdb/note, C2SP example, transparency-dev
// formats, Tessera key, Sunlight cosignature/v1, checkpoint goldens).
#include <gtest/gtest.h>

#include <cstring>
#include <set>

#include "base/sha256.h"
#include "tlog/checkpoint.h"
#include "tlog/cosignature.h"
#include "tlog/note.h"
#include "tlog/test_json.h"

namespace orelog::tlog {
namespace {

using testing::LoadJson;
using testing::Str;
using testing::VectorById;

boost::json::value Vectors() {
  return LoadJson(testing::MerkleData() / "extracted" / "signed-note-vectors.json");
}

TEST(NoteVectors, PeterNeumannSignOpen) {
  auto doc = Vectors();
  const auto& v = VectorById(doc, "sumdb-note-peterneumann");
  auto signer = SignerKey::Parse(Str(v, "skey"));
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  EXPECT_EQ(signer->Verifier().ToString(), Str(v, "vkey"));
  EXPECT_EQ(signer->ToString(), Str(v, "skey"));

  // Ed25519 is deterministic: signing reproduces the golden byte for byte.
  const SignerKey* signers[] = {&*signer};
  auto signed_note = SignNote(Str(v, "text"), signers);
  ASSERT_TRUE(signed_note.ok()) << signed_note.status().ToString();
  EXPECT_EQ(*signed_note, Str(v, "signedNote"));

  auto peter = ParseVerifierKey(Str(v, "vkey"));
  auto enoch = ParseVerifierKey(Str(v, "vkeyOther"));
  ASSERT_TRUE(peter.ok() && enoch.ok());
  EXPECT_EQ(enoch->ToString(), Str(v, "vkeyOther"));

  auto opened = OpenNote(Str(v, "signedNote"), std::span(&*peter, 1));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->text, Str(v, "text"));
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].name, "PeterNeumann");

  // Both signature lines verify; with one key the other is "unknown".
  std::string both = Str(v, "signedNote") + Str(v, "extraSignatureLine");
  VerifierKey keys[] = {*peter, *enoch};
  opened = OpenNote(both, keys);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->verified.size(), 2u);
  EXPECT_TRUE(opened->unknown.empty());
  opened = OpenNote(both, std::span(&*enoch, 1));
  ASSERT_TRUE(opened.ok());
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].name, "EnochRoot");
  ASSERT_EQ(opened->unknown.size(), 1u);
  EXPECT_EQ(opened->unknown[0].name, "PeterNeumann");
}

TEST(NoteVectors, BadVerifierKeysRejected) {
  auto doc = Vectors();
  const auto& bad = VectorById(doc, "sumdb-note-bad-vkeys");
  size_t rejected = 0;
  for (const auto& k : bad.at("vkeys").as_array()) {
    EXPECT_FALSE(ParseVerifierKey(std::string(k.as_string())).ok()) << k;
    ++rejected;
  }
  EXPECT_EQ(rejected, 2u);

  const std::string good = Str(VectorById(doc, "sumdb-note-peterneumann"), "vkey");
  ASSERT_TRUE(ParseVerifierKey(good).ok());
  // Every proper substring (including the empty one)...
  size_t substrings = 0;
  EXPECT_FALSE(ParseVerifierKey("").ok());
  ++substrings;
  for (size_t i = 0; i < good.size(); ++i) {
    for (size_t j = i + 1; j <= good.size(); ++j) {
      if (i == 0 && j == good.size()) continue;
      EXPECT_FALSE(ParseVerifierKey(good.substr(i, j - i)).ok()) << good.substr(i, j - i);
      ++substrings;
    }
  }
  EXPECT_EQ(substrings, good.size() * (good.size() + 1) / 2);  // all but the whole, plus ""
  // ...and every single-byte increment.
  size_t mangled = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    std::string m = good;
    ++m[i];
    EXPECT_FALSE(ParseVerifierKey(m).ok()) << m;
    ++mangled;
  }
  EXPECT_EQ(mangled, 66u);
  EXPECT_EQ(good.size(), 66u);
}

TEST(NoteVectors, C2spExample) {
  auto doc = Vectors();
  const auto& v = VectorById(doc, "c2sp-signed-note-example");
  auto key = ParseVerifierKey(Str(v, "vkey"));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->id, 0x530d903au);
  EXPECT_EQ(key->type, kAlgEd25519);
  auto opened = OpenNote(Str(v, "signedNote"), std::span(&*key, 1));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->text, Str(v, "text"));
  EXPECT_EQ(opened->verified.size(), 1u);
}

TEST(NoteVectors, KeyPairsDeriveTheirVerifiers) {
  auto doc = Vectors();
  size_t pairs = 0;
  for (const char* id : {"formats-logandmap-keypair", "tessera-testdata-log-key", "sumdb-note-peterneumann"}) {
    const auto& v = VectorById(doc, id);
    auto signer = SignerKey::Parse(Str(v, "skey"));
    ASSERT_TRUE(signer.ok()) << id << ": " << signer.status().ToString();
    EXPECT_EQ(signer->Verifier().ToString(), Str(v, "vkey")) << id;
    EXPECT_EQ(signer->ToString(), Str(v, "skey")) << id;
    auto vkey = ParseVerifierKey(Str(v, "vkey"));
    ASSERT_TRUE(vkey.ok()) << id;
    EXPECT_EQ(vkey->id, KeyID(vkey->name, kAlgEd25519, vkey->key)) << id;
    ++pairs;
  }
  EXPECT_EQ(pairs, 3u);
  auto logandmap = ParseVerifierKey(Str(VectorById(doc, "formats-logandmap-keypair"), "vkey"));
  ASSERT_TRUE(logandmap.ok());
  EXPECT_EQ(logandmap->id, 0x38581672u);
}

TEST(NoteVectors, TesseraExampleCheckpoint) {
  auto doc = Vectors();
  const auto& v = VectorById(doc, "tessera-testdata-log-key");
  auto signer = SignerKey::Parse(Str(v, "skey"));
  auto vkey = ParseVerifierKey(Str(v, "vkey"));
  ASSERT_TRUE(signer.ok() && vkey.ok());
  EXPECT_EQ(vkey->id, 0x33d7b496u);
  const std::string note = Str(v, "exampleCheckpoint");
  auto opened = OpenNote(note, std::span(&*vkey, 1));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto cp = ParseCheckpoint(opened->text);
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(cp->origin, "example.com/log/testdata");
  EXPECT_EQ(cp->size, 15u);
  EXPECT_EQ(cp->Marshal(), opened->text);
  const SignerKey* signers[] = {&*signer};
  auto resigned = SignNote(cp->Marshal(), signers);
  ASSERT_TRUE(resigned.ok());
  EXPECT_EQ(*resigned, note);
}

// Sunlight's witness test data: cosignature/v1 lines with seeds derived as
// SHA-256("skylight test witness key") (and "... witness2 key").
TEST(NoteVectors, CosignatureV1) {
  auto doc = Vectors();
  struct Case {
    const char* id;
    const char* seed_text;
    size_t unknown;  // other signature lines (a type-0x05 log signature)
  };
  size_t checked = 0;
  for (const Case& c : {Case{"sunlight-cosignature-v1-witness.example.org", "skylight test witness key", 1},
                        Case{"sunlight-cosignature-v1-witness2.example.org", "skylight test witness2 key", 0}}) {
    SCOPED_TRACE(c.id);
    const auto& v = VectorById(doc, c.id);
    const uint64_t ts = v.at("timestamp").to_number<uint64_t>();
    auto vkey = ParseVerifierKey(Str(v, "vkey"));
    ASSERT_TRUE(vkey.ok()) << vkey.status().ToString();
    EXPECT_EQ(vkey->type, kAlgCosignatureV1);
    EXPECT_EQ(vkey->ToString(), Str(v, "vkey"));

    // The signed message, spelled out in the vector.
    const std::string note = Str(v, "checkpoint");
    auto parsed = ParseNote(note);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(CosignatureMessage(parsed->text, ts), Str(v, "signedMessage"));
    auto sigs = ParseSignatureLines(Str(v, "cosignatureLine") + "\n");
    ASSERT_TRUE(sigs.ok()) << sigs.status().ToString();
    ASSERT_EQ(sigs->size(), 1u);
    auto cosig = DecodeCosignature((*sigs)[0]);
    ASSERT_TRUE(cosig.ok());
    EXPECT_EQ(cosig->timestamp, ts);
    EXPECT_EQ(*CosignatureTimestamp((*sigs)[0]), ts);
    EXPECT_TRUE(ed25519::Verify(vkey->key, AsBytes(Str(v, "signedMessage")), cosig->sig));
    EXPECT_TRUE(VerifyCosignature(*vkey, parsed->text, (*sigs)[0]).ok());

    // OpenNote with the witness key: the cosignature verifies, the log's
    // RFC 6962 (type 0x05) signature is ignored as unknown.
    auto opened = OpenNote(note, std::span(&*vkey, 1));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(opened->verified.size(), 1u);
    EXPECT_EQ(opened->unknown.size(), c.unknown);

    // Re-cosigning with the derived key reproduces the line exactly.
    Sha256 sha;
    Hash seed_hash = sha.Digest(AsBytes(c.seed_text));
    ed25519::Seed seed;
    std::memcpy(seed.data(), seed_hash.data(), seed.size());
    auto cosigner = CosignerKey::FromSeed(vkey->name, seed);
    ASSERT_TRUE(cosigner.ok());
    EXPECT_EQ(cosigner->Verifier().ToString(), Str(v, "vkey"));
    auto line = cosigner->Cosign(parsed->text, ts);
    ASSERT_TRUE(line.ok()) << line.status().ToString();
    EXPECT_EQ(FormatSignatureLine(*line), Str(v, "cosignatureLine") + "\n");
    ++checked;
  }
  EXPECT_EQ(checked, 2u);
}

TEST(NoteVectors, CheckpointBodyGoldens) {
  auto doc = Vectors();
  // sumdb tlog FormatTree: root = RecordHash("hello world") = SHA-256(0x00 || data).
  const auto& ft = VectorById(doc, "sumdb-tlog-formattree");
  Sha256 sha;
  sha.Begin();
  sha.Add(uint8_t{0});
  sha.Add(AsBytes("hello world"));
  Checkpoint go{"go.sum database tree", ft.at("tree").at("size").to_number<uint64_t>(), sha.Finish(), {}};
  EXPECT_EQ(go.Marshal(), Str(ft, "want"));
  auto back = ParseCheckpoint(Str(ft, "want"));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, go);

  // transparency-dev/formats: hashes that are not 32 bytes. The text form
  // matches their Marshal, but a strict C2SP parser rejects them.
  size_t cases = 0;
  for (const auto& c : VectorById(doc, "formats-checkpoint-marshal").at("cases").as_array()) {
    std::string want = Str(c, "want");
    std::string hash = Str(c, "hashBytesAscii");
    std::string expect = Str(c, "origin") + "\n" + std::to_string(c.at("size").to_number<uint64_t>()) + "\n" +
                         Base64Encode(AsBytes(hash)) + "\n";
    EXPECT_EQ(expect, want);
    auto parsed = ParseCheckpoint(want);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.status().message().find("line 3 (root hash)"), std::string::npos)
        << parsed.status().message();
    EXPECT_NE(parsed.status().message().find("want 32"), std::string::npos);
    ++cases;
  }
  EXPECT_EQ(cases, 2u);
}

// Every vector id in the file is covered by a test above.
TEST(NoteVectors, AllVectorsCovered) {
  auto doc = Vectors();
  std::set<std::string> ids;
  for (const auto& v : doc.at("vectors").as_array()) ids.insert(std::string(v.at("id").as_string()));
  std::set<std::string> covered = {"sumdb-note-peterneumann",
                                   "sumdb-note-bad-vkeys",
                                   "c2sp-signed-note-example",
                                   "formats-logandmap-keypair",
                                   "tessera-testdata-log-key",
                                   "sunlight-cosignature-v1-witness.example.org",
                                   "sunlight-cosignature-v1-witness2.example.org",
                                   "sumdb-tlog-formattree",
                                   "formats-checkpoint-marshal"};
  EXPECT_EQ(ids, covered);
  EXPECT_EQ(ids.size(), 9u);
}

}  // namespace
}  // namespace orelog::tlog
