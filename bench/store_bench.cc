// Durable append: orelog::Ledger against raw SQLite, same run, same disk.
//
//   store_bench --dir D [--seconds S] [--reps R] [--entry BYTES] [--config T:E]...
//
// For each config (T appender threads, each calling AppendEntries with E
// entries per call; default publish cadence), and each repetition:
//   1. ledger: a fresh ledger in D; threads append for S seconds after a
//      0.5 s warm-up; the figure is acknowledged entries per second. The
//      sqlite probe counts the rows each committed transaction put into
//      `entries`, which gives the average group (transaction) size G.
//   2. raw: a fresh database in D with the store's durability (WAL,
//      synchronous=FULL, same page cache); one thread runs
//      BEGIN IMMEDIATE; G x INSERT INTO t(idx, data) of BYTES-byte blobs; COMMIT
//      (G rounded per transaction so that the average is G) for S seconds.
// Prints one key=value line per measurement.
#include <sqlite3.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "common.h"
#include "orelog/ledger.h"
#include "sqlite_probe.h"

namespace orelog::bench {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr auto kWarmup = 500ms;

struct Config {
  int threads = 16;
  int per_call = 1;
};

struct Options {
  fs::path dir;
  double seconds = 5;
  int reps = 1;
  size_t entry = 1024;
  std::vector<Config> configs;
};

void Sleep(double seconds) { std::this_thread::sleep_for(std::chrono::duration<double>(seconds)); }

// Runs one ledger configuration; returns the average group size.
double RunLedger(const Options& o, const Config& c, int rep) {
  const fs::path dir = o.dir / "ledger";
  fs::remove_all(dir);
  auto vkey = Ledger::Init(dir, "bench.orelog.example/store");
  Check(vkey.ok(), "Ledger::Init: " + vkey.status().ToString());
  auto ledger = Ledger::Open(dir);
  Check(ledger.ok(), "Ledger::Open: " + ledger.status().ToString());

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> acked{0}, unavailable{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < c.threads; ++t) {
    threads.emplace_back([&, t] {
      LeafMaker maker(o.entry);
      std::vector<Bytes> batch(c.per_call);
      uint64_t seq = static_cast<uint64_t>(t) << 40;  // distinct content per thread
      while (!stop.load(std::memory_order_relaxed)) {
        for (auto& e : batch) e = maker.Copy(seq++);
        auto r = (*ledger)->AppendEntries(batch);
        if (r.ok()) {
          acked.fetch_add(r->size(), std::memory_order_relaxed);
        } else if (r.status().code() == Code::kUnavailable) {
          unavailable.fetch_add(1, std::memory_order_relaxed);
          std::this_thread::sleep_for(1ms);
        } else {
          Check(false, "AppendEntries: " + r.status().ToString());
        }
      }
    });
  }
  std::this_thread::sleep_for(kWarmup);
  const uint64_t acked0 = acked.load();
  const ProbeCounts p0 = ReadProbe();
  Stopwatch sw;
  Sleep(o.seconds);
  const uint64_t acked1 = acked.load();
  const ProbeCounts p1 = ReadProbe();
  const double secs = sw.Seconds();
  stop = true;
  for (auto& th : threads) th.join();
  ledger->reset();  // integrates and publishes what was acknowledged

  const double commits = static_cast<double>(p1.commits_with_rows - p0.commits_with_rows);
  const double rows = static_cast<double>(p1.rows - p0.rows);
  const double group = commits > 0 ? rows / commits : 0;
  std::printf(
      "figure=ledger_append rep=%d threads=%d per_call=%d entry_bytes=%zu seconds=%.2f entries=%llu "
      "entries_per_s=%.0f seq_txns=%.0f avg_group=%.2f other_txns=%llu unavailable=%llu\n",
      rep, c.threads, c.per_call, o.entry, secs, static_cast<unsigned long long>(acked1 - acked0),
      static_cast<double>(acked1 - acked0) / secs, commits, group,
      static_cast<unsigned long long>(p1.other_commits - p0.other_commits),
      static_cast<unsigned long long>(unavailable.load()));
  std::fflush(stdout);
  fs::remove_all(dir);
  return group;
}

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    Check(false, std::string("sqlite: ") + sql + ": " + (err ? err : "?"));
  }
}

