// The narrow storage contracts of the log. The embedded SQLite store
// (store/sqlite) implements them today; a PostgreSQL store will implement the
// same promises natively (notes below say how), without sharing SQL with it.
//
// The log is built in three separate steps, as in Tessera and Sunlight:
//   1. sequencing   — entries get consecutive indices and are made durable;
//   2. integration  — sequenced entries are hashed into tiles;
//   3. publication  — a signed checkpoint for the integrated size is published
//                     by compare-and-swap.
// One LogWriter exists per ledger at a time (one writer); any number of
// LogReaders (one per thread) read concurrently and never block the writer.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "base/bytes.h"
#include "base/sha256.h"
#include "merkle/node_id.h"
#include "orelog/status.h"

namespace orelog::store {

// A column value in a caller's row. EntryIndexOf{k} stands for the log index
// assigned to entry k of the same batch (resolved during sequencing).
struct EntryIndexOf {
  size_t entry = 0;
};
using Value = std::variant<std::monostate, int64_t, double, std::string, Bytes, EntryIndexOf>;

// A row the caller wants written in the same transaction as its entries.
// `table` and `columns` must be plain SQL identifiers ([A-Za-z_][A-Za-z0-9_]*)
// of a table the caller created beforehand; the log's own tables are refused.
// (Triggers a caller installs run with the store's rights: don't.)
// `only_if_new_entry`: the row is written only if that entry of the batch was
// newly sequenced, not found as a duplicate (rows describing a new entry).
struct Row {
  std::string table;
  std::vector<std::string> columns;
  std::vector<Value> values;
  std::optional<size_t> only_if_new_entry;
};

struct NewEntry {
  Bytes data;       // at most 65,535 bytes (C2SP entry bundles)
  Bytes dedup_key;  // empty: no deduplication for this entry
};

// An atomic unit: all of its entries and rows commit, or none do. A batch may
// hold rows only (no entries), e.g. the record of a request that added nothing.
struct Batch {
  std::vector<NewEntry> entries;
  std::vector<Row> rows;
};

struct BatchOutcome {
  Status status;                  // not OK: nothing of this batch was written
  std::vector<uint64_t> indices;  // one per entry
  std::vector<bool> duplicate;    // true: the dedup key existed; index is the earlier one
};

struct LogState {
  uint64_t next_index = 0;          // entries [0, next_index) are sequenced
  uint64_t integrated = 0;          // entries [0, integrated) are in tiles
  std::vector<Hash> compact_range;  // roots of [0, integrated), left to right
  std::string checkpoint;           // current signed checkpoint note; empty before the first
};

// A node tile to store (see docs/storage-format.md): `nodes` replaces the
// stored version of tile (level, index); it always extends it.
struct TileWrite {
  uint32_t level = 0;
  uint64_t index = 0;
  Bytes nodes;
};

class LogWriter {
 public:
  virtual ~LogWriter() = default;

  virtual Result<LogState> LoadState() = 0;

  // Sequencing. Assigns consecutive indices from next_index to the entries of
  // every batch whose status comes back OK, writes entries, dedup keys and the
  // batch's rows, and commits all of them in ONE transaction (group commit).
  // A batch that fails (bad row, constraint violation) is rolled back alone
  // and reported in its outcome; the others still commit. If every entry of a
  // batch is a duplicate, the batch writes nothing and reports the old indices.
  //
  // MUST: return indices only after the transaction is durably committed
  // (fsync'd, synchronous=FULL); a crash after the return loses nothing.
  // MUST: if the commit's outcome is unknown (e.g. an I/O error during
  // COMMIT), return an error and refuse every later write until reopened.
  // PostgreSQL: one transaction per group at default synchronous_commit=on;
  // next_index held in a row locked with SELECT ... FOR UPDATE; dedup via a
  // unique index and ON CONFLICT DO NOTHING ... RETURNING.
  virtual Result<std::vector<BatchOutcome>> Sequence(std::span<const Batch* const> batches) = 0;

  // Entries [begin, end), for integration after a restart.
  virtual Result<std::vector<Bytes>> ReadEntries(uint64_t begin, uint64_t end) = 0;

  // The stored node tile (level, index), or empty Bytes if none yet.
  virtual Result<Bytes> ReadNodeTile(uint32_t level, uint64_t index) = 0;

  // Integration: atomically stores the tiles and moves `integrated` from
  // `old_size` to `new_size` with its compact range. Fails with
  // FailedPrecondition (writing nothing) if `integrated` is not `old_size`.
  // MUST be durable before returning. PostgreSQL: same transaction, the
  // state row checked with WHERE integrated = old_size.
  virtual Status Integrate(uint64_t old_size, uint64_t new_size, std::span<const Hash> compact_range,
                           std::span<const TileWrite> tiles) = 0;

  // Publication by compare-and-swap: replaces the current checkpoint with
  // `new_note` only if it is still `old_note` (empty = none yet), and records
  // it in the checkpoint history. FailedPrecondition if someone else won.
  // MUST be durable before returning. PostgreSQL: UPDATE ... WHERE
  // checkpoint IS NOT DISTINCT FROM $old, zero rows = lost the race.
  virtual Status PublishCheckpoint(std::string_view old_note, uint64_t size,
                                   std::string_view new_note) = 0;
};

// Read path: checkpoint, tiles, entry bundles, node hashes. Never takes the
// write lock; sees only committed data. One per thread.
// PostgreSQL: reads go to any replica or to static tile files; full tiles are
// immutable, so readers may cache them forever.
class LogReader {
 public:
  virtual ~LogReader() = default;

  // Current signed checkpoint note; NotFound before the first publication.
  virtual Result<std::string> Checkpoint() = 0;
  // Every published checkpoint note with its size, oldest first.
  virtual Result<std::vector<std::pair<uint64_t, std::string>>> CheckpointHistory() = 0;
  // C2SP tile bytes tile/<level>/<index>[.p/<width>]; NotFound if the stored
  // tile is narrower than `width`.
  virtual Result<Bytes> Tile(uint32_t level, uint64_t index, uint32_t width) = 0;
  // C2SP entry bundle tile/entries/<index>[.p/<width>].
  virtual Result<Bytes> EntryBundle(uint64_t index, uint32_t width) = 0;
  virtual Result<Bytes> Entry(uint64_t index) = 0;
  // The entries at `indices`, in that order; NotFound if one does not exist.
  // A reader may read them in one snapshot (entries never change once
  // sequenced); the default reads them one by one.
  virtual Result<std::vector<Bytes>> Entries(std::span<const uint64_t> indices) {
    std::vector<Bytes> out;
    out.reserve(indices.size());
    for (uint64_t i : indices) {
      ORELOG_ASSIGN_OR_RETURN(Bytes e, Entry(i));
      out.push_back(std::move(e));
    }
    return out;
  }
  // Hashes of perfect-subtree nodes, in order. NotFound if a node is not yet integrated.
  virtual Result<std::vector<Hash>> NodeHashes(std::span<const merkle::NodeID> ids) = 0;
};

}  // namespace orelog::store
