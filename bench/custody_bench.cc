// The custody view's costs (issue #4 §10, §12), each beside a reference
// measured in the same run:
//
//   custody_bench --ledger L --gen-lots N --gen-seed S [--scratch D]
//                 [--capture-events E] [--threads C] [--reps R] [--traces K]
//                 [--million-lots M] [--skip CAPTURE,TRACE,RECOMPUTE]
//                 [--only-passports] [--dump-passports D]
//
// L is a ledger made by `orelog gen --lots N --seed S` (scripts/bench caches
// it); N and S name its lots (cli/gen_chain.h).
//
//   capture: the same E events of a generated chain (seed S + 1, 100-event
//     documents) captured through repo::Capturer (rollback mode, C threads
//     sharing group commits) into a fresh ledger in D, with custody
//     maintenance (CaptureOptions::custody, the default) and without it;
//     the order alternates between repetitions. events/s over the wall time.
//   trace: K random deepest lots (layer 20, 20 flows from their ores);
//     upstream trace of depth 20 on the loaded full-form book, timed per
//     call, each kind in a pass of its own over the K lots (so that no call
//     finds its lot's trace in cache from another kind's call):
//     custody::TraceJson (the json::object the API serialises), TraceJson +
//     serialisation, and Book::Upstream (the same breadth-first walk giving
//     the lots and edges with their event indices, no JSON). Reference: the
//     same traversal
//     as one recursive SQL query over lot_edges on a read-only connection to
//     the ledger's database (warmed by one pass first), returning every
//     edge with its event index; its distinct lots must equal the trace's.
//   load / recompute: the full forms' facts and the sites read from the
//     custody tables, parsed (FactsFromJson) and Record()ed; then
//     Book::Recompute timed alone (R times; median). Also
//     repo::CustodyView::Open (both books, Record + one Recompute each).
//   million: M lots (and their facts) built in memory from the generator's
//     documents with custody::ExtractFacts, Record()ed, then Recompute (R
//     times; median).
//   passport: after the view opens (part of recompute), passports of up to
//     200 random deepest lots, each made twice and verified offline.
//     --only-passports runs just the view's opening and the passports (no
//     whole-book load for traces); kinds passport_*_cpu are the same
//     passports' thread CPU time; --dump-passports D writes each lot's
//     first passport to D/<n>.json (to compare documents across builds).
// Prints one key=value line per measurement.
#include <sqlite3.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <sys/resource.h>
#include <time.h>

#include <atomic>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "cli/gen_chain.h"
#include "common.h"
#include "custody/book.h"
#include "custody/extract.h"
#include "custody/facts.h"
#include "custody/views.h"
#include "epcis/vocabulary.h"
#include "http_load.h"
#include "orelog/ledger.h"
#include "repo/capture.h"
#include "repo/custody_view.h"
#include "repo/schema.h"
#include "custody/flags.h"
#include "passport/passport.h"
#include "server/custody_routes.h"
#include "tlog/note.h"

namespace orelog::bench {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
constexpr char kParty[] = "urn:epc:id:pgln:0614141.00000";

struct Options {
  fs::path ledger;
  fs::path scratch = "custody-scratch";
  uint64_t gen_lots = 0;
  uint64_t gen_seed = 1;
  uint64_t capture_events = 20'000;
  int threads = 4;
  int reps = 3;
  int traces = 2000;
  uint64_t million_lots = 1'000'000;
  std::string skip;
  bool only_passports = false;
  fs::path dump_passports;
};

double Median(std::vector<double> v) { return Percentile(v, 50); }

// CPU seconds of the calling thread, and of the whole process (every
// computing thread); the machine is shared: wall time alone would count
// other processes' time slices.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Book::Recompute 1 + 2 × `reps` times. The first, right after Record (what a
// load does), also pays for first allocating every figure; the later ones
// rebuild the same figures (medians reported), alternately on the book's
// default threads (one per hardware thread) and on one thread.
struct RecomputeTimes {
  unsigned threads = 0;  // the default: one per hardware thread (at most 8)
  double first_wall = 0, first_cpu = 0, wall = 0, cpu = 0, one_wall = 0, one_cpu = 0;
  long first_faults = 0, faults = 0;  // minor page faults of the process (first; the last later one)
};

long MinorFaults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}
RecomputeTimes TimeRecompute(custody::Book& book, int reps) {
  RecomputeTimes t;
  t.threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  std::vector<double> wall, cpu, one_wall, one_cpu;
  for (int rep = 0; rep <= 2 * reps; ++rep) {
    const bool one = rep > 0 && rep % 2 == 0;
    book.set_compute_threads(one ? 1 : 0);
    const double c0 = ProcessCpuSeconds();
    const long f0 = MinorFaults();
    Stopwatch r;
    book.Recompute();
    const double w = r.Seconds(), c = ProcessCpuSeconds() - c0;
    (rep == 0 ? t.first_faults : t.faults) = MinorFaults() - f0;
    if (rep == 0) {
      t.first_wall = w;
      t.first_cpu = c;
    } else {
      (one ? one_wall : wall).push_back(w);
      (one ? one_cpu : cpu).push_back(c);
    }
  }
  book.set_compute_threads(0);
  t.wall = Median(wall);
  t.cpu = Median(cpu);
  t.one_wall = Median(one_wall);
  t.one_cpu = Median(one_cpu);
  return t;
}

