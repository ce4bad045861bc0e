// Counts SQLite write transactions and the rows they insert into a table, for
// every connection this process opens, without touching the code under test:
// sqlite_probe.cc defines sqlite3_open_v2 in the benchmark executable (which
// the static orelog libraries then link against), forwards to the real
// libsqlite3 function, and installs a commit, rollback and update hook on the
// new connection. orelog sets none of these hooks itself.
//
// Only for benchmarks: it is how store_bench reports the average group-commit
// size of the Ledger (rows of `entries` per committed transaction).
#pragma once

#include <cstdint>

namespace orelog::bench {

struct ProbeCounts {
  uint64_t commits_with_rows = 0;  // committed transactions that inserted into the table
  uint64_t rows = 0;               // rows inserted into the table by those transactions
  uint64_t other_commits = 0;      // committed write transactions without such rows
};

// Counts inserts into `table` from now on (connections opened before too).
void ProbeTable(const char* table);
ProbeCounts ReadProbe();

}  // namespace orelog::bench
