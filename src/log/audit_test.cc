// Fault matrix for AuditLedger and AuditTileTree: every kind of tampering
// or damage is reported with what and where (code + message), never
// accepted and never a crash.
#include "log/audit.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <bit>
#include <filesystem>

#include "base/file.h"
#include "orelog/ledger.h"
#include "store/node_tile.h"
#include "testutil/ledger_util.h"
#include "testutil/reference_tree.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"

namespace orelog::log {
namespace {

namespace fs = std::filesystem;
using orelog::testing::SqlBlob;
using orelog::testing::SqlExec;
using orelog::testing::SqlSetBlob;
using orelog::testing::StatusIs;
using orelog::testing::ToBytes;

constexpr char kOrigin[] = "audit.example/log";
// Published sizes after Init's empty checkpoint: history #2..#5.
constexpr uint64_t kSizes[] = {100, 300, 600, 700};
constexpr uint64_t kSize = 700;

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = orelog::testing::MakeTempDir("orelog-audit-test");
    dir_ = root_ / "ledger";
    db_ = dir_ / Ledger::kDatabaseFile;
    auto vkey = Ledger::Init(dir_, kOrigin);
    ASSERT_OK(vkey);
    vkey_ = *vkey;
    LedgerOptions o;
    o.publish_interval = std::chrono::milliseconds(0);
    auto l = Ledger::Open(dir_, o);
    ASSERT_OK(l);
    for (uint64_t size : kSizes) {
      std::vector<Bytes> entries;
      while (ref_.size() + entries.size() < size) entries.push_back(ToBytes("e" + std::to_string(ref_.size() + entries.size())));
      ASSERT_OK((*l)->AppendEntries(entries));
      for (Bytes& e : entries) ref_.Add(std::move(e));
      ASSERT_OK((*l)->Publish());
    }
  }
  void TearDown() override { fs::remove_all(root_); }

  // Note of history row `seq` (1 = Init's empty checkpoint).
  std::string HistoryNote(int seq) {
    Bytes b = SqlBlob(db_, "SELECT note FROM checkpoints WHERE seq = " + std::to_string(seq));
    return std::string(b.begin(), b.end());
  }
  void SetHistoryNote(int seq, const std::string& note) {
    ASSERT_TRUE(SqlSetBlob(db_, "checkpoints", "note", "seq = " + std::to_string(seq), AsBytes(note), true));
  }
  void SetCurrentNote(const std::string& note) {
    ASSERT_TRUE(SqlSetBlob(db_, "log_state", "checkpoint", "id = 1", AsBytes(note), true));
  }
  void FlipTileByte(uint32_t level, uint64_t index, size_t offset) {
    std::string where = "id = " + std::to_string(store::TileKey(level, index));
    Bytes nodes = SqlBlob(db_, "SELECT nodes FROM tiles WHERE " + where);
    ASSERT_LT(offset, nodes.size());
    nodes[offset] ^= 0x01;
    ASSERT_TRUE(SqlSetBlob(db_, "tiles", "nodes", where, nodes));
  }
  Result<tlog::SignerKey> Key() { return orelog::testing::LedgerSigningKey(dir_); }

  fs::path root_, dir_, db_;
  std::string vkey_;
  orelog::testing::RefTree ref_;
};

TEST_F(AuditTest, GoodLedgerPassesWithExactCounts) {
  std::vector<std::pair<uint64_t, uint64_t>> progress;
  auto report = AuditLedger(dir_, [&](uint64_t done, uint64_t total) { progress.emplace_back(done, total); });
  ASSERT_OK(report);
  EXPECT_EQ(report->entries, kSize);
  EXPECT_EQ(report->tree_size, kSize);
  EXPECT_EQ(report->checkpoints, 5u);
  EXPECT_EQ(report->nodes_checked, 2 * kSize - std::popcount(kSize));  // every perfect node
  EXPECT_EQ(report->proofs_checked, 3u);                              // 100→300→600→700
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), std::make_pair(kSize, kSize));
}

TEST_F(AuditTest, TamperedEntryNamesTheEntryRange) {
  ASSERT_TRUE(SqlExec(db_, "UPDATE entries SET data = x'6576696c' WHERE idx = 300"));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kVerificationFailed, "entries [300, 301)"));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kVerificationFailed, "entry 300"));
}