// ---------------------------------------------------------------------------
double CaptureOnce(const Options& o, const std::vector<std::string>& docs, bool custody) {
  const fs::path dir = o.scratch / "ledger";
  fs::remove_all(dir);
  Check(Ledger::Init(dir, "bench.orelog.example/custody").ok(), "Ledger::Init");
  Check(repo::EnsureRepoSchema(dir).ok(), "EnsureRepoSchema");
  auto ledger = Ledger::Open(dir);
  Check(ledger.ok(), "Ledger::Open");
  repo::CaptureOptions co;
  co.custody = custody;
  repo::Capturer capturer(**ledger, co);
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> captured{0};
  Stopwatch sw;
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&] {
      for (size_t k; (k = next.fetch_add(1)) < docs.size();) {
        repo::CaptureOutcome out = capturer.CaptureDocument(docs[k], kParty, repo::ErrorBehaviour::kRollback);
        Check(out.status.ok(), "capture: " + out.status.ToString());
        captured += out.job.captured;
      }
    });
  }
  for (auto& t : threads) t.join();
  const double s = sw.Seconds();
  ledger->reset();
  fs::remove_all(dir);
  return static_cast<double>(captured.load()) / s;
}

void RunCapture(const Options& o) {
  cli::ChainGenerator gen(cli::ChainOptions{o.capture_events * cli::kLotsPerColumn / cli::kEventsPerColumn + 1,
                                            o.gen_seed + 1, 100});
  std::vector<std::string> docs;
  while (auto d = gen.NextDocument()) docs.push_back(std::move(*d));
  fs::create_directories(o.scratch);
  for (int rep = 0; rep < o.reps; ++rep) {
    double with = 0, without = 0;
    if (rep % 2 == 0) {
      with = CaptureOnce(o, docs, true);
      without = CaptureOnce(o, docs, false);
    } else {
      without = CaptureOnce(o, docs, false);
      with = CaptureOnce(o, docs, true);
    }
    std::printf("figure=capture rep=%d events=%llu documents=%zu threads=%d with_custody_events_per_s=%.0f "
                "without_custody_events_per_s=%.0f ratio=%.3f\n",
                rep, static_cast<unsigned long long>(gen.total_events()), docs.size(), o.threads, with, without,
                with / without);
    std::fflush(stdout);
  }
}

// ---------------------------------------------------------------------------
// Lots and edges reached by a walk.
struct Walk {
  size_t nodes = 0, edges = 0;
};

