// Durable EPCIS capture over loopback HTTP (issue #3 §9) against raw SQLite
// writing the same rows, same run, same disk.
//
//   capture_bench --dir D [--connections C] [--per-request E] [--requests R]
//                 [--warmup W] [--reps N] [--server-threads T] [--no-raw]
//                 [--raw-page-size B] [--signed]
//
// Each repetition:
//   1. capture: a fresh ledger in D/ledger (default LedgerOptions and
//      CaptureOptions, a bearer token from repo::CreateToken) served by an
//      in-process server::HttpServer on 127.0.0.1 (port 0). C keep-alive
//      connections (bench/http_load.h) each POST W warm-up documents, then R
//      timed ones: EPCISDocuments of E distinct ~1 KiB mineral events
//      (bench/mineral_events.h), request bodies built before the clock
//      starts. Every answer must be 202 with "captured":E. Figures: events/s
//      over the wall time of the timed requests, p50/p99 request latency, the
//      average group commit (rows of `entries` per sequencing transaction,
//      bench/sqlite_probe.h) and the process CPU use.
//   2. raw: a fresh SQLite database D/raw.db with the ledger's own CREATE
//      statements (copied from the ledger above: entries, dedup, events,
//      full_terms, public_terms and their indexes), SQLite's default page
//      size (--raw-page-size to change it), and the store's durability (journal_mode=WAL, synchronous=FULL,
//      32 MiB page cache). The same C x R documents are parsed and turned
//      into rows by the repository's own code (repo::PrepareEvent,
//      repo::EventRowBuilder) outside the clock; then one thread runs, per
//      document, BEGIN IMMEDIATE; per event INSERT entries, INSERT dedup,
//      INSERT events, INSERT its full_terms and public_terms rows; COMMIT.
//      SQLite admits one writer at a time, so one thread writing back to
//      back is the best any number of threads can do with 100-event
//      transactions (more threads would only add lock hand-offs). The figure
//      is events per second of transaction time (BEGIN to COMMIT).
// With --signed, each repetition also runs step 1 as signed captures
// (docs/participants.md §4): the party is registered with an Ed25519 key and
// every document is sent as repo::MakeSignedCapture makes it (public forms,
// disclosures, batch root and signature made by the client before the clock
// starts; the server re-derives and checks them). It prints
// figure=signed_capture and figure=signed_ratio (signed / unsigned events
// per second of the same repetition; the floor is 0.7).
// Prints one key=value line per measurement.
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common.h"
#include "epcis/disclosure.h"
#include "epcis/strict_json.h"
#include "epcis/vocabulary.h"
#include "http_load.h"
#include "mineral_events.h"
#include "orelog/ledger.h"
#include "repo/capture.h"
#include "repo/event_rows.h"
#include "repo/prepare.h"
#include "registry/entries.h"
#include "repo/registry_store.h"
#include "repo/schema.h"
#include "repo/signed_capture.h"
#include "repo/tokens.h"
#include "server/http_server.h"
#include "sqlite_probe.h"

namespace orelog::bench {
namespace {

namespace fs = std::filesystem;
constexpr char kParty[] = "urn:epc:id:pgln:0614141.00000";

struct Options {
  fs::path dir;
  int connections = 8;
  uint64_t per_request = 100;
  uint64_t requests = 40;  // timed, per connection
  uint64_t warmup = 2;     // per connection
  int reps = 1;
  int server_threads = 2;
  bool raw = true;  // --no-raw: the capture alone (for profiling)
  bool sign = false;  // --signed: also signed captures, and their ratio to unsigned ones
  int raw_page_size = 0;  // 0: SQLite's default
};

// Document k of the run: events [first + k * E, first + (k + 1) * E).
struct Documents {
  uint64_t first = 0;
  uint64_t per_request = 0;
  std::vector<std::string> bodies;
};

Documents MakeDocuments(uint64_t first, uint64_t count, uint64_t per_request) {
  Documents d{first, per_request, {}};
  d.bodies.reserve(count);
  for (uint64_t k = 0; k < count; ++k) d.bodies.push_back(MineralDocument(first + k * per_request, per_request));
  return d;
}

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    Check(false, "sqlite: " + sql.substr(0, 80) + ": " + (err ? err : "?"));
  }
}

