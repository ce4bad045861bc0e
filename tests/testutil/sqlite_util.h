// Test-only: raw SQLite access to a ledger database, for tampering with it
// and for reading what the store wrote, independently of store/sqlite.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/bytes.h"

namespace orelog::testing {

// Runs `sql` on the database at `path` in its own connection; fails the test
// (and returns false) on error.
inline bool SqlExec(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK;
  char* err = nullptr;
  if (ok) sqlite3_busy_timeout(db, 10000);
  if (ok && sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) ok = false;
  if (!ok) ADD_FAILURE() << "sql '" << sql << "' on " << path << ": " << (err ? err : sqlite3_errmsg(db));
  sqlite3_free(err);
  sqlite3_close(db);
  return ok;
}

// The single integer result of `sql`, or -1 (and a test failure).
inline int64_t SqlInt(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  int64_t out = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      out = sqlite3_column_int64(st, 0);
    } else {
      ADD_FAILURE() << "sql '" << sql << "' on " << path << ": " << sqlite3_errmsg(db);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

// The single blob/text result of `sql` as bytes (empty on error, with a test failure).
inline Bytes SqlBlob(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  Bytes out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(st, 0));
      out.assign(p, p + sqlite3_column_bytes(st, 0));
    } else {
      ADD_FAILURE() << "sql '" << sql << "' on " << path << ": " << sqlite3_errmsg(db);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

// Replaces a blob column of one row: UPDATE <table> SET <column> = ? WHERE <where>.
inline bool SqlSetBlob(const std::filesystem::path& path, const std::string& table, const std::string& column,
                       const std::string& where, ByteView value, bool as_text = false) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK;
  sqlite3_stmt* st = nullptr;
  std::string sql = "UPDATE " + table + " SET " + column + " = ? WHERE " + where;
  if (ok) ok = sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK;
  if (ok) {
    static const uint8_t kEmpty = 0;
    const void* p = value.empty() ? &kEmpty : value.data();
    if (as_text) sqlite3_bind_text(st, 1, static_cast<const char*>(p), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    else sqlite3_bind_blob(st, 1, p, static_cast<int>(value.size()), SQLITE_TRANSIENT);
    ok = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db) == 1;
  }
  if (!ok) ADD_FAILURE() << "'" << sql << "' on " << path << ": " << sqlite3_errmsg(db);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return ok;
}

}  // namespace orelog::testing
