// Ledger end to end in one process: init/open, appends (concurrent, with
// rows and dedup), publication, proofs against published checkpoints,
// resumption after a restart, back-pressure, and the single-writer lock.
#include "orelog/ledger.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

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
#include "testutil/ledger_util.h"
#include "testutil/reference_tree.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"

namespace orelog {
namespace {

namespace fs = std::filesystem;
using orelog::testing::RefTree;
using orelog::testing::StatusIs;
using orelog::testing::ToBytes;
using orelog::testing::VerifiedCheckpoint;

constexpr char kOrigin[] = "test.example/ledger";

LedgerOptions ManualPublish() {
  LedgerOptions o;
  o.publish_interval = std::chrono::milliseconds(0);
  return o;
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = orelog::testing::MakeTempDir("orelog-ledger-test") / "ledger";
    auto vkey = Ledger::Init(dir_, kOrigin);
    ASSERT_OK(vkey);
    vkey_ = *vkey;
  }
  void TearDown() override { fs::remove_all(dir_.parent_path()); }

  std::unique_ptr<Ledger> OpenOrDie(const LedgerOptions& o = ManualPublish()) {
    auto l = Ledger::Open(dir_, o);
    EXPECT_OK(l);
    return l.ok() ? std::move(*l) : nullptr;
  }

  // Appends entries "<tag>-<k>" in one batch, recording them in the oracle.
  std::vector<uint64_t> AppendTagged(Ledger& l, const std::string& tag, size_t count) {
    std::vector<Bytes> entries;
    for (size_t k = 0; k < count; ++k) entries.push_back(ToBytes(tag + "-" + std::to_string(k)));
    auto got = l.AppendEntries(entries);
    EXPECT_OK(got);
    if (!got.ok()) return {};
    for (Bytes& e : entries) ref_.Add(std::move(e));
    return *got;
  }

  tlog::Checkpoint PublishAndCheck(Ledger& l) {
    auto note = l.Publish();
    EXPECT_OK(note);
    auto cp = VerifiedCheckpoint(note.ok() ? *note : "", vkey_);
    EXPECT_OK(cp);
    if (!cp.ok()) return {};
    EXPECT_EQ(cp->origin, kOrigin);
    EXPECT_EQ(cp->size, ref_.size());
    EXPECT_EQ(cp->root, ref_.Root());
    return *cp;
  }

