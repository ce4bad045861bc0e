// SqliteLogReader: tiles (prefix semantics), entry bundles, node hashes,
// over node tiles built by the test oracle (testutil/reference_tree.h).
#include <gtest/gtest.h>

#include <filesystem>

#include "store/node_tile.h"
#include "store/sqlite/sqlite_store.h"
#include "testutil/reference_tree.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"

namespace orelog::store::sqlite {
namespace {

namespace fs = std::filesystem;
using orelog::testing::RefTree;
using orelog::testing::StatusIs;

class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = orelog::testing::MakeTempDir("orelog-reader-test");
    path_ = (dir_ / "ledger.db").string();
    ASSERT_OK(CreateDatabase(path_, "test.example/log", "test.example/log+01020304+AQID"));
    auto w = SqliteLogWriter::Open(path_);
    ASSERT_OK(w);
    writer_ = std::move(*w);
    auto r = SqliteLogReader::Open(path_);
    ASSERT_OK(r);
    reader_ = std::move(*r);
  }
  void TearDown() override {
    reader_.reset();
    writer_.reset();
    fs::remove_all(dir_);
  }

  // Sequences entries "entry-<i>" until the log has `n`, and records them in the oracle.
  void SequenceTo(uint64_t n) {
    Batch b;
    for (uint64_t i = ref_.size(); i < n; ++i) {
      std::string s = "entry-" + std::to_string(i);
      b.entries.push_back({Bytes(s.begin(), s.end()), {}});
      ref_.Add(Bytes(s.begin(), s.end()));
    }
    if (b.entries.empty()) return;
    std::vector<const Batch*> batches{&b};
    auto out = writer_->Sequence(batches);
    ASSERT_OK(out);
    ASSERT_OK((*out)[0].status);
  }