TEST_F(AuditTest, TamperedLeafHashInATile) {
  FlipTileByte(0, 1, 5 * 32 + 7);  // tile 0/1, sublevel 0, position 5 = leaf 261
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kVerificationFailed, "node (level 0, index 261) in tile 0/1"));
}

TEST_F(AuditTest, TamperedInteriorNodeInATile) {
  // Tile 0/0 (full): sublevel 3 starts after 256 + 128 + 64 hashes; position 2
  // is node (level 3, index 2) over leaves [16, 24).
  FlipTileByte(0, 0, (256 + 128 + 64 + 2) * 32);
  auto st = AuditLedger(dir_);
  EXPECT_TRUE(StatusIs(st, Code::kVerificationFailed, "node (level 3, index 2) in tile 0/0"));
  EXPECT_TRUE(StatusIs(st, Code::kVerificationFailed, "entries [16, 24)"));
}

TEST_F(AuditTest, TamperedUpperTile) {
  FlipTileByte(1, 0, 32 + 1);  // tile 1/0 position 1 = node (level 8, index 1)
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kVerificationFailed, "node (level 8, index 1) in tile 1/0"));
}

TEST_F(AuditTest, TruncatedTileBlob) {
  std::string where = "id = " + std::to_string(store::TileKey(0, 1));
  Bytes nodes = SqlBlob(db_, "SELECT nodes FROM tiles WHERE " + where);
  nodes.resize(100 * 32);
  ASSERT_TRUE(SqlSetBlob(db_, "tiles", "nodes", where, nodes));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kCorruption, "tile 0/1"));
}

TEST_F(AuditTest, MissingTile) {
  ASSERT_TRUE(SqlExec(db_, "DELETE FROM tiles WHERE id = " + std::to_string(store::TileKey(0, 2))));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kCorruption, "tile 0/2 is missing"));
}

TEST_F(AuditTest, DeletedEntryIsAGap) {
  ASSERT_TRUE(SqlExec(db_, "DELETE FROM entries WHERE idx = 150"));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kCorruption, "entry 150 is missing"));
}

TEST_F(AuditTest, DeletedLastEntry) {
  ASSERT_TRUE(SqlExec(db_, "DELETE FROM entries WHERE idx = 699"));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kCorruption, "699"));
}

TEST_F(AuditTest, AlteredCompactRange) {
  Bytes range = SqlBlob(db_, "SELECT compact_range FROM log_state");
  ASSERT_FALSE(range.empty());
  range[0] ^= 1;
  ASSERT_TRUE(SqlSetBlob(db_, "log_state", "compact_range", "id = 1", range));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kCorruption, "compact range"));
}

TEST_F(AuditTest, HistoryRowWithAlteredBody) {
  std::string note = HistoryNote(3);  // size 300
  size_t pos = note.find("\n300\n");
  ASSERT_NE(pos, std::string::npos);
  note.replace(pos, 5, "\n299\n");
  SetHistoryNote(3, note);
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kVerificationFailed, "checkpoint #3"));
}

TEST_F(AuditTest, HistoryRowSignedWithAnotherKey) {
  auto other = tlog::SignerKey::Generate(kOrigin);  // same name, different key
  ASSERT_OK(other);
  SetHistoryNote(3, orelog::testing::SignCheckpoint(*other, kOrigin, 300, ref_.Mth(0, 300)));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kVerificationFailed, "checkpoint #3 (size 300)"));
}

TEST_F(AuditTest, HistoryRowSignedWithTheLedgerKeyOverAWrongRoot) {
  auto key = Key();
  ASSERT_OK(key);
  SetHistoryNote(3, orelog::testing::SignCheckpoint(*key, kOrigin, 300, ref_.Mth(0, 299)));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kVerificationFailed,
                       "checkpoint #3 (size 300) signs a root that the entries do not produce"));
}

TEST_F(AuditTest, HistoryRowForAnotherOrigin) {
  auto key = tlog::SignerKey::Generate("other.example/log");
  ASSERT_OK(key);
  // Signed by a key the ledger does not know: rejected before the origin is read.
  SetHistoryNote(2, orelog::testing::SignCheckpoint(*key, "other.example/log", 100, ref_.Mth(0, 100)));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kVerificationFailed, "checkpoint #2"));
}

TEST_F(AuditTest, CurrentCheckpointMustBeTheLastPublished) {
  SetCurrentNote(HistoryNote(3));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kCorruption, "current checkpoint is not the last one"));
}

