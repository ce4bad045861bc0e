// What per-party entitlement costs a query (issue #5 §8: policy filtering
// adds <= 10% to query latency, same run).
//
//   policy_bench [--events N] [--queries Q] [--dir DIR]
//
// A ledger of N events of bench/mineral_events.h (default 20,000; each
// names a source and a destination party) is captured in-process through
// repo::Capturer, submitted by a party none of the viewers is. Then Q
// MATCH_epc queries (one event each, EPCs drawn with a fixed seed) run
// through repo::EventReader::Query, each in turn for four viewers,
// interleaved so that drift hits all alike, the first asker of each query
// rotating (it reads the event's pages cold):
//   all      an audit token: full forms, no entitlement check (the baseline);
//   named    a read-full party named as destination of every event: each
//            candidate is checked (submitter, then an event_parties lookup)
//            and shown in full;
//   other    a read-full party named nowhere: checked, shown in public form;
//   public   no token: public forms, no check.
// Figures: p50 / p99 per viewer in microseconds, and named/all, other/all
// ratios (the floor is 1.10). Then the same over HTTP (GET /events?MATCH_epc
// on an in-process read-only server::HttpServer, one keep-alive connection,
// the four viewers' requests interleaved; bearer tokens of the audit, named
// and other parties): that is the query latency a client sees, and it
// includes recording every full-form read in the read log (all, named) with
// an fsync before the answer.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "common.h"
#include "mineral_events.h"
#include "orelog/ledger.h"
#include "query/query.h"
#include "repo/capture.h"
#include "repo/event_reader.h"
#include "repo/schema.h"
#include "repo/tokens.h"
#include "server/http_server.h"
#include "http_load.h"