class SqlTrace {
 public:
  explicit SqlTrace(const fs::path& db) {
    Check(sqlite3_open_v2(db.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK, "open ledger.db");
    sqlite3_exec(db_, "PRAGMA cache_size=-32768", nullptr, nullptr, nullptr);
    Check(sqlite3_prepare_v2(db_,
                             "WITH RECURSIVE up(lot, depth) AS (SELECT ?1, 0 UNION "
                             "SELECT e.input, up.depth + 1 FROM up JOIN lot_edges e ON e.output = up.lot "
                             "WHERE up.depth < ?2) "
                             "SELECT e.input, e.output, e.idx, up.depth FROM up JOIN lot_edges e ON e.output = up.lot "
                             "WHERE up.depth < ?2",
                             -1, &stmt_, nullptr) == SQLITE_OK,
          std::string("prepare: ") + sqlite3_errmsg(db_));
  }
  ~SqlTrace() {
    sqlite3_finalize(stmt_);
    sqlite3_close(db_);
  }
  SqlTrace(const SqlTrace&) = delete;
  SqlTrace& operator=(const SqlTrace&) = delete;

  // Edges and distinct lots (the root included).
  Walk Run(const std::string& lot, int depth) {
    sqlite3_bind_text(stmt_, 1, lot.data(), static_cast<int>(lot.size()), SQLITE_STATIC);
    sqlite3_bind_int(stmt_, 2, depth);
    Walk w;
    std::unordered_map<std::string, bool> lots{{lot, true}};
    int rc;
    while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
      ++w.edges;
      lots.emplace(reinterpret_cast<const char*>(sqlite3_column_text(stmt_, 0)), true);
    }
    Check(rc == SQLITE_DONE, std::string("sql trace: ") + sqlite3_errmsg(db_));
    sqlite3_reset(stmt_);
    w.nodes = lots.size();
    return w;
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

void PrintLatency(const char* kind, std::vector<double> us, const Walk& w) {
  std::printf("figure=trace kind=%s depth=20 traces=%zu p50_us=%.1f p99_us=%.1f max_us=%.1f nodes=%zu edges=%zu\n",
              kind, us.size(), Percentile(us, 50), Percentile(us, 99), Percentile(us, 100), w.nodes, w.edges);
  std::fflush(stdout);
}

void RunTrace(const Options& o, const custody::Book& book) {
  cli::ChainGenerator gen(cli::ChainOptions{o.gen_lots, o.gen_seed, 100});
  std::mt19937_64 rng(20261201);
  std::vector<std::string> lots;
  for (int i = 0; i < o.traces; ++i) {
    lots.push_back(gen.LotId(cli::kChainLayers - 1, rng() % gen.width()));
    Check(!book.Upstream(lots.back(), 0).empty(),
          "no lot " + lots.back() + " in the ledger (--gen-lots / --gen-seed must match it)");
  }
  constexpr int kDepth = 20;
  std::vector<double> json_us, text_us, bare_us, sql_us;
  Walk json_walk, bare_walk, sql_walk;
  size_t total_nodes = 0, max_nodes = 0;
  // One untimed pass, then each kind timed in a pass of its own over all
  // the lots: every call starts with the caches holding the previous lot's
  // trace, not its own (no kind profits from another's run on the same lot).
  for (size_t i = 0; i < lots.size(); ++i) {
    auto t = custody::TraceJson(book, lots[i], custody::Direction::kUpstream, kDepth);
    Check(t.ok(), "TraceJson");
    const size_t nodes = t->at("nodes").as_array().size();
    std::vector<custody::Book::TracedEdge> edges;
    Check(book.Upstream(lots[i], kDepth, &edges).size() == nodes, "Book::Upstream and TraceJson disagree");
    Check(edges.size() == t->at("edges").as_array().size(), "Book::Upstream and TraceJson disagree on edges");
    total_nodes += nodes;
    max_nodes = std::max(max_nodes, nodes);
    json_walk = {nodes, t->at("edges").as_array().size()};
  }
  std::vector<custody::Book::TracedEdge> edges;
  for (size_t i = 0; i < lots.size(); ++i) {
    Stopwatch sw;
    const std::vector<custody::Book::TracedLot> up = book.Upstream(lots[i], kDepth, &edges);
    bare_us.push_back(sw.Seconds() * 1e6);
    bare_walk = {up.size(), edges.size()};
  }
  for (size_t i = 0; i < lots.size(); ++i) {
    Stopwatch sw;
    auto t = custody::TraceJson(book, lots[i], custody::Direction::kUpstream, kDepth);
    json_us.push_back(sw.Seconds() * 1e6);
  }
  for (size_t i = 0; i < lots.size(); ++i) {
    Stopwatch sw;
    auto t = custody::TraceJson(book, lots[i], custody::Direction::kUpstream, kDepth);
    std::string text = json::serialize(*t);
    text_us.push_back(sw.Seconds() * 1e6);
  }
  PrintLatency("trace_json", json_us, json_walk);
  PrintLatency("trace_json_text", text_us, json_walk);
  PrintLatency("book_upstream", bare_us, bare_walk);
  SqlTrace sql(o.ledger / Ledger::kDatabaseFile);
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < lots.size(); ++i) {
      Stopwatch sw;
      Walk w = sql.Run(lots[i], kDepth);
      const double us = sw.Seconds() * 1e6;
      if (pass == 1) {
        sql_us.push_back(us);
        sql_walk = w;
        Check(w.nodes == book.Upstream(lots[i], kDepth).size(), "SQL trace and the book disagree on " + lots[i]);
      }
    }
  }
  PrintLatency("sql_recursive", sql_us, sql_walk);
  std::printf("figure=trace_shape traces=%zu avg_nodes=%.1f max_nodes=%zu\n", lots.size(),
              static_cast<double>(total_nodes) / static_cast<double>(lots.size()), max_nodes);
  std::fflush(stdout);
}