// The CREATE statements of the tables an event writes, in creation order.
std::vector<std::string> EventTableSchema(const fs::path& ledger_db) {
  sqlite3* db = nullptr;
  Check(sqlite3_open_v2(ledger_db.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK, "open ledger.db");
  sqlite3_stmt* s = nullptr;
  Check(sqlite3_prepare_v2(db,
                           "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN "
                           "('entries', 'dedup', 'events', 'full_terms', 'public_terms') ORDER BY rowid",
                           -1, &s, nullptr) == SQLITE_OK,
        "read schema");
  std::vector<std::string> out;
  while (sqlite3_step(s) == SQLITE_ROW) out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  sqlite3_close(db);
  Check(out.size() >= 5, "the ledger lacks the event tables");
  return out;
}

// ---------------------------------------------------------------------------
struct CaptureFigures {
  uint64_t events = 0;
  double events_per_s = 0;
};

// Registers kParty with `key` and turns each document into a signed capture.
Documents SignedDocuments(Ledger& ledger, const Documents& docs, const ed25519::KeyPair& key) {
  Documents out{docs.first, docs.per_request, {}};
  out.bodies.reserve(docs.bodies.size());
  auto sign = [&key](ByteView m) { return key.Sign(m); };
  static const epcis::DisclosurePolicy policy = epcis::DefaultDisclosurePolicy();
  for (const std::string& body : docs.bodies) {
    auto doc = epcis::ParseStrictJson(body);
    Check(doc.ok(), "parse the document");
    auto signed_body = repo::MakeSignedCapture(*doc, policy, sign, kParty, registry::KeyIdOf(key.public_key()),
                                               ledger.origin());
    Check(signed_body.ok(), "MakeSignedCapture: " + signed_body.status().ToString());
    out.bodies.push_back(std::move(*signed_body));
  }
  return out;
}

void RegisterSigner(Ledger& ledger, const fs::path& dir, const ed25519::KeyPair& key) {
  repo::ParticipantInput in;
  in.participant = kParty;
  in.name = "capture bench";
  in.country = "PK";
  in.roles = {"processor"};
  auto reg = repo::RegisterParticipant(ledger, dir, in, "bench-operator");
  Check(reg.ok(), "RegisterParticipant: " + reg.status().ToString());
  auto added = repo::AddKey(ledger, dir, kParty, key.public_key(), "bench-operator");
  Check(added.ok(), "AddKey: " + added.status().ToString());
}

CaptureFigures RunCapture(const Options& o, const Documents& plain_warm, const Documents& plain_timed, int rep,
                          std::vector<std::string>& schema, bool sign) {
  const fs::path dir = o.dir / "ledger";
  fs::remove_all(dir);
  auto vkey = Ledger::Init(dir, "bench.orelog.example/capture");
  Check(vkey.ok(), "Ledger::Init: " + vkey.status().ToString());
  Check(repo::EnsureRepoSchema(dir).ok(), "EnsureRepoSchema");
  auto token = repo::CreateToken(dir, kParty, "capture bench");
  Check(token.ok(), "CreateToken: " + token.status().ToString());
  auto ledger = Ledger::Open(dir);
  Check(ledger.ok(), "Ledger::Open: " + ledger.status().ToString());
  repo::CaptureOptions co;
  co.ledger_dir = dir;  // as cmd_serve.cc (signed captures read the registry and nonces from it)
  repo::Capturer capturer(**ledger, co);
  Documents signed_warm, signed_timed;
  if (sign) {
    const ed25519::KeyPair key = ed25519::KeyPair::Generate();
    RegisterSigner(**ledger, dir, key);
    signed_warm = SignedDocuments(**ledger, plain_warm, key);
    signed_timed = SignedDocuments(**ledger, plain_timed, key);
  }
  const Documents& warm = sign ? signed_warm : plain_warm;
  const Documents& timed = sign ? signed_timed : plain_timed;
  const char* content_type = sign ? repo::kSignedCaptureMediaType : "application/ld+json";
  server::ServerOptions so;
  so.threads = o.server_threads;
  so.log_requests = false;
  auto srv = server::HttpServer::Start(dir, so, server::ServerServices{ledger->get(), &capturer});
  Check(srv.ok(), "HttpServer::Start: " + srv.status().ToString());

  const std::string auth = "Bearer " + *token;
  const std::string expect = "\"captured\":" + std::to_string(o.per_request) + ",";
  auto load = [&](const Documents& docs, uint64_t per_conn) {
    LoadOptions lo;
    lo.port = (*srv)->port();
    lo.connections = o.connections;
    lo.requests_per_connection = per_conn;
    lo.make = [&](int c, uint64_t k) {
      HttpCall call;
      call.method = "POST";
      call.target = "/capture";
      call.headers = {{"Authorization", auth}, {"Content-Type", content_type}};
      call.body = docs.bodies[static_cast<size_t>(c) * per_conn + k];
      return call;
    };
    lo.check = [&](int, uint64_t, int status, const std::string& body) {
      return status == 202 && body.find(expect) != std::string::npos;
    };
    return RunLoad(lo);
  };
  if (o.warmup > 0) load(warm, o.warmup);
  const ProbeCounts p0 = ReadProbe();
  const IoCounts io0 = ReadIo();
  LoadResult r = load(timed, o.requests);
  const IoCounts io1 = ReadIo();
  const ProbeCounts p1 = ReadProbe();
  srv->reset();
  ledger->reset();  // integrates and publishes what was acknowledged
  schema = EventTableSchema(dir / Ledger::kDatabaseFile);
  const double disk_mib = static_cast<double>(fs::file_size(dir / Ledger::kDatabaseFile)) / (1 << 20);
  fs::remove_all(dir);

  CaptureFigures f;
  f.events = timed.bodies.size() * o.per_request;
  f.events_per_s = static_cast<double>(f.events) / r.seconds;
  const double commits = static_cast<double>(p1.commits_with_rows - p0.commits_with_rows);
  size_t body_bytes = 0;
  for (const auto& b : timed.bodies) body_bytes += b.size();
  std::vector<double>& lat = r.latencies_ms;
  std::printf(
      "figure=%s rep=%d connections=%d per_request=%llu requests=%zu events=%llu seconds=%.3f "
      "events_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f avg_group=%.1f seq_txns=%.0f other_txns=%llu "
      // written: bytes passed to write(2) minus the request bodies the clients sent
      "cpu_util=%.2f avg_event_bytes=%.0f db_mib=%.1f written_kib_per_event=%.1f\n",
      sign ? "signed_capture" : "capture", rep, o.connections, static_cast<unsigned long long>(o.per_request),
      lat.size(),
      static_cast<unsigned long long>(f.events), r.seconds, f.events_per_s, Percentile(lat, 50), Percentile(lat, 99),
      Percentile(lat, 100), commits > 0 ? static_cast<double>(p1.rows - p0.rows) / commits : 0.0, commits,
      static_cast<unsigned long long>(p1.other_commits - p0.other_commits), r.cpu_seconds / r.seconds,
      static_cast<double>(body_bytes) / static_cast<double>(f.events), disk_mib,
      static_cast<double>(io1.wchar - io0.wchar - body_bytes) / 1024 / static_cast<double>(f.events));
  std::fflush(stdout);
  return f;
}

// ---------------------------------------------------------------------------
// Writes store::Batch rows as plain INSERTs (what the ledger's writer does,
// minus its own bookkeeping).
class RawStore {
 public:
  RawStore(const fs::path& path, const std::vector<std::string>& schema, int page_size) {
    Check(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK,
          "open raw db");
    if (page_size > 0) Exec(db_, "PRAGMA page_size=" + std::to_string(page_size));
    Exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    Exec(db_, "PRAGMA cache_size=-" + std::to_string(LedgerOptions{}.writer_cache_kib));
    for (const std::string& sql : schema) Exec(db_, sql);
    entry_ = Prepare("INSERT INTO entries (idx, data) VALUES (?, ?)");
    dedup_ = Prepare("INSERT INTO dedup (key, idx) VALUES (?, ?)");
  }
  ~RawStore() {
    for (auto& [sql, s] : rows_) sqlite3_finalize(s);
    sqlite3_finalize(entry_);
    sqlite3_finalize(dedup_);
    sqlite3_close(db_);
  }
  RawStore(const RawStore&) = delete;
  RawStore& operator=(const RawStore&) = delete;

  void Write(const store::Batch& b) {
    Exec(db_, "BEGIN IMMEDIATE");
    std::vector<int64_t> idx;
    for (const store::NewEntry& e : b.entries) {
      idx.push_back(next_++);
      sqlite3_bind_blob(dedup_, 1, e.dedup_key.data(), static_cast<int>(e.dedup_key.size()), SQLITE_STATIC);
      sqlite3_bind_int64(dedup_, 2, idx.back());
      Step(dedup_);
      sqlite3_bind_int64(entry_, 1, idx.back());
      sqlite3_bind_blob(entry_, 2, e.data.data(), static_cast<int>(e.data.size()), SQLITE_STATIC);
      Step(entry_);
    }
    for (const store::Row& row : b.rows) {
      sqlite3_stmt* s = RowStatement(row);
      for (size_t i = 0; i < row.values.size(); ++i) {
        const int pos = static_cast<int>(i + 1);
        const store::Value& v = row.values[i];
        if (auto* n = std::get_if<int64_t>(&v)) sqlite3_bind_int64(s, pos, *n);
        else if (auto* t = std::get_if<std::string>(&v)) sqlite3_bind_text(s, pos, t->data(), static_cast<int>(t->size()), SQLITE_STATIC);
        else if (auto* x = std::get_if<Bytes>(&v)) sqlite3_bind_blob(s, pos, x->data(), static_cast<int>(x->size()), SQLITE_STATIC);
        else if (auto* e = std::get_if<store::EntryIndexOf>(&v)) sqlite3_bind_int64(s, pos, idx.at(e->entry));
        else if (auto* d = std::get_if<double>(&v)) sqlite3_bind_double(s, pos, *d);
        else sqlite3_bind_null(s, pos);
      }
      Step(s);
    }
    Exec(db_, "COMMIT");
  }

 private:
  sqlite3_stmt* Prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    Check(sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK, "prepare " + sql + ": " + sqlite3_errmsg(db_));
    return s;
  }
  sqlite3_stmt* RowStatement(const store::Row& row) {
    std::string sql = "INSERT INTO " + row.table + " (";
    for (size_t i = 0; i < row.columns.size(); ++i) sql += (i ? ", " : "") + row.columns[i];
    sql += ") VALUES (";
    for (size_t i = 0; i < row.columns.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
    auto it = rows_.find(sql);
    if (it == rows_.end()) it = rows_.emplace(sql, Prepare(sql)).first;
    return it->second;
  }
  void Step(sqlite3_stmt* s) {
    Check(sqlite3_step(s) == SQLITE_DONE, std::string("raw insert: ") + sqlite3_errmsg(db_));
    sqlite3_reset(s);
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* entry_ = nullptr;
  sqlite3_stmt* dedup_ = nullptr;
  std::map<std::string, sqlite3_stmt*> rows_;
  int64_t next_ = 0;
};

// The batch the repository writes for one capture document (rollback mode).
store::Batch PreparedBatch(const std::string& body) {
  auto doc = epcis::ParseStrictJson(body);
  Check(doc.ok() && doc->is_object(), "parse the document");
  const auto& root = doc->get_object();
  epcis::Namespaces ns = epcis::StandardNamespaces();
  Check(epcis::AddContextNamespaces(root.at("@context"), ns).ok(), "@context");
  static const epcis::DisclosurePolicy policy = epcis::DefaultDisclosurePolicy();
  repo::PrepareContext ctx;
  ctx.policy = &policy;
  ctx.hash.namespaces = ns;
  ctx.document_context = &root.at("@context");
  ctx.submitter = kParty;
  ctx.received_at = repo::UtcNowMillis();
  // A job ID of the capturer's shape (32 hex digits).
  static std::atomic<uint64_t> jobs{0};
  char job[33];
  std::snprintf(job, sizeof job, "%032llx", static_cast<unsigned long long>(jobs.fetch_add(1)));
  repo::EventRowBuilder rows(kParty, job);
  store::Batch batch;
  for (const auto& ev : root.at("epcisBody").at("eventList").get_array()) {
    auto p = repo::PrepareEvent(ev.get_object(), ctx);
    Check(p.ok(), "PrepareEvent: " + p.status().ToString());
    rows.Add(*p, batch);
  }
  return batch;
}

void RunRaw(const Options& o, const Documents& timed, const std::vector<std::string>& schema, int rep) {
  const fs::path path = o.dir / "raw.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  double txn_seconds = 0;
  uint64_t events = 0, rows = 0, written = 0;
  Stopwatch wall;
  {
    RawStore raw(path, schema, o.raw_page_size);
    for (const std::string& body : timed.bodies) {
      store::Batch b = PreparedBatch(body);
      const IoCounts io0 = ReadIo();
      Stopwatch sw;
      raw.Write(b);
      txn_seconds += sw.Seconds();
      written += ReadIo().wchar - io0.wchar;
      events += b.entries.size();
      rows += 2 * b.entries.size() + b.rows.size();
    }
  }
  const double wall_s = wall.Seconds();
  const double disk_mib = static_cast<double>(fs::file_size(path)) / (1 << 20);
  std::printf("figure=raw_capture rep=%d page_size=%d per_txn=%llu txns=%zu events=%llu rows=%llu txn_seconds=%.3f "
              "events_per_s=%.0f rows_per_event=%.1f wall_seconds=%.2f db_mib=%.1f written_kib_per_event=%.1f\n",
              rep, o.raw_page_size, static_cast<unsigned long long>(o.per_request), timed.bodies.size(),
              static_cast<unsigned long long>(events), static_cast<unsigned long long>(rows), txn_seconds,
              static_cast<double>(events) / txn_seconds, static_cast<double>(rows) / static_cast<double>(events),
              wall_s, disk_mib, static_cast<double>(written) / 1024 / static_cast<double>(events));
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
    if (a == "--dir") o.dir = next();
    else if (a == "--connections") o.connections = std::stoi(next());
    else if (a == "--per-request") o.per_request = std::stoull(next());
    else if (a == "--requests") o.requests = std::stoull(next());
    else if (a == "--warmup") o.warmup = std::stoull(next());
    else if (a == "--reps") o.reps = std::stoi(next());
    else if (a == "--server-threads") o.server_threads = std::stoi(next());
    else if (a == "--no-raw") o.raw = false;
    else if (a == "--signed") o.sign = true;
    else if (a == "--raw-page-size") o.raw_page_size = std::stoi(next());
    else {
      Check(false,
            "usage: capture_bench --dir D [--connections C] [--per-request E] [--requests R] [--warmup W] "
            "[--reps N] [--server-threads T] [--no-raw] [--raw-page-size B] [--signed]");
    }
  }
  Check(!o.dir.empty(), "--dir is required");
  Check(o.connections > 0 && o.per_request > 0 && o.requests > 0, "counts must be positive");
  return o;
}

}  // namespace
}  // namespace orelog::bench

int main(int argc, char** argv) {
  using namespace orelog::bench;
  Options o = Parse(argc, argv);
  std::filesystem::create_directories(o.dir);
  ProbeTable("entries");
  const uint64_t conns = static_cast<uint64_t>(o.connections);
  for (int rep = 0; rep < o.reps; ++rep) {
    // Fresh ledgers each repetition, so event numbers may repeat across them.
    Documents warm = MakeDocuments(1'000'000'000, conns * o.warmup, o.per_request);
    Documents timed = MakeDocuments(0, conns * o.requests, o.per_request);
    std::vector<std::string> schema;
    const CaptureFigures unsigned_f = RunCapture(o, warm, timed, rep, schema, false);
    if (o.sign) {
      const CaptureFigures signed_f = RunCapture(o, warm, timed, rep, schema, true);
      std::printf("figure=signed_ratio rep=%d signed_events_per_s=%.0f unsigned_events_per_s=%.0f ratio=%.3f "
                  "floor=0.70\n",
                  rep, signed_f.events_per_s, unsigned_f.events_per_s, signed_f.events_per_s / unsigned_f.events_per_s);
      std::fflush(stdout);
    }
    if (o.raw) RunRaw(o, timed, schema, rep);
  }
  return 0;
}
