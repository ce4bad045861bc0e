#include "store/sqlite/db.h"

namespace orelog::store::sqlite {
namespace {

// Maps the connection's last error to a Status code the caller can act on.
Status ErrorStatus(sqlite3* db, std::string_view what) {
  int primary = sqlite3_extended_errcode(db) & 0xff;
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db);
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Status::Corruption(msg);
  if (primary == SQLITE_CONSTRAINT) {
    int ext = sqlite3_extended_errcode(db);
    if (ext == SQLITE_CONSTRAINT_PRIMARYKEY || ext == SQLITE_CONSTRAINT_UNIQUE) return Status::Exists(msg);
    return Status::Invalid(msg);  // NOT NULL, CHECK, foreign key: the row is wrong
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Status::Unavailable(msg);
  return Status::IOError(msg);
}

}  // namespace

Result<Db> Db::Open(const std::string& path, Mode mode) {
  int flags = SQLITE_OPEN_NOMUTEX;  // each connection is used by one thread at a time
  switch (mode) {
    case Mode::kReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case Mode::kReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case Mode::kReadOnly: flags |= SQLITE_OPEN_READONLY; break;
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return Status::IOError("cannot open " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 10000);
  return db;
}

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    if (db_) sqlite3_close_v2(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

Status Db::Error(std::string_view what) const { return ErrorStatus(db_, what); }

Status Db::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    sqlite3_free(err);
    return Error("exec '" + s.substr(0, 60) + "'");
  }
  return Status::Ok();
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error("prepare '" + std::string(sql.substr(0, 60)) + "'");
  return Stmt(db_, stmt);
}

Result<int64_t> Db::QueryInt(std::string_view sql) {
  ORELOG_ASSIGN_OR_RETURN(Stmt stmt, Prepare(sql));
  ORELOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::NotFound("no row for '" + std::string(sql) + "'");
  return stmt.Int(0);
}

Status Db::UseDurableWal() {
  ORELOG_ASSIGN_OR_RETURN(Stmt mode, Prepare("PRAGMA journal_mode=WAL"));
  ORELOG_ASSIGN_OR_RETURN(bool row, mode.Step());
  std::string got = row ? std::string(mode.Text(0)) : "";
  if (got != "wal") return Status::IOError("cannot switch the database to WAL mode (journal_mode is '" + got + "')");
  return Exec("PRAGMA synchronous=FULL");
}

Stmt& Stmt::operator=(Stmt&& other) noexcept {
  if (this != &other) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Stmt::~Stmt() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Stmt& Stmt::BindDouble(int i, double v) {
  sqlite3_bind_double(stmt_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view text) {
  sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindBlob(int i, ByteView blob) {
  // A zero-length blob must still be a blob, not NULL: pass a non-null pointer.
  static const uint8_t kEmpty = 0;
  const void* p = blob.empty() ? &kEmpty : blob.data();
  sqlite3_bind_blob(stmt_, i, p, static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

Result<bool> Stmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const char* sql = sqlite3_sql(stmt_);
  std::string what = "step '" + std::string(sql ? std::string_view(sql).substr(0, 60) : "") + "'";
  Status st = ErrorStatus(db_, what);  // read before reset, which may clear it
  sqlite3_reset(stmt_);
  return st;
}

Status Stmt::Run() {
  Result<bool> r = Step();
  if (!r.ok()) return r.status();
  Reset();
  return Status::Ok();
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

ByteView Stmt::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return {static_cast<const uint8_t*>(p), static_cast<size_t>(n)};
}

std::string_view Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return {reinterpret_cast<const char*>(p), static_cast<size_t>(n)};
}

Txn::~Txn() {
  if (open_) (void)db_.Exec("ROLLBACK");
}

Status Txn::Begin() {
  ORELOG_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  open_ = true;
  return Status::Ok();
}

Status Txn::Commit() {
  Status st = db_.Exec("COMMIT");
  if (st.ok()) open_ = false;
  return st;
}

}  // namespace orelog::store::sqlite