// ---------------------------------------------------------------------------
void RunRecompute(const Options& o, custody::Book& book, uint64_t* facts_out) {
  sqlite3* db = nullptr;
  Check(sqlite3_open_v2((o.ledger / Ledger::kDatabaseFile).c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK,
        "open ledger.db");
  Stopwatch total;
  double read_s = 0, parse_s = 0, record_s = 0;
  sqlite3_stmt* s = nullptr;
  Check(sqlite3_prepare_v2(db, "SELECT site FROM custody_sites ORDER BY rowid", -1, &s, nullptr) == SQLITE_OK, "sites");
  while (sqlite3_step(s) == SQLITE_ROW) {
    auto site = custody::SiteFromJson(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    Check(site.ok(), "SiteFromJson");
    book.AddSite(*site, false);
  }
  sqlite3_finalize(s);
  Check(sqlite3_prepare_v2(db, "SELECT idx, full_facts FROM custody_facts ORDER BY idx", -1, &s, nullptr) == SQLITE_OK,
        "facts");
  uint64_t facts = 0;
  Stopwatch step;
  while (sqlite3_step(s) == SQLITE_ROW) {
    read_s += step.Seconds();
    Stopwatch p;
    auto f = custody::FactsFromJson(
        std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)),
                         static_cast<size_t>(sqlite3_column_bytes(s, 1))));
    Check(f.ok(), "FactsFromJson");
    f->index = static_cast<uint64_t>(sqlite3_column_int64(s, 0));
    parse_s += p.Seconds();
    Stopwatch r;
    book.Record(std::move(*f));
    record_s += r.Seconds();
    ++facts;
    step = Stopwatch();
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  const double load_s = total.Seconds();
  const RecomputeTimes t = TimeRecompute(book, o.reps);
  *facts_out = facts;
  {  // Every red-flag rule over the whole book: what the first flag reader after a new fact pays.
    Stopwatch f;
    const std::vector<custody::Flag> flags = custody::ComputeFlags(book, INT64_MAX / 2);
    std::printf("figure=flags source=ledger lots=%zu flags=%zu seconds=%.3f\n", book.lot_count(), flags.size(),
                f.Seconds());
    std::fflush(stdout);
  }
  const Memory m = ReadMemory();
  std::printf("figure=recompute source=ledger facts=%llu lots=%zu load_seconds=%.2f read_seconds=%.2f "
              "parse_seconds=%.2f record_seconds=%.2f first_recompute_seconds=%.3f first_recompute_cpu_seconds=%.3f "
              "recompute_seconds=%.3f recompute_cpu_seconds=%.3f threads=%u one_thread_recompute_seconds=%.3f "
              "one_thread_recompute_cpu_seconds=%.3f first_faults=%ld faults=%ld rss_mib=%ld\n",
              static_cast<unsigned long long>(facts), book.lot_count(), load_s, read_s, parse_s, record_s,
              t.first_wall, t.first_cpu, t.wall, t.cpu, t.threads, t.one_wall, t.one_cpu, t.first_faults, t.faults,
              m.rss_kib / 1024);
  std::fflush(stdout);
}

bool Skipped(const Options& o, const std::string& part);