void RunRaw(const Options& o, double group, int rep) {
  const fs::path path = o.dir / "raw.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  sqlite3* db = nullptr;
  Check(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK,
        "open raw db");
  // The store's durability and page cache (LedgerOptions::writer_cache_kib).
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  Exec(db, ("PRAGMA cache_size=-" + std::to_string(LedgerOptions{}.writer_cache_kib)).c_str());
  Exec(db, "CREATE TABLE t (idx INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  sqlite3_stmt* ins = nullptr;
  Check(sqlite3_prepare_v2(db, "INSERT INTO t (idx, data) VALUES (?, ?)", -1, &ins, nullptr) == SQLITE_OK,
        "prepare insert");
  LeafMaker maker(o.entry);
  uint64_t idx = 0;
  double owed = 0;  // spreads a fractional group size over transactions
  auto txn = [&] {
    owed += group;
    const auto n = static_cast<uint64_t>(std::max(1.0, std::floor(owed)));
    owed -= static_cast<double>(n);
    Exec(db, "BEGIN IMMEDIATE");
    for (uint64_t k = 0; k < n; ++k, ++idx) {
      ByteView data = maker.Leaf(idx);
      sqlite3_bind_int64(ins, 1, static_cast<sqlite3_int64>(idx));
      sqlite3_bind_blob(ins, 2, data.data(), static_cast<int>(data.size()), SQLITE_TRANSIENT);
      Check(sqlite3_step(ins) == SQLITE_DONE, std::string("insert: ") + sqlite3_errmsg(db));
      sqlite3_reset(ins);
    }
    Exec(db, "COMMIT");
  };
  for (Stopwatch warm; warm.Seconds() < std::chrono::duration<double>(kWarmup).count();) txn();
  const uint64_t idx0 = idx;
  const ProbeCounts p0 = ReadProbe();
  Stopwatch sw;
  while (sw.Seconds() < o.seconds) txn();
  const double secs = sw.Seconds();
  const ProbeCounts p1 = ReadProbe();
  sqlite3_finalize(ins);
  sqlite3_close(db);
  const double commits = static_cast<double>(p1.commits_with_rows - p0.commits_with_rows);
  std::printf("figure=raw_insert rep=%d entry_bytes=%zu group=%.2f seconds=%.2f rows=%llu rows_per_s=%.0f "
              "txns=%.0f measured_group=%.2f\n",
              rep, o.entry, group, secs, static_cast<unsigned long long>(idx - idx0),
              static_cast<double>(idx - idx0) / secs, commits,
              commits > 0 ? static_cast<double>(p1.rows - p0.rows) / commits : 0.0);
  std::fflush(stdout);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      Check(i + 1 < argc, "missing value after " + a);
      return argv[++i];
    };
    if (a == "--dir") {
      o.dir = next();
    } else if (a == "--seconds") {
      o.seconds = std::stod(next());
    } else if (a == "--reps") {
      o.reps = std::stoi(next());
    } else if (a == "--entry") {
      o.entry = std::stoul(next());
    } else if (a == "--config") {
      std::string v = next();
      auto colon = v.find(':');
      Check(colon != std::string::npos, "--config wants THREADS:ENTRIES_PER_CALL");
      o.configs.push_back({std::stoi(v.substr(0, colon)), std::stoi(v.substr(colon + 1))});
    } else {
      Check(false, "usage: store_bench --dir D [--seconds S] [--reps R] [--entry BYTES] [--config T:E]...");
    }
  }
  Check(!o.dir.empty(), "--dir is required");
  if (o.configs.empty()) o.configs.push_back({});
  return o;
}

}  // namespace
}  // namespace orelog::bench

int main(int argc, char** argv) {
  using namespace orelog::bench;
  Options o = Parse(argc, argv);
  std::filesystem::create_directories(o.dir);
  ProbeTable("entries");
  for (int rep = 0; rep < o.reps; ++rep) {
    for (const Config& c : o.configs) {
      double group = RunLedger(o, c, rep);
      // The raw baseline inserts into `t`; count those rows from here on.
      ProbeTable("t");
      RunRaw(o, group, rep);
      ProbeTable("entries");
    }
  }
  return 0;
}
