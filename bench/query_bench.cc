// MATCH_epc queries over HTTP on a large EPCIS store (issue #3 §9: 1M
// events, p99 <= 5 ms at 8 connections).
//
//   query_bench --store DIR [--events N] [--rebuild] [--connections C]
//               [--requests R] [--warmup W] [--server-threads T]
//               [--build-threads B] [--doc-events D] [--no-warm]
//
// The store: a ledger in DIR holding events 0..N-1 of bench/mineral_events.h,
// captured in-process through repo::Capturer (the server's own capture path:
// strict parse, validation, PrepareEvent, one batch per document through
// Ledger::AppendAll, job rows) in documents of D events (capture limit raised
// to D; D <= LedgerOptions::max_group_entries) by B threads. It is kept
// between runs: DIR/bench-complete records N and the build figures, and a
// store with that marker and the same N is reused (--rebuild forces a new
// one). Building 1M events takes minutes.
//
// The load: a read-only in-process server::HttpServer on 127.0.0.1 (port 0),
// C keep-alive connections (bench/http_load.h), each sending W warm-up and
// then R timed GET /events?MATCH_epc=<EPC> requests without a token (public
// forms), EPCs drawn uniformly (fixed seed) from the store's ObjectEvents.
// Every answer must be 200 with exactly the one event that has that EPC.
// Figures: requests/s, p50/p99/p99.9/max latency, twice: with the OS page
// cache as found (cache=as_found; after a fresh build or other I/O, much of
// the 10 GB store may be on disk only), then after reading ledger.db once
// from start to end (cache=warm: the store in RAM, as on a server whose
// memory holds its database). --no-warm skips the second run.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common.h"
#include "http_load.h"
#include "mineral_events.h"
#include "orelog/ledger.h"
#include "repo/capture.h"
#include "repo/schema.h"
#include "server/http_server.h"