// Passports of random refined lots (depth 20): built as GET /lots/{id}/passport
// builds them (leaves, proofs, figures, flags, signature), then verified
// offline as `orelog verify-passport` does.
void RunPassports(const Options& o, repo::CustodyView& view) {
  auto ledger = Ledger::Open(o.ledger);
  Check(ledger.ok(), "Ledger::Open: " + ledger.status().ToString());
  auto log = (*ledger)->NewReader();
  Check(log.ok(), "NewReader");
  auto events = repo::EventReader::Open(o.ledger);
  Check(events.ok(), "EventReader::Open");
  auto vkey = tlog::ParseVerifierKey((*ledger)->vkey());
  Check(vkey.ok(), "vkey");
  server::PassportSources sources{log->get(), events->get(), ledger->get()};
  cli::ChainGenerator gen(cli::ChainOptions{o.gen_lots, o.gen_seed, 100});
  std::mt19937_64 rng(20261202);
  std::vector<std::string> lots;
  for (int i = 0; i < std::min(o.traces, 200); ++i) lots.push_back(gen.LotId(cli::kChainLayers - 1, rng() % gen.width()));
  // Pass 0 asks for each lot the first time (its entries may still be on
  // disk rather than in the page cache); pass 1 asks for the same lots again.
  // Also each passport's CPU time on this thread: on a shared machine the
  // wall time's tail is mostly other processes' time slices.
  std::vector<double> build_us[2], verify_us[2], build_cpu_us[2], verify_cpu_us[2];
  size_t leaves = 0, bytes = 0;
  {  // one passport first, so that the red-flag cache is filled before timing
    server::Response r = server::PassportResponse(lots.front(), repo::Viewer::Public(), view, sources);
    Check(r.status == 200, "passport of " + lots.front() + ": " + r.body.substr(0, 300));
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& lot : lots) {
      Stopwatch sw;
      const double cpu0 = ThreadCpuSeconds();
      server::Response r = server::PassportResponse(lot, repo::Viewer::Public(), view, sources);
      const double b = sw.Seconds() * 1e6;
      const double cpu1 = ThreadCpuSeconds();
      Check(r.status == 200, "passport of " + lot + ": " + r.body.substr(0, 300));
      Stopwatch sv;
      auto verified = passport::Verify(r.body, *vkey);
      const double v = sv.Seconds() * 1e6;
      const double cpu2 = ThreadCpuSeconds();
      Check(verified.ok(), "verify " + lot + ": " + verified.status().ToString());
      if (pass == 0 && !o.dump_passports.empty()) {
        const fs::path file = o.dump_passports / (std::to_string(build_us[0].size()) + ".json");
        std::FILE* f = std::fopen(file.c_str(), "wb");
        Check(f != nullptr && std::fwrite(r.body.data(), 1, r.body.size(), f) == r.body.size() && std::fclose(f) == 0,
              "cannot write " + file.string());
      }
      build_us[pass].push_back(b);
      verify_us[pass].push_back(v);
      build_cpu_us[pass].push_back((cpu1 - cpu0) * 1e6);
      verify_cpu_us[pass].push_back((cpu2 - cpu1) * 1e6);
      leaves = std::max(leaves, verified->leaves);
      bytes = std::max(bytes, r.body.size());
    }
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (auto [kind, us] : {std::pair{"passport_build", &build_us[pass]}, std::pair{"passport_verify", &verify_us[pass]},
                            std::pair{"passport_build_cpu", &build_cpu_us[pass]},
                            std::pair{"passport_verify_cpu", &verify_cpu_us[pass]}}) {
      std::printf("figure=passport kind=%s request=%s lots=%zu p50_us=%.1f p99_us=%.1f max_us=%.1f max_leaves=%zu "
                  "max_bytes=%zu\n",
                  kind, pass == 0 ? "first" : "again", us->size(), Percentile(*us, 50), Percentile(*us, 99),
                  Percentile(*us, 100), leaves, bytes);
    }
  }
  std::fflush(stdout);
}

void RunViewOpen(const Options& o) {
  Stopwatch sw;
  auto view = repo::CustodyView::Open(o.ledger);
  Check(view.ok(), "CustodyView::Open: " + view.status().ToString());
  const double s = sw.Seconds();
  std::printf("figure=view_open lots=%zu seconds=%.2f\n", (*view)->LotCount(), s);
  std::fflush(stdout);
  if (!Skipped(o, "passport")) RunPassports(o, **view);
}