namespace orelog::bench {
namespace {

namespace fs = std::filesystem;

double Pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return 0;
  size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

void Run(uint64_t events, uint64_t queries, fs::path dir) {
  const bool temp = dir.empty();
  if (temp) dir = fs::temp_directory_path() / ("orelog-policy-bench-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  Check(Ledger::Init(dir, "bench.example/policy").ok(), "init");
  Check(repo::EnsureRepoSchema(dir).ok(), "schema");
  {
    LedgerOptions lo;
    auto ledger = Ledger::Open(dir, lo);
    Check(ledger.ok(), "open");
    repo::CaptureOptions co;
    co.max_events = 500;
    co.custody = false;
    repo::Capturer capturer(**ledger, co);
    Stopwatch sw;
    for (uint64_t first = 0; first < events; first += 500) {
      const uint64_t count = std::min<uint64_t>(500, events - first);
      auto out = capturer.CaptureDocument(MineralDocument(first, count), "https://bench.example/submitter",
                                          repo::ErrorBehaviour::kRollback);
      Check(out.status.ok() && out.job.captured == count, "capture: " + out.status.message());
    }
    std::printf("figure=policy_store events=%llu build_s=%.1f\n", static_cast<unsigned long long>(events), sw.Seconds());
  }
  auto reader = repo::EventReader::Open(dir);
  Check(reader.ok(), "reader");
  std::vector<uint64_t> with_epc;
  for (uint64_t i = 0; i < events; ++i) {
    if (HasEpcList(i)) with_epc.push_back(i);
  }
  struct Who {
    const char* name;
    repo::Viewer viewer;
    std::vector<double> us;
    bool want_full;
  };
  Who who[] = {{"all", repo::Viewer::All(), {}, true},
               {"named", repo::Viewer::Party("urn:epc:id:pgln:4012345.00000"), {}, true},
               {"other", repo::Viewer::Party("https://other.example"), {}, false},
               {"public", repo::Viewer::Public(), {}, false}};
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<size_t> pick(0, with_epc.size() - 1);
  for (uint64_t q = 0; q < queries + 200; ++q) {
    const uint64_t i = with_epc[pick(rng)];
    auto parsed = query::ParseQuery("MATCH_epc=" + FirstEpc(i));
    Check(parsed.ok(), "query");
    // The viewer that asks first reads the event's pages cold: rotate the order.
    for (size_t n = 0; n < 4; ++n) {
      Who& w = who[(n + q) % 4];
      Stopwatch sw;
      auto r = (*reader)->Query(*parsed, w.viewer);
      const double us = sw.Seconds() * 1e6;
      Check(r.ok() && r->events.size() == 1 && r->events[0].index == i && r->events[0].full == w.want_full,
            std::string("answer for ") + w.name);
      if (q >= 200) w.us.push_back(us);  // the first 200 warm the caches
    }
  }
  const double base50 = Pct(who[0].us, 50), base99 = Pct(who[0].us, 99);
  for (const Who& w : who) {
    std::printf("figure=policy_query viewer=%s queries=%zu p50_us=%.1f p99_us=%.1f p50_ratio_to_all=%.3f "
                "p99_ratio_to_all=%.3f floor=1.10\n",
                w.name, w.us.size(), Pct(w.us, 50), Pct(w.us, 99), Pct(w.us, 50) / base50, Pct(w.us, 99) / base99);
  }
  reader->reset();

  // Over HTTP, with bearer tokens.
  const std::string tokens[] = {
      *repo::CreateToken(dir, "https://audit.example", "bench", repo::Scopes{repo::Scope::kAudit}),
      *repo::CreateToken(dir, "urn:epc:id:pgln:4012345.00000", "bench", repo::Scopes{repo::Scope::kReadFull}),
      *repo::CreateToken(dir, "https://other.example", "bench", repo::Scopes{repo::Scope::kReadFull}), ""};
  server::ServerOptions so;
  so.host = "127.0.0.1";
  so.port = 0;
  so.log_requests = false;
  auto srv = server::HttpServer::Start(dir, so, server::ServerServices{});
  Check(srv.ok(), "server: " + srv.status().message());
  std::vector<uint64_t> picks;
  for (uint64_t q = 0; q < queries + 200; ++q) picks.push_back(with_epc[pick(rng)]);
  LoadOptions lo;
  lo.port = (*srv)->port();
  lo.connections = 1;
  lo.requests_per_connection = 4 * picks.size();
  // Request k asks query k / 4 for viewer (k + k / 4) % 4: each query for
  // every viewer, the first asker rotating.
  auto viewer_of = [](uint64_t k) { return static_cast<size_t>((k + k / 4) % 4); };
  lo.make = [&](int, uint64_t k) {
    HttpCall call;
    call.target = "/events?MATCH_epc=" + FirstEpc(picks[k / 4]);
    if (!tokens[viewer_of(k)].empty()) call.headers.emplace_back("Authorization", "Bearer " + tokens[viewer_of(k)]);
    return call;
  };
  lo.check = [&](int, uint64_t k, int status, const std::string& body) {
    const bool full = body.find("orelog:sd") == std::string::npos;
    return status == 200 && body.find("\"" + FirstEpc(picks[k / 4]) + "\"") != std::string::npos &&
           full == who[viewer_of(k)].want_full;
  };
  LoadResult r = RunLoad(lo);
  std::vector<double> lat[4];
  for (size_t k = 4 * 200; k < r.latencies_ms.size(); ++k) lat[viewer_of(k)].push_back(r.latencies_ms[k] * 1000.0);
  const double http50 = Pct(lat[0], 50), http99 = Pct(lat[0], 99);
  for (int v = 0; v < 4; ++v) {
    std::printf("figure=policy_http viewer=%s queries=%zu p50_us=%.1f p99_us=%.1f p50_ratio_to_all=%.3f "
                "p99_ratio_to_all=%.3f floor=1.10\n",
                who[v].name, lat[v].size(), Pct(lat[v], 50), Pct(lat[v], 99), Pct(lat[v], 50) / http50,
                Pct(lat[v], 99) / http99);
  }
  srv->reset();
  if (temp) fs::remove_all(dir);
}

}  // namespace
}  // namespace orelog::bench

int main(int argc, char** argv) {
  using namespace orelog::bench;
  uint64_t events = 20000, queries = 20000;
  std::filesystem::path dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    Check(i + 1 < argc, "usage: policy_bench [--events N] [--queries Q] [--dir DIR]");
    if (a == "--events") events = std::stoull(argv[++i]);
    else if (a == "--queries") queries = std::stoull(argv[++i]);
    else if (a == "--dir") dir = argv[++i];
    else Check(false, "usage: policy_bench [--events N] [--queries Q] [--dir DIR]");
  }
  Check(events >= 4 && queries > 0, "counts must be positive");
  Run(events, queries, dir);
  return 0;
}