TEST_F(AuditTest, CurrentCheckpointIsCheckedEvenWithoutHistory) {
  // With the history deleted, a forged current checkpoint must still be caught.
  // Regression: the current note was compared with the last history row only
  // when the history was non-empty, so it went unchecked without a history.
  auto other = tlog::SignerKey::Generate(kOrigin);
  ASSERT_OK(other);
  ASSERT_TRUE(SqlExec(db_, "DELETE FROM checkpoints"));
  SetCurrentNote(orelog::testing::SignCheckpoint(*other, kOrigin, kSize, ref_.Mth(0, kSize - 1)));
  auto st = AuditLedger(dir_);
  EXPECT_FALSE(st.ok()) << "a forged current checkpoint passed the audit";
  if (!st.ok()) {
    EXPECT_TRUE(st.status().code() == Code::kCorruption || st.status().code() == Code::kVerificationFailed)
        << st.status().ToString();
  }
}

TEST_F(AuditTest, CheckpointBeyondTheIntegratedSize) {
  auto key = Key();
  ASSERT_OK(key);
  std::string note = orelog::testing::SignCheckpoint(*key, kOrigin, 800, ref_.Root());
  ASSERT_TRUE(SqlSetBlob(db_, "checkpoints", "note", "seq = 5", AsBytes(note), true));
  ASSERT_TRUE(SqlExec(db_, "UPDATE checkpoints SET size = 800 WHERE seq = 5"));
  SetCurrentNote(note);
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kCorruption, "beyond the integrated size 700"));
}

TEST_F(AuditTest, HistorySizeMustMatchTheSignedBody) {
  ASSERT_TRUE(SqlExec(db_, "UPDATE checkpoints SET size = 301 WHERE seq = 3"));
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kCorruption, "body says size 300"));
}

TEST_F(AuditTest, TreeSizeGoingBackwards) {
  // A genuine, correctly signed checkpoint of size 100 published after 700.
  std::string old = HistoryNote(2);
  ASSERT_TRUE(SqlExec(db_, "INSERT INTO checkpoints (size, note, published_at) VALUES (100, '" + old + "', 0)"));
  SetCurrentNote(old);
  EXPECT_TRUE(StatusIs(AuditLedger(dir_), Code::kVerificationFailed, "went backwards"));
}

TEST_F(AuditTest, NoLedgerIsNotFound) {
  EXPECT_TRUE(StatusIs(AuditLedger(root_ / "nothing"), Code::kNotFound, "no ledger"));
}

// ---- damaged database files ----

bool IsStorageError(const Status& st) { return st.code() == Code::kCorruption || st.code() == Code::kIOError; }

TEST_F(AuditTest, TruncatedDatabaseFails) {
  ASSERT_FALSE(fs::exists(dir_.string() + "/ledger.db-wal") && fs::file_size(dir_.string() + "/ledger.db-wal") > 0)
      << "the WAL should have been checkpointed at close";
  auto size = fs::file_size(db_);
  fs::resize_file(db_, size / 2);
  auto report = AuditLedger(dir_);
  ASSERT_FALSE(report.ok()) << "audit of a half database passed";
  EXPECT_TRUE(IsStorageError(report.status())) << report.status().ToString();
  // Opening it for writing fails cleanly, or the damage shows on first use.
  auto l = Ledger::Open(dir_);
  if (!l.ok()) {
    EXPECT_TRUE(IsStorageError(l.status())) << l.status().ToString();
  } else {
    auto appended = (*l)->AppendEntries({ToBytes("after damage")});
    auto published = (*l)->Publish();
    EXPECT_FALSE(appended.ok() && published.ok()) << "a half database kept working as if intact";
  }
}

