// Schema v1 creation, meta, and online backup. See docs/storage-format.md.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/sqlite/sqlite_store.h"

namespace orelog::store::sqlite {
namespace {

constexpr char kSchemaV1[] = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (idx INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE dedup (key BLOB PRIMARY KEY, idx INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE tiles (id INTEGER PRIMARY KEY, nodes BLOB NOT NULL);
CREATE TABLE log_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  next_index INTEGER NOT NULL,
  integrated INTEGER NOT NULL,
  compact_range BLOB NOT NULL,
  checkpoint TEXT);
CREATE TABLE checkpoints (
  seq INTEGER PRIMARY KEY,
  size INTEGER NOT NULL,
  note TEXT NOT NULL,
  published_at INTEGER NOT NULL);
INSERT INTO log_state (id, next_index, integrated, compact_range, checkpoint)
  VALUES (1, 0, 0, x'', NULL);
)sql";

// Creates an empty database file, mode 0600, failing if it exists. SQLite
// keeps an existing file's mode and gives it to the -wal and -shm files, and
// the database will hold private rows.
Status CreatePrivateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::Exists(path + " already exists");
    return Status::IOError("cannot create " + path + ": " + std::strerror(errno));
  }
  ::close(fd);
  return Status::Ok();
}

}  // namespace

Status CreateDatabase(const std::string& path, const std::string& origin, const std::string& vkey) {
  ORELOG_RETURN_IF_ERROR(CreatePrivateFile(path));
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open(path, Db::Mode::kReadWrite));
  // 16 KiB pages: a full node tile (16,320 bytes) then fits in one B-tree
  // page, so a proof reads one page per tile instead of a chain of five
  // overflow pages. Must precede WAL mode and the first table.
  ORELOG_RETURN_IF_ERROR(db.Exec("PRAGMA page_size=" + std::to_string(kPageSize)));
  ORELOG_RETURN_IF_ERROR(db.UseDurableWal());
  Txn txn(db);
  ORELOG_RETURN_IF_ERROR(txn.Begin());
  ORELOG_RETURN_IF_ERROR(db.Exec(kSchemaV1));
  ORELOG_ASSIGN_OR_RETURN(Stmt put, db.Prepare("INSERT INTO meta (key, value) VALUES (?, ?)"));
  for (auto [k, v] : {std::pair<const char*, std::string>{"format", kFormatVersion},
                      {"origin", origin}, {"vkey", vkey}}) {
    ORELOG_RETURN_IF_ERROR(put.Bind(1, k).Bind(2, v).Run());
  }
  return txn.Commit();
}

Result<Meta> ReadMeta(Db& db) {
  auto st = db.Prepare("SELECT key, value FROM meta");
  if (!st.ok()) return Status::Corruption("not an orelog ledger (no meta table): " + st.status().message());
  Stmt& stmt = *st;
  Meta meta;
  std::string format;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    std::string_view key = stmt.Text(0);
    std::string value(stmt.Text(1));
    if (key == "format") format = value;
    if (key == "origin") meta.origin = value;
    if (key == "vkey") meta.vkey = value;
  }
  if (format != kFormatVersion) {
    return Status::Corruption("unknown ledger format '" + format + "' (expected " + kFormatVersion + ")");
  }
  if (meta.origin.empty() || meta.vkey.empty()) return Status::Corruption("meta table lacks origin or vkey");
  return meta;
}

Status BackupDatabase(const std::string& src, const std::string& dst) {
  ORELOG_RETURN_IF_ERROR(CreatePrivateFile(dst));
  ORELOG_ASSIGN_OR_RETURN(Db from, Db::Open(src, Db::Mode::kReadWrite));
  ORELOG_ASSIGN_OR_RETURN(Db to, Db::Open(dst, Db::Mode::kReadWrite));
  sqlite3_backup* b = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
  if (b == nullptr) return to.Error("backup init");
  // -1: copy every page in one step, under one read snapshot of `src`, so the
  // copy is a consistent state even while a writer keeps appending.
  int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return to.Error("backup step");
  // The copy inherits WAL mode from the page header; make it durable.
  ORELOG_RETURN_IF_ERROR(to.Exec("PRAGMA synchronous=FULL; PRAGMA wal_checkpoint(FULL);"));
  return Status::Ok();
}

}  // namespace orelog::store::sqlite