  fs::path dir_;
  std::string vkey_;
  RefTree ref_;
};

TEST_F(LedgerTest, InitWritesKeyAndEmptyCheckpoint) {
  EXPECT_TRUE(fs::exists(dir_ / Ledger::kDatabaseFile));
  struct stat st;
  ASSERT_EQ(::stat((dir_ / Ledger::kKeyFile).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto key = orelog::testing::LedgerSigningKey(dir_);
  ASSERT_OK(key);
  EXPECT_EQ(key->Verifier().ToString(), vkey_);
  EXPECT_EQ(key->name(), kOrigin);

  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  EXPECT_EQ(l->vkey(), vkey_);
  EXPECT_EQ(l->origin(), kOrigin);
  auto note = l->Checkpoint();
  ASSERT_OK(note);
  auto cp = VerifiedCheckpoint(*note, vkey_);
  ASSERT_OK(cp);
  EXPECT_EQ(cp->size, 0u);
  EXPECT_EQ(cp->root, ref_.Root());  // SHA-256 of the empty string
}

TEST_F(LedgerTest, InitRefusesAnExistingLedger) {
  std::string key_before = *ReadFile(dir_ / Ledger::kKeyFile);
  EXPECT_TRUE(StatusIs(Ledger::Init(dir_, kOrigin), Code::kAlreadyExists, "already holds a ledger"));
  EXPECT_EQ(*ReadFile(dir_ / Ledger::kKeyFile), key_before);
  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  EXPECT_EQ(l->vkey(), vkey_);
}

TEST_F(LedgerTest, InitRefusesADirectoryWithOnlyAKey) {
  fs::path other = dir_.parent_path() / "half";
  fs::create_directories(other);
  fs::copy_file(dir_ / Ledger::kKeyFile, other / Ledger::kKeyFile);
  EXPECT_TRUE(StatusIs(Ledger::Init(other, kOrigin), Code::kAlreadyExists));
}

TEST_F(LedgerTest, OpenWithoutLedgerIsNotFound) {
  EXPECT_TRUE(StatusIs(Ledger::Open(dir_.parent_path() / "nothing-here"), Code::kNotFound, "no ledger at"));
  EXPECT_TRUE(StatusIs(Ledger::OpenReader(dir_.parent_path() / "nothing-here"), Code::kNotFound));
}

TEST_F(LedgerTest, AppendPublishAndProveAgainstEveryCheckpoint) {
  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  std::vector<tlog::Checkpoint> published{PublishAndCheck(*l)};
  std::mt19937 rng(1);
  uint64_t next = 0;
  for (int round = 0; round < 6; ++round) {
    size_t count = 1 + rng() % 150;
    std::vector<uint64_t> got = AppendTagged(*l, "r" + std::to_string(round), count);
    ASSERT_EQ(got.size(), count);
    for (size_t k = 0; k < count; ++k) EXPECT_EQ(got[k], next + k);
    next += count;
    published.push_back(PublishAndCheck(*l));
  }
  ASSERT_EQ(ref_.size(), next);
  for (uint64_t i = 0; i < next; i += 7) EXPECT_EQ(*l->Entry(i), ref_.leaf(i)) << i;
  EXPECT_TRUE(StatusIs(l->Entry(next), Code::kNotFound));

  merkle::Hasher hasher;
  for (const tlog::Checkpoint& cp : published) {
    for (uint64_t i = 0; i < cp.size; ++i) {
      auto proof = l->InclusionProof(i, cp.size);
      ASSERT_OK(proof);
      ASSERT_OK(merkle::VerifyInclusion(hasher, i, cp.size, ref_.LeafHash(i), *proof, cp.root))
          << "index " << i << " size " << cp.size;
    }
  }
  for (size_t a = 1; a < published.size(); ++a) {
    for (size_t b = a; b < published.size(); ++b) {
      const tlog::Checkpoint &x = published[a], &y = published[b];
      auto proof = l->ConsistencyProof(x.size, y.size);
      ASSERT_OK(proof);
      EXPECT_OK(merkle::VerifyConsistency(hasher, x.size, y.size, *proof, x.root, y.root))
          << x.size << " -> " << y.size;
    }
  }
  // A proof is only good for its own leaf.
  auto proof = l->InclusionProof(3, next);
  ASSERT_OK(proof);
  EXPECT_FALSE(merkle::VerifyInclusion(hasher, 3, next, ref_.LeafHash(4), *proof, published.back().root).ok());
}

TEST_F(LedgerTest, PublishWithoutNewEntriesKeepsTheCheckpoint) {
  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  AppendTagged(*l, "x", 3);
  auto first = l->Publish();
  ASSERT_OK(first);
  auto second = l->Publish();
  ASSERT_OK(second);
  EXPECT_EQ(*first, *second);
  auto reader = Ledger::OpenReader(dir_);
  ASSERT_OK(reader);
  EXPECT_EQ((*reader)->CheckpointHistory()->size(), 2u);  // the empty one from Init, then size 3
}

TEST_F(LedgerTest, ProofsBeyondTheIntegratedSizeAreRefused) {
  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  AppendTagged(*l, "a", 4);
  PublishAndCheck(*l);
  AppendTagged(*l, "b", 4);  // sequenced, not integrated (no periodic publication)
  EXPECT_TRUE(StatusIs(l->InclusionProof(5, 8), Code::kNotFound));
  EXPECT_TRUE(StatusIs(l->ConsistencyProof(4, 8), Code::kNotFound));
  EXPECT_TRUE(StatusIs(l->InclusionProof(4, 4), Code::kInvalidArgument));
  EXPECT_TRUE(StatusIs(l->ConsistencyProof(5, 4), Code::kInvalidArgument));
  EXPECT_EQ(*l->Entry(7), ref_.leaf(7));  // durable even though not integrated
}

TEST_F(LedgerTest, InvalidBatchesAreRejected) {
  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  EXPECT_TRUE(StatusIs(l->AppendEntries({}), Code::kInvalidArgument, "at least one entry"));
  EXPECT_TRUE(StatusIs(l->AppendEntries({ToBytes("ok"), Bytes(65536, 'x')}), Code::kInvalidArgument, "65,535"));
  auto got = l->AppendEntries({Bytes(65535, 'y')});
  ASSERT_OK(got);
  EXPECT_EQ(*got, std::vector<uint64_t>{0});
  ref_.Add(Bytes(65535, 'y'));
  PublishAndCheck(*l);
}

TEST_F(LedgerTest, ConcurrentAppendersGetConsecutiveIndicesWithoutGaps) {
  LedgerOptions o;
  o.publish_interval = std::chrono::milliseconds(30);  // integrate while appending
  auto l = OpenOrDie(o);
  ASSERT_TRUE(l);
  constexpr int kThreads = 8, kBatches = 60;
  std::mutex mu;
  std::map<uint64_t, std::string> content;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      for (int b = 0; b < kBatches; ++b) {
        size_t n = 1 + rng() % 5;
        std::vector<Bytes> entries;
        std::vector<std::string> texts;
        for (size_t k = 0; k < n; ++k) {
          texts.push_back("t" + std::to_string(t) + "-b" + std::to_string(b) + "-e" + std::to_string(k));
          entries.push_back(ToBytes(texts.back()));
        }
        auto got = l->AppendEntries(entries);
        if (!got.ok() || got->size() != n) {
          ++failures;
          continue;
        }
        std::lock_guard lk(mu);
        for (size_t k = 0; k < n; ++k) {
          // A batch's entries are consecutive.
          if ((*got)[k] != (*got)[0] + k) ++failures;
          if (!content.emplace((*got)[k], texts[k]).second) ++failures;  // index handed out twice
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);
  ASSERT_FALSE(content.empty());
  // Unique and gap-free: the indices are exactly [0, total).
  EXPECT_EQ(content.begin()->first, 0u);
  EXPECT_EQ(content.rbegin()->first, content.size() - 1);
  for (const auto& [i, text] : content) {
    ASSERT_EQ(*l->Entry(i), ToBytes(text)) << i;
    ref_.Add(ToBytes(text));
  }
  PublishAndCheck(*l);
  l.reset();
  auto report = log::AuditLedger(dir_);
  ASSERT_OK(report);
  EXPECT_EQ(report->entries, content.size());
}

// Readers never see a checkpoint whose proofs cannot be served, while
// appends, integration and publication go on.
TEST_F(LedgerTest, ProofsServedWhileAppending) {
  LedgerOptions o;
  o.publish_interval = std::chrono::milliseconds(5);
  auto l = OpenOrDie(o);
  ASSERT_TRUE(l);
  std::atomic<bool> done{false};
  std::atomic<int> appended{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 3; ++t) {
    writers.emplace_back([&, t] {
      for (int b = 0; b < 40; ++b) {
        std::vector<Bytes> entries;
        for (int k = 0; k < 10; ++k) entries.push_back(ToBytes("w" + std::to_string(t) + "-" + std::to_string(b * 10 + k)));
        if (l->AppendEntries(entries).ok()) appended += 10;
      }
    });
  }
  std::vector<std::string> problems;
  std::mutex problems_mu;
  auto problem = [&](std::string p) {
    std::lock_guard lk(problems_mu);
    problems.push_back(std::move(p));
  };
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&, t] {
      std::mt19937_64 rng(t);
      merkle::Hasher hasher;
      tlog::Checkpoint prev;
      int checked = 0;
      while (!done || checked < 5) {
        auto note = l->Checkpoint();
        if (!note.ok()) { problem(note.status().ToString()); return; }
        auto cp = VerifiedCheckpoint(*note, vkey_);
        if (!cp.ok()) { problem(cp.status().ToString()); return; }
        if (cp->size < prev.size) problem("checkpoint went backwards");
        if (cp->size > 0) {
          uint64_t i = rng() % cp->size;
          auto entry = l->Entry(i);
          auto proof = l->InclusionProof(i, cp->size);
          if (!entry.ok() || !proof.ok()) {
            problem("inclusion " + std::to_string(i) + "/" + std::to_string(cp->size) + ": " +
                    (entry.ok() ? proof.status() : entry.status()).ToString());
          } else {
            Status v = merkle::VerifyInclusion(hasher, i, cp->size, hasher.HashLeaf(*entry), *proof, cp->root);
            if (!v.ok()) problem(v.ToString());
          }
          if (prev.size > 0 && prev.size < cp->size) {
            auto cons = l->ConsistencyProof(prev.size, cp->size);
            if (!cons.ok()) problem(cons.status().ToString());
            else if (Status v = merkle::VerifyConsistency(hasher, prev.size, cp->size, *cons, prev.root, cp->root); !v.ok())
              problem(v.ToString());
          }
        }
        prev = *cp;
        ++checked;
      }
    });
  }
  for (auto& th : writers) th.join();
  done = true;
  for (auto& th : readers) th.join();
  for (const std::string& p : problems) ADD_FAILURE() << p;
  EXPECT_EQ(appended.load(), 3 * 40 * 10);
  auto final_note = l->Publish();
  ASSERT_OK(final_note);
  EXPECT_EQ(VerifiedCheckpoint(*final_note, vkey_)->size, 1200u);
}

TEST_F(LedgerTest, RowsAndDedupThroughTheLedger) {
  ASSERT_TRUE(orelog::testing::SqlExec(dir_ / Ledger::kDatabaseFile,
                                       "CREATE TABLE shipments (entry INTEGER NOT NULL, lot TEXT NOT NULL UNIQUE)"));
  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  auto row = [](std::string lot, size_t entry) {
    return store::Row{"shipments", {"entry", "lot"}, {store::EntryIndexOf{entry}, std::move(lot)}};
  };
  store::Batch first{{{ToBytes("ship A"), ToBytes("key-A")}, {ToBytes("ship B"), ToBytes("key-B")}},
                     {row("lot-1", 1)}};
  auto out = l->Append(first);
  ASSERT_OK(out);
  EXPECT_EQ(out->indices, (std::vector<uint64_t>{0, 1}));
  ref_.Add(ToBytes("ship A"));
  ref_.Add(ToBytes("ship B"));

  // A retry of the same batch: reported as duplicates, nothing written.
  store::Batch retry{{{ToBytes("ship A"), ToBytes("key-A")}, {ToBytes("ship B"), ToBytes("key-B")}},
                     {row("lot-1", 1)}};
  out = l->Append(retry);
  ASSERT_OK(out);
  EXPECT_EQ(out->indices, (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ(out->duplicate, (std::vector<bool>{true, true}));

  // A batch whose row fails is reported alone and takes no index.
  store::Batch bad{{{ToBytes("ship C"), {}}}, {row("lot-1", 0)}};
  EXPECT_TRUE(StatusIs(l->Append(bad), Code::kAlreadyExists, "shipments"));
  store::Batch bad_table{{{ToBytes("ship C"), {}}}, {store::Row{"nope", {"x"}, {int64_t{1}}}}};
  EXPECT_FALSE(l->Append(bad_table).ok());

  // Partly duplicate: only the new entry is appended.
  store::Batch partial{{{ToBytes("ship B"), ToBytes("key-B")}, {ToBytes("ship D"), ToBytes("key-D")}},
                       {row("lot-2", 1)}};
  out = l->Append(partial);
  ASSERT_OK(out);
  EXPECT_EQ(out->indices, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(out->duplicate, (std::vector<bool>{true, false}));
  ref_.Add(ToBytes("ship D"));

  // The tree holds each entry once; proofs and the audit agree.
  PublishAndCheck(*l);
  l.reset();
  auto db = dir_ / Ledger::kDatabaseFile;
  EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT count(*) FROM shipments"), 2);
  EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT entry FROM shipments WHERE lot = 'lot-2'"), 2);
  auto report = log::AuditLedger(dir_);
  ASSERT_OK(report);
  EXPECT_EQ(report->entries, 3u);
}

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

}  // namespace
}  // namespace orelog
