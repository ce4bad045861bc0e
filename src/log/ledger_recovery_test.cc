// Ledger across restarts and faults: resumption of unintegrated entries,
// periodic publication, back-pressure, the single-writer lock, key checks,
// invalid origins and damaged stored state.
#include "orelog/ledger.h"

#include <sys/stat.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "log/audit.h"
#include "merkle/verify.h"
#include "store/sqlite/sqlite_store.h"
#include "log/ledger_test_fixture.h"
#include "testutil/ledger_util.h"
#include "testutil/reference_tree.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"


namespace orelog {
namespace {

using namespace orelog::ledger_testing;  // NOLINT: the fixture, its helpers and their usings

TEST_F(LedgerTest, ReopenResumes) {
  {
    auto l = OpenOrDie();
    ASSERT_TRUE(l);
    AppendTagged(*l, "first", 10);
    PublishAndCheck(*l);
    AppendTagged(*l, "unpublished", 5);
  }  // closing integrates and publishes what was acknowledged
  auto reader = Ledger::OpenReader(dir_);
  ASSERT_OK(reader);
  auto cp = VerifiedCheckpoint(*(*reader)->Checkpoint(), vkey_);
  ASSERT_OK(cp);
  EXPECT_EQ(cp->size, 15u);
  EXPECT_EQ(cp->root, ref_.Root());

  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  std::vector<uint64_t> got = AppendTagged(*l, "second", 3);
  EXPECT_EQ(got, (std::vector<uint64_t>{15, 16, 17}));
  PublishAndCheck(*l);
}

TEST_F(LedgerTest, OpenIntegratesEntriesSequencedBeforeACrash) {
  {
    auto l = OpenOrDie();
    ASSERT_TRUE(l);
    AppendTagged(*l, "integrated", 300);
    PublishAndCheck(*l);
  }
  // Entries that reached the store but never its tiles: sequence them
  // directly, as a writer killed before integration leaves them.
  {
    auto w = store::sqlite::SqliteLogWriter::Open((dir_ / Ledger::kDatabaseFile).string());
    ASSERT_OK(w);
    for (int b = 0; b < 3; ++b) {
      store::Batch batch;
      for (int k = 0; k < 250; ++k) {
        Bytes e = ToBytes("crashed-" + std::to_string(b) + "-" + std::to_string(k));
        batch.entries.push_back({e, {}});
        ref_.Add(e);
      }
      std::vector<const store::Batch*> batches{&batch};
      auto out = (*w)->Sequence(batches);
      ASSERT_OK(out);
      ASSERT_OK((*out)[0].status);
    }
    EXPECT_EQ((*w)->LoadState()->integrated, 300u);
  }
  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  // Open integrated and published them before returning.
  auto cp = VerifiedCheckpoint(*l->Checkpoint(), vkey_);
  ASSERT_OK(cp);
  EXPECT_EQ(cp->size, 1050u);
  EXPECT_EQ(cp->root, ref_.Root());
  merkle::Hasher hasher;
  for (uint64_t i : {0u, 299u, 300u, 777u, 1049u}) {
    auto proof = l->InclusionProof(i, 1050);
    ASSERT_OK(proof);
    EXPECT_OK(merkle::VerifyInclusion(hasher, i, 1050, ref_.LeafHash(i), *proof, cp->root));
  }
  std::vector<uint64_t> more = AppendTagged(*l, "after", 2);
  EXPECT_EQ(more, (std::vector<uint64_t>{1050, 1051}));
  PublishAndCheck(*l);
  l.reset();
  ASSERT_OK(log::AuditLedger(dir_));
}

TEST_F(LedgerTest, OpenIntegratesMoreThanOneChunk) {
  // More than the 65,536 leaves integrated per transaction, and past the
  // first level-2 tile.
  const uint64_t n = 65536 + 1000;
  {
    auto w = store::sqlite::SqliteLogWriter::Open((dir_ / Ledger::kDatabaseFile).string());
    ASSERT_OK(w);
    store::Batch batch;
    for (uint64_t i = 0; i < n; ++i) {
      Bytes e = ToBytes(std::to_string(i));
      batch.entries.push_back({e, {}});
      ref_.Add(std::move(e));
    }
    std::vector<const store::Batch*> batches{&batch};
    auto out = (*w)->Sequence(batches);
    ASSERT_OK(out);
    ASSERT_OK((*out)[0].status);
  }
  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  auto cp = VerifiedCheckpoint(*l->Checkpoint(), vkey_);
  ASSERT_OK(cp);
  EXPECT_EQ(cp->size, n);
  EXPECT_EQ(cp->root, ref_.Root());
  merkle::Hasher hasher;
  for (uint64_t i : {uint64_t{0}, uint64_t{65535}, uint64_t{65536}, n - 1}) {
    auto proof = l->InclusionProof(i, n);
    ASSERT_OK(proof);
    EXPECT_OK(merkle::VerifyInclusion(hasher, i, n, ref_.LeafHash(i), *proof, cp->root));
  }
  l.reset();
  auto report = log::AuditLedger(dir_);
  ASSERT_OK(report);
  EXPECT_EQ(report->entries, n);
  EXPECT_EQ(report->nodes_checked, 2 * n - std::popcount(n));
}

TEST_F(LedgerTest, PeriodicPublication) {
  LedgerOptions o;
  o.publish_interval = std::chrono::milliseconds(20);
  auto l = OpenOrDie(o);
  ASSERT_TRUE(l);
  AppendTagged(*l, "p", 7);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  uint64_t size = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto cp = VerifiedCheckpoint(*l->Checkpoint(), vkey_);
    ASSERT_OK(cp);
    size = cp->size;
    if (size == 7) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(size, 7u) << "no checkpoint for the appended entries without calling Publish";
}

TEST_F(LedgerTest, FullQueueYieldsUnavailable) {
  LedgerOptions o = ManualPublish();
  o.max_queued_entries = 1;
  auto l = OpenOrDie(o);
  ASSERT_TRUE(l);
  // Another connection holds the database's write lock, so the writer thread
  // blocks in its first transaction and the queue cannot drain.
  sqlite3* blocker = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / Ledger::kDatabaseFile).c_str(), &blocker), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(blocker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::vector<Result<std::vector<uint64_t>>> results(2, Status::Internal("not run"));
  std::thread a([&] { results[0] = l->AppendEntries({ToBytes("a")}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::thread b([&] { results[1] = l->AppendEntries({ToBytes("b")}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  auto rejected = l->AppendEntries({ToBytes("c"), ToBytes("d")});
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(StatusIs(rejected, Code::kUnavailable, "queue is full"));
  EXPECT_LT(waited, std::chrono::seconds(1)) << "a full queue must refuse at once, not wait";
  ASSERT_EQ(sqlite3_exec(blocker, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(blocker);
  a.join();
  b.join();
  // The queued appends went through once the writer could proceed.
  ASSERT_OK(results[0]);
  int ok = results[1].ok() ? 1 : 0;
  if (!results[1].ok()) EXPECT_TRUE(StatusIs(results[1], Code::kUnavailable));
  auto after = l->AppendEntries({ToBytes("e")});
  ASSERT_OK(after);
  EXPECT_EQ((*after)[0], 1u + ok);
}

TEST_F(LedgerTest, OneWriterAtATime) {
  auto first = OpenOrDie();
  ASSERT_TRUE(first);
  EXPECT_TRUE(StatusIs(Ledger::Open(dir_, ManualPublish()), Code::kUnavailable, "open for writing"));
  // Readers are not blocked by the writer lock.
  auto reader = Ledger::OpenReader(dir_);
  ASSERT_OK(reader);
  EXPECT_OK((*reader)->Checkpoint());
  first.reset();
  auto second = Ledger::Open(dir_, ManualPublish());
  EXPECT_OK(second);
}

TEST_F(LedgerTest, OpenRefusesAKeyReadableByOthers) {
  fs::permissions(dir_ / Ledger::kKeyFile, fs::perms(0644));
  EXPECT_TRUE(StatusIs(Ledger::Open(dir_), Code::kFailedPrecondition, "chmod 600"));
  fs::permissions(dir_ / Ledger::kKeyFile, fs::perms(0640));
  EXPECT_TRUE(StatusIs(Ledger::Open(dir_), Code::kFailedPrecondition, "mode 640"));
  fs::permissions(dir_ / Ledger::kKeyFile, fs::perms(0600));
  EXPECT_OK(Ledger::Open(dir_));
}

TEST_F(LedgerTest, OpenRefusesAnotherLedgersKey) {
  fs::path other = dir_.parent_path() / "other";
  ASSERT_OK(Ledger::Init(other, kOrigin));  // same origin, different key
  fs::remove(dir_ / Ledger::kKeyFile);
  fs::copy_file(other / Ledger::kKeyFile, dir_ / Ledger::kKeyFile);
  fs::permissions(dir_ / Ledger::kKeyFile, fs::perms(0600));
  EXPECT_TRUE(StatusIs(Ledger::Open(dir_), Code::kFailedPrecondition, "does not belong to this ledger"));
}

TEST_F(LedgerTest, OpenRefusesAMissingOrGarbledKey) {
  fs::rename(dir_ / Ledger::kKeyFile, dir_ / "moved.key");
  EXPECT_TRUE(StatusIs(Ledger::Open(dir_), Code::kNotFound, "no signing key"));
  ASSERT_OK(WriteFileAtomic(dir_ / Ledger::kKeyFile, AsBytes("PRIVATE+KEY+garbage\n"), 0600));
  EXPECT_TRUE(StatusIs(Ledger::Open(dir_), Code::kInvalidArgument));
}

// The audit reads one snapshot: it passes while a writer appends, integrates
// and publishes underneath it.
TEST_F(LedgerTest, AuditPassesWhileAppending) {
  LedgerOptions o;
  o.publish_interval = std::chrono::milliseconds(3);
  auto l = OpenOrDie(o);
  ASSERT_TRUE(l);
  std::atomic<bool> done{false};
  std::atomic<uint64_t> appended{0};
  std::thread writer([&] {
    for (int b = 0; b < 150; ++b) {
      std::vector<Bytes> entries;
      for (int k = 0; k < 20; ++k) entries.push_back(ToBytes("x" + std::to_string(b) + "-" + std::to_string(k)));
      if (!l->AppendEntries(entries).ok()) break;
      appended += 20;
    }
    done = true;
  });
  int audits = 0;
  uint64_t largest = 0;
  while (!done || audits < 5) {
    auto report = log::AuditLedger(dir_);
    ASSERT_OK(report) << "audit " << audits << " with " << appended.load() << " entries appended";
    largest = std::max(largest, report->entries);
    ++audits;
  }
  writer.join();
  EXPECT_EQ(appended.load(), 3000u);
  EXPECT_GT(largest, 0u);
  RecordProperty("audits", audits);
}

TEST_F(LedgerTest, InitRejectsAnInvalidOriginAndWritesNothing) {
  fs::path other = dir_.parent_path() / "bad-origin";
  EXPECT_TRUE(StatusIs(Ledger::Init(other, "has space"), Code::kInvalidArgument));
  EXPECT_TRUE(StatusIs(Ledger::Init(other, "has+plus"), Code::kInvalidArgument));
  EXPECT_TRUE(StatusIs(Ledger::Init(other, ""), Code::kInvalidArgument));
  EXPECT_FALSE(fs::exists(other / Ledger::kKeyFile));
  EXPECT_FALSE(fs::exists(other / Ledger::kDatabaseFile));
  EXPECT_OK(Ledger::Init(other, "fine.example/log"));
}

// Damage to the stored state is Corruption (exit code 1 in the CLI), not
// InvalidArgument (exit code 2, "bad arguments").
TEST_F(LedgerTest, UnparseableStoredCheckpointIsCorruption) {
  // Regression: the parse error of the stored note came back as
  // InvalidArgument, so `orelog append` exited 2 ("usage") on a damaged ledger.
  ASSERT_TRUE(orelog::testing::SqlExec(dir_ / Ledger::kDatabaseFile, "UPDATE log_state SET checkpoint = 'garbage'"));
  EXPECT_TRUE(StatusIs(Ledger::Open(dir_, ManualPublish()), Code::kCorruption, "checkpoint"));
}

// A damaged compact range must not become the base of new signed
// checkpoints: either Open notices, or what it publishes next is still
// consistent with what was published before.
TEST_F(LedgerTest, DamagedCompactRangeIsNotBuiltUpon) {
  tlog::Checkpoint before;
  {
    auto l = OpenOrDie();
    ASSERT_TRUE(l);
    AppendTagged(*l, "a", 300);  // compact range of 300 = 256 + 32 + 8 + 4: four roots
    before = PublishAndCheck(*l);
  }
  auto db = dir_ / Ledger::kDatabaseFile;
  Bytes range = orelog::testing::SqlBlob(db, "SELECT compact_range FROM log_state");
  ASSERT_EQ(range.size(), 4u * 32);
  range[32 + 5] ^= 0x40;  // the second root, node (level 5, index 8)
  ASSERT_TRUE(orelog::testing::SqlSetBlob(db, "log_state", "compact_range", "id = 1", range));

  // Regression: the stored compact range was trusted, so a damaged range was
  // extended and a root the entries never had was signed (a forked history).
  // Open now checks the range against the tiles and the last checkpoint.
  auto l = Ledger::Open(dir_, ManualPublish());
  if (!l.ok()) {
    EXPECT_TRUE(StatusIs(l, Code::kCorruption, "compact range"));
    return;
  }
  auto got = (*l)->AppendEntries({ToBytes("after damage")});
  auto note = (*l)->Publish();
  if (!got.ok() || !note.ok()) return;  // refusing to go on is fine
  auto after = VerifiedCheckpoint(*note, vkey_);
  ASSERT_OK(after);
  ref_.Add(ToBytes("after damage"));
  EXPECT_EQ(after->root, ref_.Root()) << "signed a root the entries do not produce";
  merkle::Hasher hasher;
  auto proof = (*l)->ConsistencyProof(before.size, after->size);
  ASSERT_OK(proof);
  EXPECT_OK(merkle::VerifyConsistency(hasher, before.size, after->size, *proof, before.root, after->root));
}

// A pooled reader left idle after a proof gives up its read snapshot, so
// the WAL can be checkpointed and reset while the ledger stays open.
TEST_F(LedgerTest, IdleReadersDoNotPinTheWal) {
  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  AppendTagged(*l, "p", 20);
  tlog::Checkpoint cp = PublishAndCheck(*l);
  ASSERT_OK(l->InclusionProof(3, cp.size));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2((dir_ / Ledger::kDatabaseFile).c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  // A first read makes the connection see the database is in WAL mode.
  ASSERT_EQ(sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr), SQLITE_OK);
  int log_frames = -1, checkpointed = -1;
  int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log_frames, &checkpointed);
  sqlite3_close(db);
  EXPECT_EQ(rc, SQLITE_OK) << "a reader still holds a snapshot (SQLITE_BUSY = 5)";
  EXPECT_EQ(log_frames, 0) << "the WAL was not reset";
}

}  // namespace
}  // namespace orelog