TEST_F(AuditTest, OverwrittenHeaderFails) {
  int fd = ::open(db_.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  const std::string garbage(100, '\x5a');
  ASSERT_EQ(::pwrite(fd, garbage.data(), garbage.size(), 0), static_cast<ssize_t>(garbage.size()));
  ::close(fd);
  auto report = AuditLedger(dir_);
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(IsStorageError(report.status())) << report.status().ToString();
  auto l = Ledger::Open(dir_);
  ASSERT_FALSE(l.ok());
  EXPECT_TRUE(IsStorageError(l.status())) << l.status().ToString();
  auto r = Ledger::OpenReader(dir_);
  EXPECT_FALSE(r.ok());
}

TEST_F(AuditTest, GarbageDatabaseFileFails) {
  ASSERT_OK(WriteFileAtomic(db_, AsBytes(std::string(8192, '\x01'))));
  EXPECT_FALSE(AuditLedger(dir_).ok());
  auto l = Ledger::Open(dir_);
  ASSERT_FALSE(l.ok());
  EXPECT_TRUE(IsStorageError(l.status())) << l.status().ToString();
}

// ---- static tile trees ----

class TileTreeTest : public AuditTest {
 protected:
  void SetUp() override {
    AuditTest::SetUp();
    if (HasFatalFailure()) return;
    tree_ = root_ / "tree";
    auto report = ExportTiles(dir_, tree_);
    ASSERT_OK(report);
    EXPECT_EQ(report->tree_size, kSize);
  }
  void Flip(const std::string& rel, size_t offset) {
    auto data = ReadFile(tree_ / rel);
    ASSERT_OK(data);
    ASSERT_LT(offset, data->size());
    (*data)[offset] ^= 0x01;
    ASSERT_OK(WriteFileAtomic(tree_ / rel, AsBytes(*data)));
  }
  fs::path tree_;
};

TEST_F(TileTreeTest, ExportHasTheC2spLayout) {
  for (const char* rel : {"checkpoint", "tile/0/000", "tile/0/001", "tile/0/002.p/188", "tile/1/000.p/2",
                          "tile/entries/000", "tile/entries/001", "tile/entries/002.p/188"}) {
    EXPECT_TRUE(fs::exists(tree_ / rel)) << rel;
  }
  EXPECT_EQ(fs::file_size(tree_ / "tile/0/001"), 256u * 32);
  EXPECT_EQ(*ReadFile(tree_ / "checkpoint"), *Ledger::OpenReader(dir_).value()->Checkpoint());
}

TEST_F(TileTreeTest, GoodTreePasses) {
  auto report = AuditTileTree(tree_, vkey_, std::nullopt);
  ASSERT_OK(report);
  EXPECT_EQ(report->entries, kSize);
  EXPECT_EQ(report->tree_size, kSize);
  EXPECT_EQ(report->nodes_checked, kSize + 2);  // level 0 and level 8
}

TEST_F(TileTreeTest, ModifiedHashTile) {
  Flip("tile/0/001", 10 * 32);
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, vkey_, std::nullopt), Code::kVerificationFailed,
                       "tile/0/001: hash 10 differs from the one recomputed from entries [266, 267)"));
}

TEST_F(TileTreeTest, ModifiedUpperTile) {
  Flip("tile/1/000.p/2", 32);
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, vkey_, std::nullopt), Code::kVerificationFailed, "tile/1/000.p/2: hash 1"));
}

TEST_F(TileTreeTest, ModifiedEntryInABundle) {
  // Bundle 001: the first entry is "e256" after its two length bytes.
  Flip("tile/entries/001", 2);
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, vkey_, std::nullopt), Code::kVerificationFailed, "entries [256, 257)"));
}

TEST_F(TileTreeTest, TruncatedBundle) {
  auto data = ReadFile(tree_ / "tile/entries/002.p/188");
  ASSERT_OK(data);
  data->resize(data->size() - 1);
  ASSERT_OK(WriteFileAtomic(tree_ / "tile/entries/002.p/188", AsBytes(*data)));
  auto st = AuditTileTree(tree_, vkey_, std::nullopt);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.status().message().find("tile/entries/002.p/188"), std::string::npos) << st.status().ToString();
}

TEST_F(TileTreeTest, BundleWithAnExtraEntry) {
  auto data = ReadFile(tree_ / "tile/entries/002.p/188");
  ASSERT_OK(data);
  *data += std::string("\x00\x01X", 3);
  ASSERT_OK(WriteFileAtomic(tree_ / "tile/entries/002.p/188", AsBytes(*data)));
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, vkey_, std::nullopt), Code::kVerificationFailed,
                       "tile/entries/002.p/188 holds 189 entries, not 188"));
}

TEST_F(TileTreeTest, MissingTileFile) {
  fs::remove(tree_ / "tile/0/000");
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, vkey_, std::nullopt), Code::kNotFound, "tile/0/000"));
}

