#include "sqlite_probe.h"

#include <dlfcn.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace orelog::bench {
namespace {

std::mutex table_mu;
std::string probed_table;  // guarded by table_mu
std::atomic<uint64_t> commits_with_rows{0}, rows{0}, other_commits{0};

// Per connection: rows inserted into the probed table by the open transaction.
// Hooks run on the thread using the connection, one at a time.
struct ConnState {
  uint64_t txn_rows = 0;
};

void OnUpdate(void* arg, int op, const char* /*db*/, const char* table, sqlite3_int64 /*rowid*/) {
  if (op != SQLITE_INSERT) return;
  std::lock_guard lk(table_mu);
  if (probed_table == table) static_cast<ConnState*>(arg)->txn_rows++;
}

int OnCommit(void* arg) {
  auto* s = static_cast<ConnState*>(arg);
  if (s->txn_rows > 0) {
    commits_with_rows.fetch_add(1, std::memory_order_relaxed);
    rows.fetch_add(s->txn_rows, std::memory_order_relaxed);
  } else {
    other_commits.fetch_add(1, std::memory_order_relaxed);
  }
  s->txn_rows = 0;
  return 0;  // let the commit proceed
}

void OnRollback(void* arg) { static_cast<ConnState*>(arg)->txn_rows = 0; }

}  // namespace

void ProbeTable(const char* table) {
  std::lock_guard lk(table_mu);
  probed_table = table;
}

ProbeCounts ReadProbe() {
  return {commits_with_rows.load(), rows.load(), other_commits.load()};
}

}  // namespace orelog::bench

// The interposer. A connection's ConnState is leaked on purpose: a probe
// lives as long as the benchmark process, and connections are few.
extern "C" int sqlite3_open_v2(const char* filename, sqlite3** db, int flags, const char* vfs) {
  using OpenFn = int (*)(const char*, sqlite3**, int, const char*);
  static OpenFn real = reinterpret_cast<OpenFn>(dlsym(RTLD_NEXT, "sqlite3_open_v2"));
  if (real == nullptr) {
    std::fputs("sqlite_probe: cannot find the real sqlite3_open_v2\n", stderr);
    std::abort();
  }
  int rc = real(filename, db, flags, vfs);
  if (rc == SQLITE_OK && *db != nullptr) {
    auto* state = new orelog::bench::ConnState;
    sqlite3_update_hook(*db, orelog::bench::OnUpdate, state);
    sqlite3_commit_hook(*db, orelog::bench::OnCommit, state);
    sqlite3_rollback_hook(*db, orelog::bench::OnRollback, state);
  }
  return rc;
}
