// Ledger::Impl: the single writer thread (group commit, integration,
// publication) and the reader pool behind the public Ledger API.
//
// Data flow: Append() hashes its entries' leaves on the caller's thread and
// queues the batch; the writer thread takes up to max_group_entries queued
// entries, sequences them in one durable transaction, wakes the callers, and
// keeps the leaf hashes in `pending_` until integration. On the publish
// cadence (or Publish()) it integrates `pending_` into tiles and publishes a
// signed checkpoint by compare-and-swap.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "log/integrator.h"
#include "orelog/ledger.h"
#include "store/sqlite/sqlite_store.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"

namespace orelog {

class Ledger::Impl {
 public:
  Impl(std::filesystem::path dir, LedgerOptions options, tlog::SignerKey key, std::string vkey,
       std::unique_ptr<store::sqlite::SqliteLogWriter> writer)
      : dir_(std::move(dir)), options_(options), key_(std::move(key)), vkey_(std::move(vkey)),
        writer_(std::move(writer)) {}
  ~Impl();

  // Loads state, re-hashes sequenced-but-unintegrated entries, starts the thread.
  Status Start();

  Result<store::BatchOutcome> Append(store::Batch batch);
  Result<std::vector<Result<store::BatchOutcome>>> AppendAll(std::vector<store::Batch> batches);
  size_t QueuedEntries();
  Result<std::string> Publish();
  Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t tree_size);
  Result<std::vector<Hash>> ConsistencyProof(uint64_t size1, uint64_t size2);
  Result<std::string> Checkpoint();
  Result<Bytes> Entry(uint64_t index);
  Result<std::unique_ptr<store::LogReader>> NewReader();

  // Keeps the writer lock file descriptor until destruction.
  void HoldLock(int fd) { lock_fd_ = fd; }

  const std::string& origin() const { return key_.name(); }
  const std::string& vkey() const { return vkey_; }
  const tlog::SignerKey& key() const { return key_; }

 private:
  struct Request {
    store::Batch batch;
    std::vector<Hash> leaf_hashes;  // one per entry, computed by the caller
    bool done = false;
    Result<store::BatchOutcome> outcome = Status::Internal("not sequenced");
  };

  void WriterLoop();
  // Writer thread only.
  void SequenceGroup(std::vector<Request*>& group);
  Status IntegrateAndPublish();
  Status Integrate();
  Status PublishCurrent();
  Status CheckStoredTree(const tlog::Checkpoint& cp);
  // (Re)builds integrator_ from the stored state; leaves it unset on failure.
  Status ResumeIntegrator();
  // Ends the read snapshots of pooled readers not in use (they would pin the WAL).
  void SweepIdleReaders();
  // Makes every later write fail with `st` until the ledger is reopened.
  void SetFatal(const Status& st);

  // A new reader connection with this ledger's options.
  Result<std::unique_ptr<store::sqlite::SqliteLogReader>> OpenReader();
  // Runs `fn` with a pooled reader (readers are not thread-safe).
  template <typename Fn>
  auto WithReader(Fn&& fn) -> decltype(fn(std::declval<store::LogReader&>()));

  const std::filesystem::path dir_;
  const LedgerOptions options_;
  const tlog::SignerKey key_;
  const std::string vkey_;

  // Writer-thread state.
  std::unique_ptr<store::sqlite::SqliteLogWriter> writer_;
  std::optional<log::Integrator> integrator_;
  std::vector<Hash> pending_;  // leaf hashes of [integrator size, next index)
  std::string checkpoint_;     // last published note
  uint64_t checkpoint_size_ = 0;
  merkle::Hasher hasher_;

  std::mutex mu_;
  std::condition_variable work_cv_;  // writer waits for work
  std::condition_variable done_cv_;  // callers wait for results
  std::deque<Request*> queue_;       // guarded by mu_
  size_t queued_entries_ = 0;        // guarded by mu_
  uint64_t publish_requested_ = 0;   // guarded by mu_: generation asked for
  uint64_t publish_done_ = 0;        // guarded by mu_: generation completed
  Status publish_status_;            // guarded by mu_: result of the last publish
  Status fatal_;                     // guarded by mu_: sticky writer failure
  bool stopping_ = false;            // guarded by mu_
  std::thread thread_;

  int lock_fd_ = -1;

  std::mutex readers_mu_;
  std::vector<std::unique_ptr<store::sqlite::SqliteLogReader>> readers_;  // idle pool
};

template <typename Fn>
inline auto Ledger::Impl::WithReader(Fn&& fn) -> decltype(fn(std::declval<store::LogReader&>())) {
  std::unique_ptr<store::sqlite::SqliteLogReader> reader;
  {
    std::lock_guard lk(readers_mu_);
    if (!readers_.empty()) {
      reader = std::move(readers_.back());
      readers_.pop_back();
    }
  }
  if (!reader) {
    auto opened = OpenReader();
    if (!opened.ok()) return opened.status();
    reader = std::move(*opened);
  }
  auto result = fn(*reader);
  std::lock_guard lk(readers_mu_);
  readers_.push_back(std::move(reader));
  return result;
}

}  // namespace orelog
