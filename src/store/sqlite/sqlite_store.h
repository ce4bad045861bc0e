// The embedded SQLite implementation of the log store contracts
// (store/log_store.h), on one database file in WAL mode.
//
// Durability: the write connection runs journal_mode=WAL with
// synchronous=FULL, so every COMMIT is fsync'd before it returns. Readers use
// their own connections; in WAL mode they read a committed snapshot and never
// wait for the writer.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "store/log_store.h"
#include "store/sqlite/db.h"

namespace orelog::store::sqlite {

inline constexpr char kFormatVersion[] = "orelog-ledger-v1";
inline constexpr int kPageSize = 16384;  // see CreateDatabase

struct StoreOptions {
  int writer_cache_kib = 32 * 1024;
  int reader_cache_kib = 8 * 1024;
  size_t reader_tile_cache = 2048;  // tiles kept per reader (16 KiB each at most)
};

// Creates a new ledger database at `path` (which must not exist) with the
// v1 schema and meta rows. Durable on return.
Status CreateDatabase(const std::string& path, const std::string& origin, const std::string& vkey);

// Reads the meta table (format, origin, vkey); Corruption if the format is unknown.
struct Meta {
  std::string origin;
  std::string vkey;
};
Result<Meta> ReadMeta(Db& db);

class SqliteLogWriter final : public LogWriter {
 public:
  static Result<std::unique_ptr<SqliteLogWriter>> Open(const std::string& path,
                                                       const StoreOptions& options = {});

  Result<LogState> LoadState() override;
  Result<std::vector<BatchOutcome>> Sequence(std::span<const Batch* const> batches) override;
  Result<std::vector<Bytes>> ReadEntries(uint64_t begin, uint64_t end) override;
  Result<Bytes> ReadNodeTile(uint32_t level, uint64_t index) override;
  Status Integrate(uint64_t old_size, uint64_t new_size, std::span<const Hash> compact_range,
                   std::span<const TileWrite> tiles) override;
  Status PublishCheckpoint(std::string_view old_note, uint64_t size,
                           std::string_view new_note) override;

  // For callers that create their own tables (schema migrations) and for tests.
  Db& db() { return db_; }
  // Non-OK once a commit's outcome became unknown; every write then fails.
  const Status& fatal() const { return fatal_; }

 private:
  explicit SqliteLogWriter(Db db) : db_(std::move(db)) {}
  Status Prepare();
  Status SequenceOne(const Batch& batch, uint64_t& next, BatchOutcome& out, bool& all_dup);
  Status InsertRow(const Row& row, const std::vector<uint64_t>& indices);
  // Commits `txn`; an unknown outcome makes the writer refuse all later writes.
  Status CommitOrDie(Txn& txn, const char* what);

  Db db_;
  Status fatal_;
  uint64_t next_index_ = 0;
  std::unique_ptr<Stmt> insert_entry_, find_dedup_, insert_dedup_, set_next_;
  std::unique_ptr<Stmt> savepoint_, release_, rollback_to_;
  std::unordered_map<std::string, Stmt> row_stmts_;
};

class SqliteLogReader final : public LogReader {
 public:
  static Result<std::unique_ptr<SqliteLogReader>> Open(const std::string& path,
                                                       const StoreOptions& options = {});

  Result<std::string> Checkpoint() override;
  Result<std::vector<std::pair<uint64_t, std::string>>> CheckpointHistory() override;
  Result<Bytes> Tile(uint32_t level, uint64_t index, uint32_t width) override;
  Result<Bytes> EntryBundle(uint64_t index, uint32_t width) override;
  Result<Bytes> Entry(uint64_t index) override;
  // In the proof snapshot (below), with the same one retry in a fresh one.
  Result<std::vector<Bytes>> Entries(std::span<const uint64_t> indices) override;
  Result<std::vector<Hash>> NodeHashes(std::span<const merkle::NodeID> ids) override;

  ~SqliteLogReader() override;

  // Ends the proof snapshot if one is open (see below). A reader that sits
  // idle must be released so that it does not pin the WAL; Ledger's pool
  // does this on its writer thread's ticks.
  void ReleaseSnapshot();

  Result<Meta> ReadMeta() { return sqlite::ReadMeta(db_); }
  Db& db() { return db_; }

 private:
  struct CachedTile {
    std::shared_ptr<const Bytes> nodes;
    uint32_t width = 0;
  };
  SqliteLogReader(Db db, size_t cache_limit) : db_(std::move(db)), cache_limit_(cache_limit) {}
  // Calls `use` with the stored node tile (level, index), at least
  // `min_width` wide (else NotFound), from the cache or straight from
  // SQLite's row buffer (no copy unless the tile is cached).
  Status WithNodeTile(uint32_t level, uint64_t index, uint32_t min_width,
                      const std::function<void(ByteView nodes, uint32_t width)>& use);
  // Copies the hashes of `ids`, all in tile (level, index), into `out`.
  Status HashesFromTile(uint32_t level, uint64_t index, std::span<const merkle::NodeID> ids, Hash* out);

  // Proofs read inside a short-lived read snapshot shared by consecutive
  // NodeHashes calls (starting a read transaction per statement costs more
  // than the lookup). A snapshot lives at most kSnapshotMaxAge, so it never
  // pins the WAL for long; a node missing from it triggers one retry in a
  // fresh snapshot. Every other read ends the snapshot first, so checkpoints,
  // tiles and entries are always current. A transaction the caller opened on
  // db() is left alone.
  static constexpr std::chrono::milliseconds kSnapshotMaxAge{50};
  Status BeginSnapshot();
  // Entries: ascending indices at most this far apart are read with one
  // range scan, stepping over the rows between them (cheaper than a fresh
  // B-tree descent each).
  static constexpr uint64_t kEntryRunGap = 4;

  Db db_;
  size_t cache_limit_;
  bool in_snapshot_ = false;
  std::chrono::steady_clock::time_point snapshot_start_;
  std::unique_ptr<Stmt> get_tile_, get_entry_, get_entries_;
  // Tiles only grow by appending, so any stored version answers every node
  // below its width: every tile except full level-0 ones (one per 256
  // entries, rarely reused) is kept, and re-read only when a node lies past
  // the cached width. Cleared when it reaches cache_limit_ tiles.
  std::map<int64_t, CachedTile> cache_;
};

// Consistent online copy of the database at `src` into the new file `dst`
// (SQLite backup API, one pass under a read snapshot; fsync'd).
Status BackupDatabase(const std::string& src, const std::string& dst);

}  // namespace orelog::store::sqlite
