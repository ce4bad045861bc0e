// Ledger::Impl, write side: the writer thread's group commit, integration
// and checkpoint publication.
#include <algorithm>
#include <unistd.h>

#include "log/ledger_impl.h"
#include "log/proofs.h"
#include "merkle/verify.h"
#include "tlog/checkpoint.h"

namespace orelog {
namespace {

constexpr size_t kIntegrationChunk = 1 << 16;  // leaves per integration transaction
// How often idle pooled readers give up their proof snapshots.
constexpr std::chrono::milliseconds kSweepInterval{100};

merkle::Hasher& ThreadHasher() {
  thread_local merkle::Hasher hasher;
  return hasher;
}

// The stored current checkpoint; damage to it is Corruption, not bad input.
Result<tlog::Checkpoint> StoredCheckpoint(const std::string& note) {
  auto n = tlog::ParseNote(note);
  if (!n.ok()) return Status::Corruption("stored checkpoint: " + n.status().message());
  auto cp = tlog::ParseCheckpoint(n->text);
  if (!cp.ok()) return Status::Corruption("stored checkpoint: " + cp.status().message());
  return cp;
}

}  // namespace

Status Ledger::Impl::ResumeIntegrator() {
  ORELOG_ASSIGN_OR_RETURN(store::LogState state, writer_->LoadState());
  ORELOG_ASSIGN_OR_RETURN(merkle::CompactRange range,
                          merkle::CompactRange::FromState(state.integrated, state.compact_range));
  auto load = [this](uint32_t level, uint64_t index) { return writer_->ReadNodeTile(level, index); };
  ORELOG_ASSIGN_OR_RETURN(log::Integrator integrator, log::Integrator::Resume(std::move(range), load));
  integrator_.emplace(std::move(integrator));
  return Status::Ok();
}

void Ledger::Impl::SetFatal(const Status& st) {
  std::lock_guard lk(mu_);
  if (fatal_.ok()) fatal_ = st;
}

Status Ledger::Impl::Start() {
  ORELOG_RETURN_IF_ERROR(ResumeIntegrator());
  ORELOG_ASSIGN_OR_RETURN(store::LogState state, writer_->LoadState());
  checkpoint_ = state.checkpoint;
  tlog::Checkpoint cp{key_.name(), 0, merkle::Hasher::EmptyRoot(), {}};  // before the first publication
  if (!checkpoint_.empty()) {
    ORELOG_ASSIGN_OR_RETURN(cp, StoredCheckpoint(checkpoint_));
  }
  checkpoint_size_ = cp.size;
  ORELOG_RETURN_IF_ERROR(CheckStoredTree(cp));
  // Entries sequenced before a crash but not integrated: hash them again.
  for (uint64_t begin = state.integrated; begin < state.next_index; begin += kIntegrationChunk) {
    uint64_t end = std::min(state.next_index, begin + kIntegrationChunk);
    ORELOG_ASSIGN_OR_RETURN(std::vector<Bytes> entries, writer_->ReadEntries(begin, end));
    for (const Bytes& e : entries) pending_.push_back(hasher_.HashLeaf(e));
  }
  if (!pending_.empty()) ORELOG_RETURN_IF_ERROR(IntegrateAndPublish());
  thread_ = std::thread([this] { WriterLoop(); });
  return Status::Ok();
}

// Before building on the stored state, make sure it is the tree that was
// published, and that what was integrated since is what the entries say:
// the next checkpoint signs it. The compact range must match the stored
// tiles; the last checkpoint must be a prefix of the integrated tree (a
// consistency proof from the tiles); the leaves integrated after it must be
// the hashes of the stored entries. Cost: one proof plus the entries of at
// most one publish interval (more only after a crash during a long backlog).
Status Ledger::Impl::CheckStoredTree(const tlog::Checkpoint& cp) {
  uint64_t size = integrator_->size();
  if (cp.origin != key_.name()) return Status::Corruption("stored checkpoint is for origin '" + cp.origin + "'");
  if (cp.size > size) {
    return Status::Corruption("published checkpoint size " + std::to_string(cp.size) + " exceeds integrated size " +
                              std::to_string(size));
  }
  Hash root = integrator_->Root(hasher_);
  return WithReader([&](store::LogReader& r) -> Status {
    std::vector<merkle::NodeID> ids;  // the compact range's roots, left to right
    uint64_t begin = 0;
    for (int level = 63; level >= 0; --level) {
      if ((size >> level) & 1) {
        ids.push_back({static_cast<uint32_t>(level), begin >> level});
        begin += uint64_t{1} << level;
      }
    }
    ORELOG_ASSIGN_OR_RETURN(std::vector<Hash> stored, r.NodeHashes(ids));
    if (stored != integrator_->range().roots()) {
      return Status::Corruption("stored compact range does not match the stored tiles");
    }
    if (cp.size == size) {
      if (cp.root != root) return Status::Corruption("stored compact range does not produce the published root");
      return Status::Ok();
    }
    if (cp.size == 0) {
      if (cp.root != merkle::Hasher::EmptyRoot()) return Status::Corruption("stored empty checkpoint has a non-empty root");
    } else {
      ORELOG_ASSIGN_OR_RETURN(std::vector<Hash> proof, log::ConsistencyProof(r, hasher_, cp.size, size));
      Status st = merkle::VerifyConsistency(hasher_, cp.size, size, proof, cp.root, root);
      if (!st.ok()) return Status::Corruption("integrated tree does not extend the published checkpoint: " + st.message());
    }
    constexpr uint64_t kChunk = 4096;
    for (uint64_t first = cp.size; first < size; first += kChunk) {
      uint64_t end = std::min(size, first + kChunk);
      ORELOG_ASSIGN_OR_RETURN(std::vector<Bytes> entries, writer_->ReadEntries(first, end));
      std::vector<merkle::NodeID> leaves;
      for (uint64_t i = first; i < end; ++i) leaves.push_back({0, i});
      ORELOG_ASSIGN_OR_RETURN(std::vector<Hash> stored_leaves, r.NodeHashes(leaves));
      for (uint64_t i = first; i < end; ++i) {
        if (hasher_.HashLeaf(entries[i - first]) != stored_leaves[i - first]) {
          return Status::Corruption("entry " + std::to_string(i) + " does not match its integrated leaf hash");
        }
      }
    }
    return Status::Ok();
  });
}

Ledger::Impl::~Impl() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  writer_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the writer lock last
}

