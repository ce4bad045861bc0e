// orelog::Ledger — the public API of the tamper-evident log engine.
//
// A ledger is a directory (docs/storage-format.md) holding an append-only
// RFC 9162 Merkle log whose C2SP checkpoints are signed with the ledger's
// Ed25519 key. Appends are sequenced and made durable by group commit; a
// background thread integrates them into tiles and publishes a checkpoint on
// a cadence, or on demand with Publish().
//
// Thread safety: every method may be called from any thread concurrently.
// Copying is disabled; the destructor finishes pending work (integrates and
// publishes what was acknowledged) and closes the store.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/ed25519.h"
#include "base/sha256.h"
#include "orelog/status.h"
#include "store/log_store.h"

namespace orelog {

struct LedgerOptions {
  // Integration + publication cadence; zero disables periodic publication
  // (it then happens only through Publish() and on close).
  std::chrono::milliseconds publish_interval{500};
  // Group commit: at most this many entries per sequencing transaction;
  // also the largest batch Append accepts.
  size_t max_group_entries = 4096;
  // Back-pressure: Append fails with Unavailable once this many entries wait.
  size_t max_queued_entries = 1 << 16;
  // SQLite page cache of the write connection and of each reader, KiB.
  int writer_cache_kib = 32 * 1024;
  int reader_cache_kib = 8 * 1024;
};

class Ledger {
 public:
  static constexpr char kDatabaseFile[] = "ledger.db";
  static constexpr char kKeyFile[] = "signing.key";

  // Creates a new ledger in `dir` (which must be missing or empty) for log
  // `origin`, with a fresh signing key written mode 0600, and publishes the
  // empty checkpoint. Built in a staging directory renamed into place, so a
  // failure leaves nothing behind. Returns the verifier key (vkey text).
  static Result<std::string> Init(const std::filesystem::path& dir, const std::string& origin);

  // Opens an existing ledger for writing, checks that the stored tree is
  // the one last published, and resumes integration of anything sequenced
  // but not yet integrated (e.g. after a crash). One writer at a time: an
  // exclusive flock on DIR; Unavailable while another process holds it.
  static Result<std::unique_ptr<Ledger>> Open(const std::filesystem::path& dir,
                                              const LedgerOptions& options = {});

  // Read-only access to a ledger (checkpoints, tiles, proofs) without the
  // writer lock, e.g. while a server is appending.
  static Result<std::unique_ptr<store::LogReader>> OpenReader(const std::filesystem::path& dir);

  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Sequences one atomic batch (entries + the caller's rows). Blocks until
  // the batch is durably committed (shared with concurrent callers: group
  // commit) and returns its indices. Unavailable when the queue is full;
  // the batch's own error (e.g. InvalidArgument) if it alone failed.
  Result<store::BatchOutcome> Append(store::Batch batch);
  // Several independent batches queued together (they usually share one
  // group commit); each is atomic on its own and has its own outcome. The
  // call fails as a whole (nothing queued) on a malformed batch, a full
  // queue or a closed ledger. A batch may hold rows and no entries.
  Result<std::vector<Result<store::BatchOutcome>>> AppendAll(std::vector<store::Batch> batches);
  // Entries waiting to be sequenced (for metrics).
  size_t QueuedEntries();
  // Convenience: entries without dedup keys or rows.
  Result<std::vector<uint64_t>> AppendEntries(const std::vector<Bytes>& entries);

  // Integrates everything sequenced so far and publishes a checkpoint for
  // it (unless one for that size exists). Returns the current checkpoint note.
  Result<std::string> Publish();

  // Read path (never waits for the writer).
  Result<std::string> Checkpoint();
  // RFC 9162 proofs against a published or integrated tree size.
  Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t tree_size);
  Result<std::vector<Hash>> ConsistencyProof(uint64_t size1, uint64_t size2);
  Result<Bytes> Entry(uint64_t index);

  const std::string& origin() const;
  const std::string& vkey() const;

  // Ed25519 signature, with the ledger's key, over `domain` + "\n" + `body`,
  // for signed documents that are not checkpoints (docs/passport-format.md).
  // `domain` is one line starting with "orelog-"; `body` is the document's
  // canonical JSON, so the message's second line starts with "{" and can
  // never be a checkpoint body (whose second line is a decimal tree size):
  // no signature made here verifies as a signature of a checkpoint.
  Result<ed25519::Signature> SignDocument(std::string_view domain, std::string_view body);

  // A new reader on this ledger's database (for callers serving tiles).
  Result<std::unique_ptr<store::LogReader>> NewReader();

  class Impl;

 private:
  explicit Ledger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace orelog
