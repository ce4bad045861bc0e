// Ledger end to end in one process: init/open, appends (concurrent, with
// rows and dedup), publication and proofs against published checkpoints.
// Restarts, back-pressure, locks, keys and damaged state: ledger_recovery_test.cc.
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
#include <set>
#include <thread>

#include "log/audit.h"
#include "log/proofs.h"
#include "merkle/multi_proof.h"
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

TEST_F(LedgerTest, ReaderServesEntriesAndMultiLeafProofs) {
  auto l = OpenOrDie();
  ASSERT_TRUE(l);
  AppendTagged(*l, "a", 700);
  const tlog::Checkpoint cp = PublishAndCheck(*l);
  AppendTagged(*l, "b", 5);  // sequenced beyond the checkpoint
  auto reader = l->NewReader();
  ASSERT_OK(reader);
  std::mt19937 rng(7);
  merkle::Hasher hasher;
  for (int round = 0; round < 20; ++round) {
    std::set<uint64_t> chosen;
    const size_t count = 1 + rng() % 60;
    while (chosen.size() < count) chosen.insert(rng() % cp.size);
    const std::vector<uint64_t> indices(chosen.begin(), chosen.end());
    auto entries = (*reader)->Entries(indices);
    ASSERT_OK(entries);
    std::vector<Hash> leaves;
    for (size_t k = 0; k < indices.size(); ++k) {
      ASSERT_EQ((*entries)[k], ref_.leaf(indices[k]));
      leaves.push_back(hasher.HashLeaf((*entries)[k]));
    }
    auto proof = log::MultiInclusionProof(**reader, hasher, indices, cp.size);
    ASSERT_OK(proof);
    EXPECT_OK(merkle::VerifyMultiInclusion(hasher, cp.size, indices, leaves, *proof, cp.root));
  }
  const uint64_t missing[] = {3, 10'000};
  EXPECT_TRUE(StatusIs((*reader)->Entries(missing), Code::kNotFound, "entry 10000"));
  const uint64_t late[] = {702};  // sequenced, readable as an entry
  EXPECT_OK((*reader)->Entries(late));
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
  EXPECT_TRUE(StatusIs(l->AppendEntries({}), Code::kInvalidArgument, "an entry or a row"));
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
    return store::Row{"shipments", {"entry", "lot"}, {store::EntryIndexOf{entry}, std::move(lot)}, {}};
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
  store::Batch bad_table{{{ToBytes("ship C"), {}}}, {store::Row{"nope", {"x"}, {int64_t{1}}, {}}}};
  EXPECT_FALSE(l->Append(bad_table).ok());

  // Partly duplicate: only the new entry is appended.
  store::Batch partial{{{ToBytes("ship B"), ToBytes("key-B")}, {ToBytes("ship D"), ToBytes("key-D")}},
                       {row("lot-2", 1)}};
  out = l->Append(partial);
  ASSERT_OK(out);
  EXPECT_EQ(out->indices, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(out->duplicate, (std::vector<bool>{true, false}));
  ref_.Add(ToBytes("ship D"));

  // Rows conditional on their entry being new: written for the new entry
  // only, while the duplicate's row is skipped instead of failing the batch.
  auto cond = [&](std::string lot, size_t entry) {
    store::Row r = row(std::move(lot), entry);
    r.only_if_new_entry = entry;
    return r;
  };
  store::Batch mixed{{{ToBytes("ship D"), ToBytes("key-D")}, {ToBytes("ship E"), ToBytes("key-E")}},
                     {cond("lot-2", 0), cond("lot-3", 1)}};
  out = l->Append(mixed);
  ASSERT_OK(out);
  EXPECT_EQ(out->indices, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(out->duplicate, (std::vector<bool>{true, false}));
  ref_.Add(ToBytes("ship E"));

  // Several batches at once, each atomic on its own; a rows-only batch is allowed.
  std::vector<store::Batch> many;
  many.push_back(store::Batch{{{ToBytes("ship F"), {}}}, {row("lot-4", 0)}});
  many.push_back(store::Batch{{{ToBytes("ship G"), {}}}, {row("lot-4", 0)}});  // lot-4 again: fails alone
  many.push_back(store::Batch{{}, {store::Row{"shipments", {"entry", "lot"}, {int64_t{-1}, std::string("note")}, {}}}});
  auto all = l->AppendAll(std::move(many));
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 3u);
  ASSERT_OK((*all)[0]);
  EXPECT_EQ((*all)[0]->indices, (std::vector<uint64_t>{4}));
  EXPECT_TRUE(StatusIs((*all)[1], Code::kAlreadyExists, "shipments"));
  ASSERT_OK((*all)[2]);
  EXPECT_TRUE((*all)[2]->indices.empty());
  ref_.Add(ToBytes("ship F"));
  std::vector<store::Batch> empty_batch(1);
  EXPECT_FALSE(l->AppendAll(std::move(empty_batch)).ok());

  // The tree holds each entry once; proofs and the audit agree.
  PublishAndCheck(*l);
  l.reset();
  auto db = dir_ / Ledger::kDatabaseFile;
  EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT count(*) FROM shipments"), 5);
  EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT entry FROM shipments WHERE lot = 'lot-3'"), 3);
  EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT count(*) FROM shipments WHERE lot = 'lot-4'"), 1);
  EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT entry FROM shipments WHERE lot = 'lot-2'"), 2);
  auto report = log::AuditLedger(dir_);
  ASSERT_OK(report);
  EXPECT_EQ(report->entries, 5u);
}

}  // namespace
}  // namespace orelog