  // Integrates [integrated, n) with every tile of the tree of size n, as the oracle builds them.
  void IntegrateTo(uint64_t n) {
    SequenceTo(n);
    std::vector<TileWrite> tiles;
    for (auto [key, width] : orelog::testing::TileWidths(n)) {
      tiles.push_back({key.first, key.second, ref_.NodeTile(key.first, key.second, width)});
    }
    std::vector<Hash> range;
    uint64_t begin = 0;
    for (int bit = 63; bit >= 0; --bit) {
      uint64_t span = uint64_t{1} << bit;
      if (n & span) {
        range.push_back(ref_.Mth(begin, begin + span));
        begin += span;
      }
    }
    ASSERT_OK(writer_->Integrate(integrated_, n, range, tiles));
    integrated_ = n;
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<SqliteLogWriter> writer_;
  std::unique_ptr<SqliteLogReader> reader_;
  RefTree ref_;
  uint64_t integrated_ = 0;
};

Bytes Hashes(RefTree& ref, uint32_t level, uint64_t first, uint32_t count) {
  Bytes out;
  for (uint32_t i = 0; i < count; ++i) {
    Hash h = ref.Node(level, first + i);
    out.insert(out.end(), h.begin(), h.end());
  }
  return out;
}

TEST_F(ReaderTest, TileIsThePrefixOfTheStoredNodeTile) {
  IntegrateTo(5);
  auto t5 = reader_->Tile(0, 0, 5);
  ASSERT_OK(t5);
  EXPECT_EQ(*t5, Hashes(ref_, 0, 0, 5));
  auto t3 = reader_->Tile(0, 0, 3);
  ASSERT_OK(t3);
  EXPECT_EQ(*t3, Hashes(ref_, 0, 0, 3));
  EXPECT_TRUE(StatusIs(reader_->Tile(0, 0, 6), Code::kNotFound, "has width 5 < 6"));
  EXPECT_TRUE(StatusIs(reader_->Tile(0, 1, 1), Code::kNotFound, "tile 0/1 is not integrated"));
  EXPECT_TRUE(StatusIs(reader_->Tile(1, 0, 1), Code::kNotFound));

  // The tile grows: the old partial tile is a prefix of every later version.
  IntegrateTo(300);
  auto t5_again = reader_->Tile(0, 0, 5);
  ASSERT_OK(t5_again);
  EXPECT_EQ(*t5_again, *t5);
  auto full = reader_->Tile(0, 0, 256);
  ASSERT_OK(full);
  EXPECT_EQ(full->size(), 256u * 32);
  EXPECT_TRUE(std::equal(t5->begin(), t5->end(), full->begin()));
  EXPECT_EQ(*full, Hashes(ref_, 0, 0, 256));
  EXPECT_EQ(*reader_->Tile(0, 1, 44), Hashes(ref_, 0, 256, 44));
  EXPECT_TRUE(StatusIs(reader_->Tile(0, 1, 45), Code::kNotFound));
  // Level 1: one hash per full level-0 tile.
  EXPECT_EQ(*reader_->Tile(1, 0, 1), Hashes(ref_, 8, 0, 1));
  EXPECT_TRUE(StatusIs(reader_->Tile(1, 0, 2), Code::kNotFound));
}

TEST_F(ReaderTest, TileWidthOutOfRangeIsInvalid) {
  IntegrateTo(3);
  EXPECT_TRUE(StatusIs(reader_->Tile(0, 0, 0), Code::kInvalidArgument));
  EXPECT_TRUE(StatusIs(reader_->Tile(0, 0, 257), Code::kInvalidArgument));
  EXPECT_TRUE(StatusIs(reader_->EntryBundle(0, 0), Code::kInvalidArgument));
  EXPECT_TRUE(StatusIs(reader_->EntryBundle(0, 257), Code::kInvalidArgument));
}

TEST_F(ReaderTest, ACorruptStoredTileIsReportedNotServed) {
  IntegrateTo(10);
  ASSERT_TRUE(orelog::testing::SqlExec(path_, "UPDATE tiles SET nodes = zeroblob(64)"));
  EXPECT_TRUE(StatusIs(reader_->Tile(0, 0, 1), Code::kCorruption, "64 bytes matches no width"));
  std::vector<merkle::NodeID> ids{{0, 0}};
  EXPECT_TRUE(StatusIs(reader_->NodeHashes(ids), Code::kCorruption));
}

TEST_F(ReaderTest, EntryBundles) {
  SequenceTo(300);
  auto full = reader_->EntryBundle(0, 256);
  ASSERT_OK(full);
  Bytes want;
  for (uint64_t i = 0; i < 256; ++i) {
    const Bytes& e = ref_.leaf(i);
    want.push_back(static_cast<uint8_t>(e.size() >> 8));
    want.push_back(static_cast<uint8_t>(e.size()));
    want.insert(want.end(), e.begin(), e.end());
  }
  EXPECT_EQ(*full, want);
  auto partial = reader_->EntryBundle(1, 44);
  ASSERT_OK(partial);
  EXPECT_EQ(partial->size(), 44 * 2 + [&] {
    size_t n = 0;
    for (uint64_t i = 256; i < 300; ++i) n += ref_.leaf(i).size();
    return n;
  }());
  // A narrower bundle is a prefix of a wider one.
  auto p10 = reader_->EntryBundle(1, 10);
  ASSERT_OK(p10);
  EXPECT_TRUE(std::equal(p10->begin(), p10->end(), partial->begin()));
  EXPECT_TRUE(StatusIs(reader_->EntryBundle(1, 45), Code::kNotFound, "entry 300 is not sequenced"));
  EXPECT_TRUE(StatusIs(reader_->EntryBundle(2, 1), Code::kNotFound));
}

TEST_F(ReaderTest, EntryBundleStopsAtAGap) {
  SequenceTo(20);
  ASSERT_TRUE(orelog::testing::SqlExec(path_, "DELETE FROM entries WHERE idx = 7"));
  EXPECT_TRUE(StatusIs(reader_->EntryBundle(0, 20), Code::kNotFound, "entry 7"));
  EXPECT_OK(reader_->EntryBundle(0, 7));
}

TEST_F(ReaderTest, EntryLookups) {
  SequenceTo(3);
  EXPECT_EQ(*reader_->Entry(2), ref_.leaf(2));
  EXPECT_TRUE(StatusIs(reader_->Entry(3), Code::kNotFound, "entry 3 does not exist"));
}

// Entries reads runs of near neighbours with one range scan: every order,
// gap, repeat and missing entry must still give exactly the entries asked for.
TEST_F(ReaderTest, EntriesInRunsGapsAnyOrderAndRepeats) {
  SequenceTo(60);
  const std::vector<uint64_t> asks[] = {
      {0, 1, 2, 3},                      // one run
      {5, 7, 11, 16, 21, 40, 41, 59},    // gaps below, at and above the run gap
      {30, 10, 11, 9, 50, 50, 51, 2},    // descending steps and a repeat
      {42},
  };
  for (const std::vector<uint64_t>& ask : asks) {
    auto got = reader_->Entries(ask);
    ASSERT_OK(got);
    ASSERT_EQ(got->size(), ask.size());
    for (size_t i = 0; i < ask.size(); ++i) EXPECT_EQ((*got)[i], ref_.leaf(ask[i])) << "entry " << ask[i];
  }
  auto none = reader_->Entries(std::vector<uint64_t>{});
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(ReaderTest, EntriesNotFoundForAMissingEntryInsideOrAfterARun) {
  SequenceTo(20);
  ASSERT_TRUE(orelog::testing::SqlExec(path_, "DELETE FROM entries WHERE idx = 7"));
  EXPECT_TRUE(StatusIs(reader_->Entries(std::vector<uint64_t>{5, 6, 7, 8}), Code::kNotFound, "entry 7 does not exist"));
  EXPECT_TRUE(StatusIs(reader_->Entries(std::vector<uint64_t>{6, 7}), Code::kNotFound, "entry 7 does not exist"));
  EXPECT_TRUE(StatusIs(reader_->Entries(std::vector<uint64_t>{18, 19, 20}), Code::kNotFound, "entry 20 does not exist"));
  auto around = reader_->Entries(std::vector<uint64_t>{5, 6, 8, 9});
  ASSERT_OK(around);
  EXPECT_EQ((*around)[2], ref_.leaf(8));
}

TEST_F(ReaderTest, NodeHashesOfEveryPerfectNode) {
  const uint64_t n = 256 * 3 + 77;  // two levels of tiles, partial edges on both
  IntegrateTo(n);
  std::vector<merkle::NodeID> ids;
  for (uint32_t level = 0; (uint64_t{1} << level) <= n; ++level) {
    for (uint64_t i = 0; ((i + 1) << level) <= n; ++i) ids.push_back({level, i});
  }
  auto hashes = reader_->NodeHashes(ids);
  ASSERT_OK(hashes);
  ASSERT_EQ(hashes->size(), ids.size());
  for (size_t k = 0; k < ids.size(); ++k) {
    ASSERT_EQ((*hashes)[k], ref_.Node(ids[k].level, ids[k].index)) << ids[k].level << "/" << ids[k].index;
  }
  // Out of order and repeated requests are answered in request order.
  std::vector<merkle::NodeID> mixed{{9, 0}, {0, 5}, {8, 2}, {0, 5}, {3, 100}};
  auto m = reader_->NodeHashes(mixed);
  ASSERT_OK(m);
  for (size_t k = 0; k < mixed.size(); ++k) EXPECT_EQ((*m)[k], ref_.Node(mixed[k].level, mixed[k].index));
}

TEST_F(ReaderTest, NodeHashesNotFoundBeyondIntegrated) {
  IntegrateTo(100);
  SequenceTo(200);  // sequenced, not integrated
  std::vector<merkle::NodeID> beyond{{0, 100}};
  EXPECT_TRUE(StatusIs(reader_->NodeHashes(beyond), Code::kNotFound, "node 0/100 is not integrated"));
  std::vector<merkle::NodeID> parent{{2, 24}};  // leaves [96, 100): complete
  EXPECT_OK(reader_->NodeHashes(parent));
  std::vector<merkle::NodeID> incomplete{{3, 12}};  // leaves [96, 104): not complete
  EXPECT_TRUE(StatusIs(reader_->NodeHashes(incomplete), Code::kNotFound));
  std::vector<merkle::NodeID> level8{{8, 0}};  // needs 256 leaves
  EXPECT_TRUE(StatusIs(reader_->NodeHashes(level8), Code::kNotFound));
  std::vector<merkle::NodeID> far{{0, 1000000}};
  EXPECT_TRUE(StatusIs(reader_->NodeHashes(far), Code::kNotFound));
}

TEST_F(ReaderTest, ReaderSeesCommitsMadeAfterItOpened) {
  IntegrateTo(2);
  EXPECT_TRUE(StatusIs(reader_->Tile(0, 0, 3), Code::kNotFound));
  IntegrateTo(3);
  EXPECT_OK(reader_->Tile(0, 0, 3));
  ASSERT_OK(writer_->PublishCheckpoint("", 3, "cp\n"));
  EXPECT_EQ(*reader_->Checkpoint(), "cp\n");
}

TEST_F(ReaderTest, FullUpperTilesAreServedFromCacheConsistently) {
  IntegrateTo(256 * 256 / 64);  // 1024 leaves: level-1 tile of width 4
  Bytes first = *reader_->Tile(1, 0, 4);
  EXPECT_EQ(first, Hashes(ref_, 8, 0, 4));
  EXPECT_EQ(*reader_->Tile(1, 0, 4), first);
  EXPECT_EQ(*reader_->Tile(1, 0, 2), Bytes(first.begin(), first.begin() + 64));
}

// Indices far beyond any tree must not alias real tiles. A tile server
// passes parsed C2SP indices (up to 2^63 - 1) straight to the reader.
TEST_F(ReaderTest, HugeIndicesDoNotAliasOtherTiles) {
  // Regression: TileKey(level, index) = level << 56 | index made tile 0/2^56
  // read tile 1/0, and EntryBundle's index * 256 wrapped to bundle 0.
  IntegrateTo(300);  // tiles 0/0, 0/1 and 1/0 exist
  const uint64_t huge = uint64_t{1} << 56;
  auto tile = reader_->Tile(0, huge, 1);
  EXPECT_FALSE(tile.ok()) << "tile 0/2^56 served the bytes of tile 1/0";
  auto bundle = reader_->EntryBundle(huge, 1);
  EXPECT_FALSE(bundle.ok()) << "bundle 2^56 served bundle 0";
  auto bundle2 = reader_->EntryBundle(huge + 1, 44);
  EXPECT_FALSE(bundle2.ok()) << "bundle 2^56+1 served bundle 1";
}

// Proof reads share a short read snapshot; a node integrated after the
// snapshot began is found by one retry in a fresh snapshot.
TEST_F(ReaderTest, NodeHashesSeeNodesIntegratedAfterTheSnapshotBegan) {
  IntegrateTo(10);
  const merkle::NodeID early[] = {{0, 5}};
  ASSERT_OK(reader_->NodeHashes(early));
  EXPECT_EQ(sqlite3_get_autocommit(reader_->db().handle()), 0) << "no snapshot held between proof reads";
  IntegrateTo(300);  // commits while the reader's snapshot is open
  const merkle::NodeID late[] = {{0, 299}, {8, 0}};
  auto got = reader_->NodeHashes(late);
  ASSERT_OK(got);
  EXPECT_EQ((*got)[0], ref_.Node(0, 299));
  EXPECT_EQ((*got)[1], ref_.Node(8, 0));
}

// Other reads and ReleaseSnapshot end the snapshot, so they see the present
// and an idle reader does not pin the WAL.
TEST_F(ReaderTest, SnapshotEndsOnOtherReadsAndOnRelease) {
  IntegrateTo(10);
  const merkle::NodeID ids[] = {{0, 1}};
  ASSERT_OK(reader_->NodeHashes(ids));
  ASSERT_OK(writer_->PublishCheckpoint("", 10, "cp10\n"));
  auto cp = reader_->Checkpoint();
  ASSERT_OK(cp);
  EXPECT_EQ(*cp, "cp10\n");
  EXPECT_NE(sqlite3_get_autocommit(reader_->db().handle()), 0);
  ASSERT_OK(reader_->NodeHashes(ids));
  reader_->ReleaseSnapshot();
  EXPECT_NE(sqlite3_get_autocommit(reader_->db().handle()), 0);
}

}  // namespace
}  // namespace orelog::store::sqlite
