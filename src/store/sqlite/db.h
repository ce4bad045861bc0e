// Thin RAII layer over the SQLite C API: a connection, prepared statements,
// and a transaction that rolls back unless committed. Every failure becomes a
// Status carrying SQLite's own message. No exceptions.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "orelog/status.h"

namespace orelog::store::sqlite {

class Stmt;

class Db {
 public:
  enum class Mode { kReadWrite, kReadWriteCreate, kReadOnly };

  static Result<Db> Open(const std::string& path, Mode mode);
  Db(Db&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Db& operator=(Db&& other) noexcept;
  ~Db();

  sqlite3* handle() const { return db_; }
  // Runs one or more statements without results.
  Status Exec(std::string_view sql);
  Result<Stmt> Prepare(std::string_view sql);
  // The error of the last failed call, with `what` as context.
  Status Error(std::string_view what) const;
  // Value of a single-row, single-column integer query (e.g. a PRAGMA).
  Result<int64_t> QueryInt(std::string_view sql);
  // Switches to WAL with synchronous=FULL, the store's durability contract,
  // and checks that SQLite really is in WAL mode (the PRAGMA does not fail
  // when it cannot switch).
  Status UseDurableWal();

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(Stmt&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Stmt& operator=(Stmt&& other) noexcept;
  ~Stmt();

  // Bind parameters by 1-based position. Text and blob are copied.
  Stmt& Bind(int i, int64_t v);
  Stmt& BindDouble(int i, double v);
  Stmt& Bind(int i, std::string_view text);
  Stmt& BindBlob(int i, ByteView blob);
  Stmt& BindNull(int i);

  // Step: true when a row is ready, false when done; error otherwise.
  Result<bool> Step();
  // Steps to completion of a statement that returns no rows.
  Status Run();
  void Reset();  // resets and clears bindings

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  ByteView Blob(int col) const;
  std::string_view Text(int col) const;

 private:
  friend class Db;
  Stmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// BEGIN IMMEDIATE on construction (when Begin succeeds); ROLLBACK on
// destruction unless Commit() succeeded.
class Txn {
 public:
  explicit Txn(Db& db) : db_(db) {}
  ~Txn();
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;

  Status Begin();
  Status Commit();

 private:
  Db& db_;
  bool open_ = false;
};

}  // namespace orelog::store::sqlite