Result<store::BatchOutcome> Ledger::Impl::Append(store::Batch batch) {
  std::vector<store::Batch> one;
  one.push_back(std::move(batch));
  ORELOG_ASSIGN_OR_RETURN(std::vector<Result<store::BatchOutcome>> outcomes, AppendAll(std::move(one)));
  return std::move(outcomes[0]);
}

Result<std::vector<Result<store::BatchOutcome>>> Ledger::Impl::AppendAll(std::vector<store::Batch> batches) {
  std::vector<Request> reqs(batches.size());
  size_t total = 0;
  merkle::Hasher& hasher = ThreadHasher();  // hash on the caller's thread, in parallel
  for (size_t b = 0; b < batches.size(); ++b) {
    store::Batch& batch = batches[b];
    if (batch.entries.empty() && batch.rows.empty()) return Status::Invalid("a batch needs an entry or a row");
    if (batch.entries.size() > options_.max_group_entries) {
      return Status::Invalid("a batch of " + std::to_string(batch.entries.size()) + " entries exceeds the limit of " +
                             std::to_string(options_.max_group_entries));
    }
    reqs[b].leaf_hashes.reserve(batch.entries.size());
    for (const store::NewEntry& e : batch.entries) reqs[b].leaf_hashes.push_back(hasher.HashLeaf(e.data));
    total += batch.entries.size();
    reqs[b].batch = std::move(batch);
  }
  std::unique_lock lk(mu_);
  if (!fatal_.ok()) return fatal_;
  if (stopping_) return Status::Unavailable("ledger is closing");
  if (!queue_.empty() && queued_entries_ + total > options_.max_queued_entries) {
    return Status::Unavailable("write queue is full (" + std::to_string(queued_entries_) + " entries); retry later");
  }
  for (Request& r : reqs) queue_.push_back(&r);
  queued_entries_ += total;
  work_cv_.notify_one();
  done_cv_.wait(lk, [&] {
    return std::all_of(reqs.begin(), reqs.end(), [](const Request& r) { return r.done; });
  });
  std::vector<Result<store::BatchOutcome>> out;
  out.reserve(reqs.size());
  for (Request& r : reqs) out.push_back(std::move(r.outcome));
  return out;
}

size_t Ledger::Impl::QueuedEntries() {
  std::lock_guard lk(mu_);
  return queued_entries_;
}

void Ledger::Impl::WriterLoop() {
  using Clock = std::chrono::steady_clock;
  const bool periodic = options_.publish_interval.count() > 0;
  Clock::time_point next_publish = Clock::now() + options_.publish_interval;
  Clock::time_point next_sweep = Clock::now() + kSweepInterval;
  std::vector<Request*> group;
  while (true) {
    group.clear();
    uint64_t generation;
    bool stop;
    {
      std::unique_lock lk(mu_);
      auto has_work = [&] { return stopping_ || !queue_.empty() || publish_requested_ != publish_done_; };
      // Wake at least every kSweepInterval to release idle readers' snapshots.
      auto wake = Clock::now() + kSweepInterval;
      if (periodic && next_publish < wake) wake = next_publish;
      work_cv_.wait_until(lk, wake, has_work);
      size_t n = 0;
      while (!queue_.empty() &&
             (group.empty() || n + queue_.front()->batch.entries.size() <= options_.max_group_entries)) {
        n += queue_.front()->batch.entries.size();
        group.push_back(queue_.front());
        queue_.pop_front();
      }
      queued_entries_ -= n;
      generation = publish_requested_;
      stop = stopping_ && queue_.empty();
    }
    if (!group.empty()) SequenceGroup(group);
    if (Clock::now() >= next_sweep) {
      SweepIdleReaders();
      next_sweep = Clock::now() + kSweepInterval;
    }
    bool due = periodic && Clock::now() >= next_publish;
    bool asked;
    {
      std::lock_guard lk(mu_);
      asked = generation != publish_done_;
    }
    if (due || asked || stop) {
      Status st = IntegrateAndPublish();
      if (due) next_publish = Clock::now() + options_.publish_interval;
      std::lock_guard lk(mu_);
      publish_status_ = st;
      publish_done_ = generation;
      done_cv_.notify_all();
    }
    if (stop) break;
  }
}