namespace orelog::bench {
namespace {

namespace fs = std::filesystem;
constexpr char kParty[] = "urn:epc:id:pgln:0614141.00000";
constexpr char kMarker[] = "bench-complete";

struct Options {
  fs::path store;
  uint64_t events = 1'000'000;
  bool rebuild = false;
  int connections = 8;
  uint64_t requests = 2500;  // timed, per connection
  uint64_t warmup = 100;     // per connection
  int server_threads = 2;
  int build_threads = 2;
  uint64_t doc_events = 4000;
  bool warm = true;
};

std::string ReadText(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Builds the store unless a complete one with the same size is there; returns
// the figure line of its build.
std::string EnsureStore(const Options& o, bool& fresh) {
  fresh = false;
  const fs::path marker = o.store / kMarker;
  const std::string want = "events=" + std::to_string(o.events) + " ";
  if (!o.rebuild && fs::exists(marker)) {
    std::string text = ReadText(marker);
    if (text.find(want) != std::string::npos) return text.substr(0, text.find('\n'));
  }
  fresh = true;
  fs::remove_all(o.store);
  auto vkey = Ledger::Init(o.store, "bench.orelog.example/query");
  Check(vkey.ok(), "Ledger::Init: " + vkey.status().ToString());
  Check(repo::EnsureRepoSchema(o.store).ok(), "EnsureRepoSchema");
  LedgerOptions lo;
  Check(o.doc_events <= lo.max_group_entries, "--doc-events exceeds the ledger's largest batch");
  auto ledger = Ledger::Open(o.store, lo);
  Check(ledger.ok(), "Ledger::Open: " + ledger.status().ToString());
  repo::CaptureOptions co;
  co.max_events = o.doc_events;
  co.max_bytes = 256u * 1024 * 1024;
  repo::Capturer capturer(**ledger, co);

  const uint64_t docs = (o.events + o.doc_events - 1) / o.doc_events;
  std::atomic<uint64_t> next{0}, done{0};
  Stopwatch sw;
  std::vector<std::thread> threads;
  for (int t = 0; t < o.build_threads; ++t) {
    threads.emplace_back([&] {
      for (uint64_t d; (d = next.fetch_add(1)) < docs;) {
        const uint64_t first = d * o.doc_events;
        const uint64_t count = std::min(o.doc_events, o.events - first);
        repo::CaptureOutcome out =
            capturer.CaptureDocument(MineralDocument(first, count), kParty, repo::ErrorBehaviour::kRollback);
        Check(out.status.ok(), "CaptureDocument: " + out.status.ToString() + " at " + out.pointer);
        Check(out.job.captured == count, "a document's events were not all new");
        const uint64_t total = done.fetch_add(count) + count;
        if (total / 100'000 != (total - count) / 100'000) {
          std::fprintf(stderr, "query_bench: %llu events stored, %.0f s\n", static_cast<unsigned long long>(total),
                       sw.Seconds());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const double capture_s = sw.Seconds();
  ledger->reset();  // integrates and publishes
  const double build_s = sw.Seconds();
  uint64_t bytes = 0;
  for (const auto& e : fs::directory_iterator(o.store)) {
    if (e.is_regular_file()) bytes += e.file_size();
  }
  char line[512];
  std::snprintf(line, sizeof line,
                "figure=query_store events=%llu doc_events=%llu build_threads=%d capture_seconds=%.1f "
                "build_seconds=%.1f events_per_s=%.0f disk_mib=%.0f vm_hwm_mib=%.0f",
                static_cast<unsigned long long>(o.events), static_cast<unsigned long long>(o.doc_events),
                o.build_threads, capture_s, build_s, static_cast<double>(o.events) / capture_s,
                static_cast<double>(bytes) / (1 << 20), static_cast<double>(ReadMemory().hwm_kib) / 1024);
  std::ofstream(marker) << line << " \n";
  return line;
}

// Reads the file once so that the OS page cache holds it (as far as RAM allows).
double ReadThrough(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> buf(1 << 20);
  Stopwatch sw;
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
  }
  return sw.Seconds();
}

void RunQueries(const Options& o) {
  server::ServerOptions so;
  so.threads = o.server_threads;
  so.log_requests = false;
  auto srv = server::HttpServer::Start(o.store, so);  // read-only
  Check(srv.ok(), "HttpServer::Start: " + srv.status().ToString());

  // Targets per connection, drawn before the clock starts.
  const uint64_t per_conn = o.warmup + o.requests;
  std::vector<std::vector<std::string>> epcs(static_cast<size_t>(o.connections));
  for (int c = 0; c < o.connections; ++c) {
    std::mt19937_64 rng(1000 + static_cast<uint64_t>(c));
    std::uniform_int_distribution<uint64_t> pick(0, o.events - 1);
    for (uint64_t k = 0; k < per_conn; ++k) {
      uint64_t i;
      do i = pick(rng);
      while (!HasEpcList(i));
      epcs[static_cast<size_t>(c)].push_back(FirstEpc(i));
    }
  }
  auto load = [&](uint64_t offset, uint64_t count) {
    LoadOptions lo;
    lo.port = (*srv)->port();
    lo.connections = o.connections;
    lo.requests_per_connection = count;
    lo.make = [&, offset](int c, uint64_t k) {
      HttpCall call;
      call.target = "/events?MATCH_epc=" + epcs[static_cast<size_t>(c)][offset + k];
      return call;
    };
    lo.check = [&, offset](int c, uint64_t k, int status, const std::string& body) {
      if (status != 200) return false;
      // Exactly one event, and it is the one with that EPC.
      size_t events = 0;
      for (size_t at = body.find("\"eventTime\""); at != std::string::npos; at = body.find("\"eventTime\"", at + 1)) {
        ++events;
      }
      return events == 1 && body.find("\"" + epcs[static_cast<size_t>(c)][offset + k] + "\"") != std::string::npos;
    };
    return RunLoad(lo);
  };
  auto measure = [&](const char* cache) {
    load(0, o.warmup);
    LoadResult r = load(o.warmup, o.requests);
    std::vector<double>& lat = r.latencies_ms;
    std::printf(
        "figure=query cache=%s events=%llu connections=%d requests=%zu seconds=%.3f requests_per_s=%.0f "
        "p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f cpu_util=%.2f\n",
        cache, static_cast<unsigned long long>(o.events), o.connections, lat.size(), r.seconds,
        static_cast<double>(lat.size()) / r.seconds, Percentile(lat, 50), Percentile(lat, 99), Percentile(lat, 99.9),
        Percentile(lat, 100), r.cpu_seconds / r.seconds);
    std::fflush(stdout);
  };
  measure("as_found");
  if (!o.warm) return;
  const double read_s = ReadThrough(o.store / Ledger::kDatabaseFile);
  std::printf("figure=warm_cache seconds=%.1f\n", read_s);
  measure("warm");
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      Check(i + 1 < argc, "missing value after " + a);
      return argv[++i];
    };
    if (a == "--store") o.store = next();
    else if (a == "--events") o.events = std::stoull(next());
    else if (a == "--rebuild") o.rebuild = true;
    else if (a == "--connections") o.connections = std::stoi(next());
    else if (a == "--requests") o.requests = std::stoull(next());
    else if (a == "--warmup") o.warmup = std::stoull(next());
    else if (a == "--server-threads") o.server_threads = std::stoi(next());
    else if (a == "--build-threads") o.build_threads = std::stoi(next());
    else if (a == "--doc-events") o.doc_events = std::stoull(next());
    else if (a == "--no-warm") o.warm = false;
    else {
      Check(false,
            "usage: query_bench --store DIR [--events N] [--rebuild] [--connections C] [--requests R] "
            "[--warmup W] [--server-threads T] [--build-threads B] [--doc-events D] [--no-warm]");
    }
  }
  Check(!o.store.empty(), "--store is required");
  Check(o.events >= 4 && o.connections > 0 && o.requests > 0 && o.doc_events > 0, "counts must be positive");
  return o;
}

}  // namespace
}  // namespace orelog::bench

int main(int argc, char** argv) {
  using namespace orelog::bench;
  Options o = Parse(argc, argv);
  bool fresh = false;
  std::string built = EnsureStore(o, fresh);
  std::printf("%s fresh=%d\n", built.c_str(), fresh ? 1 : 0);
  std::fflush(stdout);
  RunQueries(o);
  return 0;
}