TEST_F(TileTreeTest, ModifiedCheckpoint) {
  auto note = ReadFile(tree_ / "checkpoint");
  ASSERT_OK(note);
  size_t pos = note->find("\n700\n");
  ASSERT_NE(pos, std::string::npos);
  note->replace(pos, 5, "\n699\n");
  ASSERT_OK(WriteFileAtomic(tree_ / "checkpoint", AsBytes(*note)));
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, vkey_, std::nullopt), Code::kVerificationFailed, "checkpoint"));
}

TEST_F(TileTreeTest, CheckpointSignedOverAWrongRoot) {
  auto key = Key();
  ASSERT_OK(key);
  std::string forged = orelog::testing::SignCheckpoint(*key, kOrigin, kSize, ref_.Mth(0, kSize - 1));
  ASSERT_OK(WriteFileAtomic(tree_ / "checkpoint", AsBytes(forged)));
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, vkey_, std::nullopt), Code::kVerificationFailed, "root"));
}

TEST_F(TileTreeTest, WrongVerifierKey) {
  auto other = tlog::SignerKey::Generate(kOrigin);
  ASSERT_OK(other);
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, other->Verifier().ToString(), std::nullopt), Code::kVerificationFailed,
                       "checkpoint"));
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, "not a vkey", std::nullopt), Code::kInvalidArgument));
}

TEST_F(TileTreeTest, SinceAnEarlierCheckpointOfTheSameHistory) {
  for (int seq : {1, 2, 3, 5}) {  // sizes 0, 100, 300, 700
    auto report = AuditTileTree(tree_, vkey_, HistoryNote(seq));
    ASSERT_OK(report) << "since history #" << seq;
    EXPECT_EQ(report->proofs_checked, 1u);
  }
}

TEST_F(TileTreeTest, SinceACheckpointOfARewrittenHistory) {
  // Same key, smaller size, a root these entries never had.
  auto key = Key();
  ASSERT_OK(key);
  std::string fake = orelog::testing::SignCheckpoint(*key, kOrigin, 300, ref_.Mth(1, 301));
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, vkey_, fake), Code::kVerificationFailed, "history was rewritten"));
  // Also for the empty tree and for the current size.
  std::string fake0 = orelog::testing::SignCheckpoint(*key, kOrigin, 0, ref_.Mth(0, 1));
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, vkey_, fake0), Code::kVerificationFailed, "history was rewritten"));
  std::string fake_now = orelog::testing::SignCheckpoint(*key, kOrigin, kSize, ref_.Mth(0, kSize - 1));
  EXPECT_FALSE(AuditTileTree(tree_, vkey_, fake_now).ok());
}

TEST_F(TileTreeTest, SinceALargerCheckpointIsARollback) {
  auto key = Key();
  ASSERT_OK(key);
  std::string bigger = orelog::testing::SignCheckpoint(*key, kOrigin, kSize + 1, ref_.Root());
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, vkey_, bigger), Code::kVerificationFailed, "rolled back"));
}

TEST_F(TileTreeTest, SinceACheckpointOfAnotherLog) {
  auto other = tlog::SignerKey::Generate(kOrigin);
  ASSERT_OK(other);
  std::string foreign = orelog::testing::SignCheckpoint(*other, kOrigin, 100, ref_.Mth(0, 100));
  EXPECT_TRUE(StatusIs(AuditTileTree(tree_, vkey_, foreign), Code::kVerificationFailed, "earlier checkpoint"));
}

TEST_F(TileTreeTest, IncrementalExportKeepsFullTiles) {
  std::string old_note = *ReadFile(tree_ / "checkpoint");
  {
    auto l = Ledger::Open(dir_);
    ASSERT_OK(l);
    std::vector<Bytes> more;
    for (int i = 0; i < 300; ++i) more.push_back(ToBytes("more" + std::to_string(i)));
    ASSERT_OK((*l)->AppendEntries(more));
    ASSERT_OK((*l)->Publish());
  }
  auto report = ExportTiles(dir_, tree_);
  ASSERT_OK(report);
  EXPECT_EQ(report->tree_size, 1000u);
  EXPECT_EQ(report->files_kept, 4u);  // tile/0/000, 001 and their bundles
  auto audit = AuditTileTree(tree_, vkey_, old_note);
  ASSERT_OK(audit);
  EXPECT_EQ(audit->entries, 1000u);
  EXPECT_EQ(audit->proofs_checked, 1u);
}

}  // namespace
}  // namespace orelog::log