void Ledger::Impl::SequenceGroup(std::vector<Request*>& group) {
  std::vector<const store::Batch*> batches;
  batches.reserve(group.size());
  for (Request* r : group) batches.push_back(&r->batch);
  Result<std::vector<store::BatchOutcome>> result = writer_->Sequence(batches);
  if (result.ok()) {
    // Indices were assigned in batch order; keep the new leaves in that order.
    for (size_t b = 0; b < group.size(); ++b) {
      const store::BatchOutcome& out = (*result)[b];
      if (!out.status.ok()) continue;
      for (size_t i = 0; i < out.indices.size(); ++i) {
        if (!out.duplicate[i]) pending_.push_back(group[b]->leaf_hashes[i]);
      }
    }
  }
  std::lock_guard lk(mu_);
  if (!writer_->fatal().ok()) fatal_ = writer_->fatal();
  for (size_t b = 0; b < group.size(); ++b) {
    Request* r = group[b];
    if (!result.ok()) {
      r->outcome = result.status();
    } else if (!(*result)[b].status.ok()) {
      r->outcome = (*result)[b].status;
    } else {
      r->outcome = std::move((*result)[b]);
    }
    r->done = true;
  }
  done_cv_.notify_all();
}

Status Ledger::Impl::Integrate() {
  size_t done = 0;
  while (done < pending_.size()) {
    size_t n = std::min(kIntegrationChunk, pending_.size() - done);
    uint64_t old_size = integrator_->size();
    integrator_->Add(hasher_, std::span<const Hash>(pending_).subspan(done, n));
    std::vector<store::TileWrite> tiles = integrator_->Flush();
    Status st = writer_->Integrate(old_size, integrator_->size(), integrator_->range().roots(), tiles);
    if (!st.ok()) {
      // Rebuild the in-memory tree from what is stored; keep the rest pending.
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(done));
      Status again = ResumeIntegrator();
      if (!again.ok()) {
        integrator_.reset();
        SetFatal(again.With("cannot reload the tree after a failed integration"));
      }
      return st;
    }
    done += n;
  }
  pending_.clear();
  return Status::Ok();
}

Status Ledger::Impl::PublishCurrent() {
  uint64_t size = integrator_->size();
  if (!checkpoint_.empty() && checkpoint_size_ == size) return Status::Ok();
  tlog::Checkpoint cp{key_.name(), size, integrator_->Root(hasher_), {}};
  const tlog::SignerKey* signers[] = {&key_};
  ORELOG_ASSIGN_OR_RETURN(std::string note, tlog::SignNote(cp.Marshal(), signers));
  Status st = writer_->PublishCheckpoint(checkpoint_, size, note);
  if (st.code() == Code::kFailedPrecondition) {
    // Lost a compare-and-swap: someone else published. Overwriting their
    // checkpoint could roll the log back, so stop writing; reopening
    // re-checks the stored tree against whatever was published.
    SetFatal(Status::Precondition("the checkpoint was replaced by another writer; refusing writes until reopened"));
  }
  ORELOG_RETURN_IF_ERROR(st);
  checkpoint_ = std::move(note);
  checkpoint_size_ = size;
  return Status::Ok();
}

void Ledger::Impl::SweepIdleReaders() {
  std::lock_guard lk(readers_mu_);
  for (auto& reader : readers_) reader->ReleaseSnapshot();
}

Status Ledger::Impl::IntegrateAndPublish() {
  if (!integrator_) {
    std::lock_guard lk(mu_);
    return fatal_;
  }
  Status st = Integrate();
  if (st.ok()) st = PublishCurrent();
  if (!writer_->fatal().ok()) SetFatal(writer_->fatal());  // an unknown commit outcome
  return st;
}

Result<std::string> Ledger::Impl::Publish() {
  std::unique_lock lk(mu_);
  if (!fatal_.ok()) return fatal_;
  uint64_t generation = ++publish_requested_;
  work_cv_.notify_one();
  done_cv_.wait(lk, [&] { return publish_done_ >= generation; });
  if (!publish_status_.ok()) return publish_status_;
  lk.unlock();
  return Checkpoint();
}

}  // namespace orelog
