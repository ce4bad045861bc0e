// Byte-exact reproduction of Tessera's 15-entry test log
// (shared/conformance/merkle/tessera-testdata/testdata/log): from the entries,
// rebuild every checkpoint (body and Ed25519 signature), every level-0
// partial tile and every entry bundle, and compare with the files.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "merkle/compact_range.h"
#include "merkle/hasher.h"
#include "merkle/proof.h"
#include "merkle/verify.h"
#include "tlog/bundle.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"
#include "tlog/proof_text.h"
#include "tlog/tile.h"
#include "testutil/shared_data.h"

namespace orelog::tlog {
namespace {

// Published test keys (tessera testdata/build_log.sh; see SOURCES.md).
constexpr char kSkey[] = "PRIVATE+KEY+example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg";
constexpr char kVkey[] = "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx";
constexpr char kOrigin[] = "example.com/log/testdata";
constexpr size_t kEntries = 15;

std::filesystem::path LogDir() {
  return orelog::testing::SharedDir() / "conformance" / "merkle" / "tessera-testdata" / "testdata" / "log";
}

std::string ReadLogFile(const std::string& rel) { return orelog::testing::ReadFileOrDie(LogDir() / rel); }

class TesseraLog : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string bundle = ReadLogFile(EntriesPath(0, kEntries));
    auto entries = ParseBundle(AsBytes(bundle));
    ASSERT_TRUE(entries.ok()) << entries.status().ToString();
    entries_ = std::move(*entries);
    for (const Bytes& e : entries_) leaves_.push_back(hasher_.HashLeaf(e));
  }

  // MTH of the perfect subtree (level, index), from the leaf hashes.
  Hash NodeHash(merkle::NodeID id) {
    if (id.level == 0) return leaves_.at(id.index);
    return hasher_.HashChildren(NodeHash({id.level - 1, id.index * 2}), NodeHash({id.level - 1, id.index * 2 + 1}));
  }

  merkle::Hasher hasher_;
  std::vector<Bytes> entries_;
  std::vector<Hash> leaves_;
};

TEST_F(TesseraLog, EntriesAreTheKnownStrings) {
  const char* const want[] = {"one", "two",  "three",  "four",     "five",    "six",     "seven",  "eit",
                              "nain", "ten", "ileven", "twelf", "threeten", "fourten", "fivten"};
  ASSERT_EQ(entries_.size(), kEntries);
  for (size_t i = 0; i < kEntries; ++i) EXPECT_EQ(AsChars(entries_[i]), want[i]);
}

TEST_F(TesseraLog, CheckpointsAreByteIdentical) {
  auto signer = SignerKey::Parse(kSkey);
  auto vkey = ParseVerifierKey(kVkey);
  ASSERT_TRUE(signer.ok() && vkey.ok());
  ASSERT_EQ(signer->Verifier().ToString(), kVkey);
  const SignerKey* signers[] = {&*signer};

  merkle::CompactRange range;
  size_t reproduced = 0;
  for (size_t n = 0; n <= kEntries; ++n) {
    SCOPED_TRACE("size " + std::to_string(n));
    if (n > 0) range.Append(hasher_, leaves_[n - 1]);
    Checkpoint cp{kOrigin, n, range.Root(hasher_), {}};
    auto note = SignNote(cp.Marshal(), signers);
    ASSERT_TRUE(note.ok()) << note.status().ToString();
    const std::string file = ReadLogFile("checkpoint." + std::to_string(n));
    EXPECT_EQ(*note, file);

    auto opened = OpenNote(file, std::span(&*vkey, 1));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    auto parsed = ParseCheckpoint(opened->text);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, cp);
    ++reproduced;
  }
  EXPECT_EQ(reproduced, 16u);
  EXPECT_EQ(ReadLogFile("checkpoint"), ReadLogFile("checkpoint.15"));
}

TEST_F(TesseraLog, TilesAndBundlesAreByteIdentical) {
  size_t tiles = 0, bundles = 0;
  for (uint32_t n = 1; n <= kEntries; ++n) {
    SCOPED_TRACE("size " + std::to_string(n));
    // The tiles a tree of this size has are exactly these two files.
    std::vector<TileRef> refs = TilesForTreeSize(n);
    ASSERT_EQ(refs.size(), 2u);
    EXPECT_EQ(refs[0].Path(), TilePath(0, 0, n));
    EXPECT_EQ(refs[1].Path(), EntriesPath(0, n));
    for (const TileRef& ref : refs) {
      auto back = ParseTilePath(ref.Path());
      ASSERT_TRUE(back.ok());
      EXPECT_EQ(*back, ref);
    }

    Bytes tile;
    for (uint32_t i = 0; i < n; ++i) tile.insert(tile.end(), leaves_[i].begin(), leaves_[i].end());
    const std::string tile_file = ReadLogFile(TilePath(0, 0, n));
    EXPECT_EQ(AsChars(tile), tile_file);
    auto hashes = ParseHashTile(AsBytes(tile_file), n);
    ASSERT_TRUE(hashes.ok());
    EXPECT_EQ(*hashes, std::vector<Hash>(leaves_.begin(), leaves_.begin() + n));
    ++tiles;

    Bytes bundle;
    for (uint32_t i = 0; i < n; ++i) ASSERT_TRUE(AppendBundleEntry(bundle, entries_[i]).ok());
    const std::string bundle_file = ReadLogFile(EntriesPath(0, n));
    EXPECT_EQ(AsChars(bundle), bundle_file);
    auto parsed = ParseBundle(AsBytes(bundle_file));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->size(), n);
    ++bundles;
  }
  EXPECT_EQ(tiles, 15u);
  EXPECT_EQ(bundles, 15u);
}

// A tlog-proof for every entry against checkpoint.15: formatted, parsed back
// and verified with the merkle verifier.
TEST_F(TesseraLog, InclusionProofTextsVerify) {
  const std::string note = ReadLogFile("checkpoint.15");
  auto vkey = ParseVerifierKey(kVkey);
  ASSERT_TRUE(vkey.ok());
  size_t verified = 0;
  for (uint64_t i = 0; i < kEntries; ++i) {
    auto nodes = merkle::InclusionProofNodes(i, kEntries);
    ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
    std::vector<Hash> fetched;
    for (const merkle::NodeID& id : nodes->ids) fetched.push_back(NodeHash(id));
    auto proof = merkle::Rehash(hasher_, *nodes, fetched);
    ASSERT_TRUE(proof.ok());

    InclusionProofText text{i, std::nullopt, *proof, note};
    auto back = InclusionProofText::Parse(text.Format());
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, text);

    auto opened = OpenNote(back->checkpoint_note, std::span(&*vkey, 1));
    ASSERT_TRUE(opened.ok());
    auto cp = ParseCheckpoint(opened->text);
    ASSERT_TRUE(cp.ok());
    EXPECT_TRUE(merkle::VerifyInclusion(hasher_, back->index, cp->size, leaves_[i], back->proof, cp->root).ok())
        << "index " << i;
    ++verified;
  }
  EXPECT_EQ(verified, kEntries);
}

}  // namespace
}  // namespace orelog::tlog