void RunMillion(const Options& o) {
  cli::ChainGenerator gen(cli::ChainOptions{o.million_lots, o.gen_seed + 2, 100});
  custody::Book book;
  epcis::Namespaces ns = epcis::StandardNamespaces();
  bool first = true;
  uint64_t index = 0;
  Stopwatch build;
  while (auto doc = gen.NextDocument()) {
    json::value v = json::parse(*doc);
    const json::object& root = v.as_object();
    if (first) {
      Check(epcis::AddContextNamespaces(root.at("@context"), ns).ok(), "@context");
      for (const custody::SiteFacts& s : custody::ExtractSites(root, ns)) book.AddSite(s, false);
      first = false;
    }
    for (const json::value& ev : root.at("epcisBody").at("eventList").as_array()) {
      custody::EventFacts f = custody::ExtractFacts(ev.as_object(), ns, index, "urn:uuid:" + std::to_string(index));
      Check(f.problems.empty(), "profile problem: " + (f.problems.empty() ? "" : f.problems[0]));
      ++index;
      book.Record(std::move(f));
    }
  }
  const double build_s = build.Seconds();
  const RecomputeTimes t = TimeRecompute(book, o.reps);
  const Memory m = ReadMemory();
  std::printf("figure=recompute source=memory facts=%llu lots=%zu build_seconds=%.1f first_recompute_seconds=%.3f "
              "first_recompute_cpu_seconds=%.3f recompute_seconds=%.3f recompute_cpu_seconds=%.3f threads=%u "
              "one_thread_recompute_seconds=%.3f one_thread_recompute_cpu_seconds=%.3f first_faults=%ld "
              "faults=%ld rss_mib=%ld\n",
              static_cast<unsigned long long>(index), book.lot_count(), build_s, t.first_wall, t.first_cpu, t.wall,
              t.cpu, t.threads, t.one_wall, t.one_cpu, t.first_faults, t.faults, m.rss_kib / 1024);
  std::fflush(stdout);
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      Check(i + 1 < argc, "missing value after " + a);
      return argv[++i];
    };
    if (a == "--ledger") o.ledger = next();
    else if (a == "--scratch") o.scratch = next();
    else if (a == "--gen-lots") o.gen_lots = std::stoull(next());
    else if (a == "--gen-seed") o.gen_seed = std::stoull(next());
    else if (a == "--capture-events") o.capture_events = std::stoull(next());
    else if (a == "--threads") o.threads = std::stoi(next());
    else if (a == "--reps") o.reps = std::stoi(next());
    else if (a == "--traces") o.traces = std::stoi(next());
    else if (a == "--million-lots") o.million_lots = std::stoull(next());
    else if (a == "--skip") o.skip = next();
    else if (a == "--only-passports") o.only_passports = true;
    else if (a == "--dump-passports") o.dump_passports = next();
    else {
      Check(false,
            "usage: custody_bench --ledger L --gen-lots N --gen-seed S [--scratch D] [--capture-events E] "
            "[--threads C] [--reps R] [--traces K] [--million-lots M] [--skip capture,trace,recompute,passport,million] "
            "[--only-passports] [--dump-passports D]");
    }
  }
  Check(o.reps > 0 && o.threads > 0 && o.traces > 0, "counts must be positive");
  return o;
}

bool Skipped(const Options& o, const std::string& part) { return o.skip.find(part) != std::string::npos; }

}  // namespace
}  // namespace orelog::bench

int main(int argc, char** argv) {
  using namespace orelog::bench;
  Options o = Parse(argc, argv);
  if (o.only_passports) {
    Check(!o.ledger.empty() && o.gen_lots > 0, "--ledger and --gen-lots are required for passports");
    Check(!Skipped(o, "passport"), "--only-passports with --skip passport");
    RunViewOpen(o);
    return 0;
  }
  if (!Skipped(o, "capture")) RunCapture(o);
  if (!Skipped(o, "trace") || !Skipped(o, "recompute")) {
    Check(!o.ledger.empty() && o.gen_lots > 0, "--ledger and --gen-lots are required for trace and recompute");
    {
      orelog::custody::Book book;
      uint64_t facts = 0;
      RunRecompute(o, book, &facts);  // loads the book the traces walk
      if (!Skipped(o, "trace")) RunTrace(o, book);
    }  // freed before the view loads its two books
    if (!Skipped(o, "recompute")) RunViewOpen(o);
  }
  if (!Skipped(o, "million")) RunMillion(o);
  return 0;
}
