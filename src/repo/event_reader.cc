#include "repo/event_reader.h"

#include <algorithm>
#include <set>
#include <variant>

#include <boost/json.hpp>

#include "base/sha256.h"
#include "epcis/disclosure.h"
#include "epcis/timestamp.h"
#include "epcis/vocabulary.h"
#include "orelog/ledger.h"
#include "query/index_terms.h"
#include "query/instant.h"
#include "query/match.h"
#include "repo/schema.h"
#include "store/sqlite/db.h"

namespace orelog::repo {
namespace json = boost::json;
using store::sqlite::Db;
using store::sqlite::Stmt;

namespace {

// A parsed stored form and the namespaces it was captured with.
struct LoadedForm {
  json::object event;
  epcis::Namespaces ns;
};

Result<LoadedForm> LoadForm(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Status::Corruption("stored event form is not a JSON object");
  LoadedForm out;
  out.ns = epcis::StandardNamespaces();
  if (const json::value* ctx = v.get_object().if_contains("@context")) {
    Status st = epcis::AddContextNamespaces(*ctx, out.ns);
    if (!st.ok()) return Status::Corruption("stored event @context: " + st.message());
  }
  out.event = std::move(v.get_object());
  return out;
}

// A probe matching more events than this is abandoned for an ordered scan
// (when the query needs no full count).
constexpr size_t kMaxProbeCandidates = 5000;
// A streaming scan reads at most this many events per request (about a
// second on a large store) before answering with what it found and a token.
constexpr size_t kScanBudget = 20000;
// A scan that must count every match (maxEventCount) reads at most this many
// events; beyond, the query is refused as too complex.
constexpr size_t kCountBudget = 200000;

// The WHERE and ORDER BY of a scan of `events` (no index probe), with its
// bound values in order.
struct ScanPlan {
  std::string where_and_order;
  std::vector<std::variant<std::string, int64_t>> binds;
};

ScanPlan PlanScan(const query::EventQuery& q, bool streaming) {
  ScanPlan p;
  std::vector<std::string> conds;
  auto bound = [&](const char* col, const char* op, const std::optional<int64_t>& ms) {
    if (!ms) return;
    auto text = epcis::FormatUtcMillis(*ms);
    if (!text) return;  // out of the storable range: the filter decides
    conds.push_back(std::string(col) + " " + op + " ?");
    p.binds.emplace_back(std::move(*text));
  };
  bound("event_time", ">=", q.ge_event_time);
  bound("event_time", "<", q.lt_event_time);
  bound("record_time", ">=", q.ge_record_time);
  bound("record_time", "<", q.lt_record_time);
  const bool desc = q.direction == query::Direction::kDesc;
  const char* col = q.order_by == query::OrderBy::kEventTime    ? "event_time"
                    : q.order_by == query::OrderBy::kRecordTime ? "record_time"
                                                                : nullptr;
  if (streaming && q.page_token) {
    // Resume strictly after the token's position (AfterToken re-checks it).
    if (col == nullptr) {
      conds.push_back(desc ? "idx < ?" : "idx > ?");
      p.binds.emplace_back(static_cast<int64_t>(q.page_token->last.index));
    } else if (auto text = epcis::FormatUtcMillis(q.page_token->last.time_ms)) {
      conds.push_back(std::string("(") + col + ", idx) " + (desc ? "<" : ">") + " (?, ?)");
      p.binds.emplace_back(std::move(*text));
      p.binds.emplace_back(static_cast<int64_t>(q.page_token->last.index));
    }
  }
  for (size_t i = 0; i < conds.size(); ++i) p.where_and_order += (i ? " AND " : " WHERE ") + conds[i];
  const char* dir = desc ? " DESC" : "";
  p.where_and_order += col ? std::string(" ORDER BY ") + col + dir + ", idx" + dir : std::string(" ORDER BY idx") + dir;
  return p;
}

}  // namespace

class EventReader::Impl {
 public:
  explicit Impl(Db db) : db_(std::move(db)) {}

  Result<Stmt*> Prepared(const std::string& sql) {
    auto it = stmts_.find(sql);
    if (it == stmts_.end()) {
      ORELOG_ASSIGN_OR_RETURN(Stmt s, db_.Prepare(sql));
      it = stmts_.emplace(sql, std::move(s)).first;
    }
    it->second.Reset();
    return &it->second;
  }

  // The columns every event read selects: idx 0, public_id 1, event_id 2,
  // submitter 3, record_time 4, public_form 5, event_time 6, and for
  // viewers who may see full forms full_form 7 and disclosures 8 (NULL for
  // the public, so its reads never touch them).
  static std::string Columns(const Viewer& v) {
    return std::string("SELECT idx, public_id, event_id, submitter, record_time, public_form, event_time, ") +
           (v.kind == Viewer::Kind::kPublic ? "NULL, NULL" : "full_form, disclosures") + " FROM events";
  }

  // Whether `v` may see the full form of the event at `idx` submitted by
  // `submitter` (docs/participants.md §3.1).
  Result<bool> Entitled(const Viewer& v, int64_t idx, std::string_view submitter) {
    if (v.kind != Viewer::Kind::kParty) return v.kind == Viewer::Kind::kAll;
    if (submitter == v.party) return true;
    ORELOG_ASSIGN_OR_RETURN(Stmt * s, Prepared("SELECT 1 FROM event_parties WHERE party = ? AND idx = ?"));
    s->Bind(1, std::string_view(v.party)).Bind(2, idx);
    ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
    s->Reset();
    return row;
  }

  // The current row of a Columns() statement in the form `v` may see.
  Result<StoredEvent> Row(Stmt& s, const Viewer& v) {
    ORELOG_ASSIGN_OR_RETURN(bool full, Entitled(v, s.Int(0), s.Text(3)));
    StoredEvent e;
    e.index = static_cast<uint64_t>(s.Int(0));
    e.public_id = std::string(s.Text(1));
    e.submitter = std::string(s.Text(3));  // the submitter is public (leaf envelope)
    e.record_time = std::string(s.Text(4));
    e.full = full;
    if (full) {
      e.event_id = std::string(s.Text(2));
      e.form = std::string(s.Text(7));
      e.disclosures = std::string(s.Text(8));
    } else {
      e.form = std::string(s.Text(5));
    }
    return e;
  }

  // Reads the latest events row matching a WHERE clause whose parameters
  // are ?1 = `key` and, if `party` is given, ?2 = it.
  template <typename Key>
  Result<StoredEvent> ReadEvent(const std::string& where, Key key, const Viewer& v, const std::string* party = nullptr) {
    ORELOG_ASSIGN_OR_RETURN(Stmt * s, Prepared(Columns(v) + " WHERE " + where + " ORDER BY idx DESC LIMIT 1"));
    s->Bind(1, key);
    if (party != nullptr) s->Bind(2, std::string_view(*party));
    ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return Status::NotFound("no such event");
    auto e = Row(*s, v);
    s->Reset();
    return e;
  }

  Db db_;
  std::map<std::string, Stmt> stmts_;
  size_t max_probe = kMaxProbeCandidates;
  size_t scan_budget = kScanBudget;
  size_t count_budget = kCountBudget;
};

EventReader::EventReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventReader::~EventReader() = default;

Result<std::unique_ptr<EventReader>> EventReader::Open(const std::filesystem::path& ledger_dir) {
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open((ledger_dir / Ledger::kDatabaseFile).string(), Db::Mode::kReadOnly));
  ORELOG_RETURN_IF_ERROR(CheckRepoSchema(db));
  // Read the database file through a shared memory map rather than copying
  // pages into each connection's cache (queries touch many random pages of a
  // store far larger than any cache). Pages still in the WAL are read as usual.
  ORELOG_RETURN_IF_ERROR(db.Exec("PRAGMA mmap_size = 17179869184"));
  return std::unique_ptr<EventReader>(new EventReader(std::make_unique<Impl>(std::move(db))));
}

namespace {
Viewer ViewerOf(Access access) { return access == Access::kFull ? Viewer::All() : Viewer::Public(); }
// Whether a probe term can be in a public form's terms and not in its full
// form's. A public form is its full form minus withheld members, plus
// placeholders (urn:orelog:sd:...) and, when the eventID is withheld, the
// public ID as eventID; index terms are values of members. So every other
// term of a public form is a term of its full form, and a participant's
// candidates need the public terms only for these.
bool MayBePublicOnly(const std::vector<std::string>& terms) {
  for (const std::string& t : terms) {
    if (t.starts_with("eventID:") || t.find(epcis::kPlaceholderPrefix) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

Result<StoredEvent> EventReader::FindEvent(std::string_view id, Access access) { return FindEvent(id, ViewerOf(access)); }
Result<StoredEvent> EventReader::EventAt(uint64_t index, Access access) { return EventAt(index, ViewerOf(access)); }
Result<QueryResult> EventReader::Query(const query::EventQuery& q, Access access) { return Query(q, ViewerOf(access)); }

Result<StoredEvent> EventReader::FindEvent(std::string_view id, const Viewer& viewer) {
  auto e = impl_->ReadEvent("public_id = ?1", id, viewer);
  if (e.ok() || e.status().code() != Code::kNotFound) return e;
  if (viewer.kind == Viewer::Kind::kAll) return impl_->ReadEvent("event_id = ?1", id, viewer);
  if (viewer.kind == Viewer::Kind::kParty) {
    e = impl_->ReadEvent("event_id = ?1 AND (submitter = ?2 OR idx IN (SELECT idx FROM event_parties WHERE party = ?2))",
                         id, viewer, &viewer.party);
    if (e.ok() || e.status().code() != Code::kNotFound) return e;
  }
  // Otherwise an event is named by its eventID only where that is public.
  return impl_->ReadEvent("idx IN (SELECT idx FROM public_terms WHERE term = 'eventID:' || ?1)", id, viewer);
}

Result<StoredEvent> EventReader::EventAt(uint64_t index, const Viewer& viewer) {
  return impl_->ReadEvent("idx = ?1", static_cast<int64_t>(index), viewer);
}

Result<bool> EventReader::EntitledToAll(const Viewer& viewer, const std::vector<uint64_t>& indices) {
  if (viewer.kind == Viewer::Kind::kAll) return true;
  if (indices.empty()) return true;
  if (viewer.kind == Viewer::Kind::kPublic) return false;
  ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared("SELECT submitter FROM events WHERE idx = ?"));
  for (uint64_t idx : indices) {
    s->Reset();
    s->Bind(1, static_cast<int64_t>(idx));
    ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) {
      s->Reset();
      return Status::NotFound("no event at log index " + std::to_string(idx));
    }
    const std::string submitter(s->Text(0));
    s->Reset();
    ORELOG_ASSIGN_OR_RETURN(bool ok, impl_->Entitled(viewer, static_cast<int64_t>(idx), submitter));
    if (!ok) return false;
  }
  return true;
}

Result<bool> EventReader::EntitledToAllIds(const Viewer& viewer, const std::vector<std::string>& public_ids) {
  if (viewer.kind == Viewer::Kind::kAll || public_ids.empty()) return true;
  if (viewer.kind == Viewer::Kind::kPublic) return false;
  std::vector<uint64_t> indices;
  indices.reserve(public_ids.size());
  ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared("SELECT idx FROM events WHERE public_id = ?"));
  for (const std::string& id : public_ids) {
    s->Reset();
    s->Bind(1, std::string_view(id));
    ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) {
      s->Reset();
      return Status::NotFound("no event with public ID " + id);
    }
    indices.push_back(static_cast<uint64_t>(s->Int(0)));
  }
  s->Reset();
  return EntitledToAll(viewer, indices);
}

void EventReader::SetMaxProbeCandidates(size_t n) { impl_->max_probe = n; }
void EventReader::SetScanBudget(size_t n) { impl_->scan_budget = n == 0 ? 1 : n; }
void EventReader::SetCountBudget(size_t n) { impl_->count_budget = n == 0 ? 1 : n; }

Result<uint64_t> EventReader::LatestBySubmitter(std::string_view event_id, std::string_view submitter) {
  ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared(
      "SELECT idx FROM events WHERE event_id = ? AND submitter = ? ORDER BY idx DESC LIMIT 1"));
  s->Bind(1, event_id).Bind(2, submitter);
  ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status::NotFound("no such event");
  uint64_t idx = static_cast<uint64_t>(s->Int(0));
  s->Reset();
  return idx;
}

Result<QueryResult> EventReader::Query(const query::EventQuery& q, const Viewer& viewer) {
  // Candidates come from the index terms of every form the viewer might see
  // (a superset); each is then matched against the one form it is shown in.
  std::optional<std::vector<std::string>> probe = query::ProbeTerms(q);
  std::vector<std::string> term_tables;
  if (viewer.kind != Viewer::Kind::kPublic) term_tables.push_back("full_terms");
  if (viewer.kind == Viewer::Kind::kPublic || (viewer.kind == Viewer::Kind::kParty && probe && MayBePublicOnly(*probe))) {
    term_tables.push_back("public_terms");
  }

  // Without maxEventCount (which needs every match counted), a page can be
  // read in order and the read stopped once a page and one more match are
  // found.
  const bool streaming = !q.max_event_count;

  // Candidate log indices: an index probe when the query has an exact
  // indexed parameter that is selective; an ordered scan of every event
  // otherwise. A probe term shared by most events (EQ_bizStep=shipping)
  // would cost a read of every one of them, where the ordered scan stops
  // after a page of (then dense) matches.
  std::vector<uint64_t> candidates;
  if (probe) {
    std::set<uint64_t> found;
    for (const std::string& terms : term_tables) {
      ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared("SELECT idx FROM " + terms + " WHERE term = ?"));
      for (const std::string& t : *probe) {
        s->Reset();
        s->Bind(1, std::string_view(t));
        while (streaming && found.size() <= impl_->max_probe) {
          ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
          if (!row) break;
          found.insert(static_cast<uint64_t>(s->Int(0)));
        }
        while (!streaming) {
          ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
          if (!row) break;
          found.insert(static_cast<uint64_t>(s->Int(0)));
        }
      }
      s->Reset();
    }
    if (streaming && found.size() > impl_->max_probe) {
      probe.reset();  // not selective: scan in order instead
    } else {
      candidates.assign(found.begin(), found.end());
      if (q.order_by == query::OrderBy::kCaptureOrder && q.direction == query::Direction::kDesc) {
        std::reverse(candidates.begin(), candidates.end());
      }
    }
  }

  // A scan streams events in the query's order — log index, or the time
  // column then log index, exactly query::Before's order — bounded by the
  // time ranges and the page token.
  std::vector<query::SortKey> keys;
  std::map<uint64_t, StoredEvent> matched;
  std::optional<query::SortKey> scan_stopped_at;  // a scan that used up its budget
  auto consider = [&](Stmt& s) -> Status {
    ORELOG_ASSIGN_OR_RETURN(StoredEvent e, impl_->Row(s, viewer));
    ORELOG_ASSIGN_OR_RETURN(LoadedForm lf, LoadForm(e.form));
    if (!query::Matches(q, lf.event, lf.ns)) return Status::Ok();
    ORELOG_ASSIGN_OR_RETURN(query::SortKey key, query::SortKeyOf(q, lf.event, e.index));
    if (!query::AfterToken(q, key)) return Status::Ok();
    keys.push_back(key);
    matched.emplace(e.index, std::move(e));
    return Status::Ok();
  };
  const std::string cols = Impl::Columns(viewer);
  if (probe) {
    ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared(cols + " WHERE idx = ?"));
    // In capture order the candidates are already in the query's order.
    const bool ordered = streaming && q.order_by == query::OrderBy::kCaptureOrder;
    for (uint64_t idx : candidates) {
      s->Reset();
      s->Bind(1, static_cast<int64_t>(idx));
      ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
      if (row) ORELOG_RETURN_IF_ERROR(consider(*s));
      if (ordered && keys.size() > q.per_page) break;
      if (q.max_event_count && keys.size() > *q.max_event_count) break;  // too large already
    }
    s->Reset();
  } else {
    ScanPlan plan = PlanScan(q, streaming);
    ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared(cols + plan.where_and_order));
    for (size_t i = 0; i < plan.binds.size(); ++i) {
      const int pos = static_cast<int>(i + 1);
      if (auto* t = std::get_if<std::string>(&plan.binds[i])) s->Bind(pos, std::string_view(*t));
      else s->Bind(pos, std::get<int64_t>(plan.binds[i]));
    }
    size_t scanned = 0;
    while (true) {
      ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      ORELOG_RETURN_IF_ERROR(consider(*s));
      if (streaming && keys.size() > q.per_page) break;
      if (q.max_event_count && keys.size() > *q.max_event_count) break;  // too large already
      ++scanned;
      if (!streaming && scanned >= impl_->count_budget) {
        // maxEventCount needs every match counted; past this many events the
        // query is refused rather than allowed to read the whole store.
        s->Reset();
        QueryResult refused;
        refused.too_complex = true;
        return refused;
      }
      if (streaming && scanned >= impl_->scan_budget) {
        // Sparse matches: answer what was found, with a token positioned at
        // the last event read, so that the client's next page goes on from
        // there instead of one request reading the whole store.
        std::string_view time = q.order_by == query::OrderBy::kEventTime    ? s->Text(6)
                                : q.order_by == query::OrderBy::kRecordTime ? s->Text(4)
                                                                            : std::string_view();
        int64_t ms = 0;
        if (!time.empty()) {
          ORELOG_ASSIGN_OR_RETURN(ms, query::InstantMillis(time));
        }
        scan_stopped_at = query::SortKey{ms, static_cast<uint64_t>(s->Int(0))};
        break;
      }
    }
    s->Reset();
  }

  query::Page page = query::SelectPage(q, std::move(keys));
  QueryResult out;
  out.too_large = page.too_large;
  out.next_token = page.next_token;
  if (scan_stopped_at && !page.next_token && !page.too_large) {
    query::PageToken t;
    t.order_by = q.order_by;
    t.direction = q.direction;
    t.last = *scan_stopped_at;
    t.returned = (q.page_token ? q.page_token->returned : 0) + page.keys.size();
    t.fingerprint = q.fingerprint;
    if (!q.event_count_limit || t.returned < *q.event_count_limit) out.next_token = query::EncodePageToken(t);
  }
  for (const query::SortKey& k : page.keys) out.events.push_back(std::move(matched.at(k.index)));
  return out;
}

Result<CaptureJob> EventReader::Job(std::string_view id, std::string_view submitter) {
  ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared(
      "SELECT id, submitter, created_at, finished_at, behaviour, success, event_count, captured, duplicates, errors "
      "FROM capture_jobs WHERE id = ? AND submitter = ?"));
  s->Bind(1, id).Bind(2, submitter);
  ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status::NotFound("no such capture job");
  CaptureJob job;
  job.id = std::string(s->Text(0));
  job.submitter = std::string(s->Text(1));
  job.created_at = std::string(s->Text(2));
  job.finished_at = std::string(s->Text(3));
  job.behaviour = s->Text(4) == "proceed" ? ErrorBehaviour::kProceed : ErrorBehaviour::kRollback;
  job.success = s->Int(5) != 0;
  job.event_count = static_cast<size_t>(s->Int(6));
  const bool counted = !s->IsNull(7);
  job.captured = static_cast<size_t>(s->Int(7));
  job.duplicates = static_cast<size_t>(s->Int(8));
  boost::system::error_code ec;
  json::value errors = json::parse(s->Text(9), ec);
  s->Reset();
  if (ec || !errors.is_array()) return Status::Corruption("capture job errors are not a JSON array");
  for (const json::value& e : errors.get_array()) {
    if (!e.is_object()) continue;
    const json::object& o = e.get_object();
    EventError err;
    if (auto* i = o.if_contains("eventIndex"); i && i->is_number()) err.index = i->to_number<size_t>();
    if (auto* p = o.if_contains("pointer"); p && p->is_string()) err.pointer = std::string(p->get_string());
    if (auto* d = o.if_contains("detail"); d && d->is_string()) err.message = std::string(d->get_string());
    job.errors.push_back(std::move(err));
  }
  if (!counted) {
    // Written in the same commit as its events: count them.
    ORELOG_ASSIGN_OR_RETURN(Stmt * c, impl_->Prepared("SELECT count(*) FROM events WHERE job = ?"));
    c->Bind(1, std::string_view(job.id));
    ORELOG_ASSIGN_OR_RETURN(bool row2, c->Step());
    job.captured = row2 ? static_cast<size_t>(c->Int(0)) : 0;
    c->Reset();
    if (job.captured + job.errors.size() > job.event_count) return Status::Corruption("capture job counts do not add up");
    job.duplicates = job.event_count - job.captured - job.errors.size();
  }
  return job;
}

Result<std::vector<std::string>> EventReader::JobIds(std::string_view submitter, size_t limit) {
  ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared(
      "SELECT id FROM capture_jobs WHERE submitter = ? ORDER BY created_at DESC, rowid DESC LIMIT ?"));
  s->Bind(1, submitter).Bind(2, static_cast<int64_t>(limit));
  std::vector<std::string> out;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.emplace_back(s->Text(0));
  }
  s->Reset();
  return out;
}

Result<TokenGrant> EventReader::LookupToken(std::string_view token) {
  const Hash h = TokenHash(token);
  ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared("SELECT token_hash, party, scopes FROM tokens WHERE token_hash = ? AND revoked = 0"));
  s->BindBlob(1, ByteView(h));
  ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
  // The key lookup found the row; the constant-time check is what decides.
  if (!row || !TokenMatchesHash(token, s->Blob(0))) {
    s->Reset();
    return Status::NotFound("unknown or revoked token");
  }
  TokenGrant grant;
  grant.party = s->Text(1);
  auto scopes = ParseScopes(s->Text(2));
  s->Reset();
  if (!scopes.ok()) return Status::Corruption("stored token scopes: " + scopes.status().message());
  grant.scopes = *scopes;
  return grant;
}

Result<std::string> EventReader::MasterData(std::string_view vocabulary_type, std::string_view element_id) {
  ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared(
      "SELECT element FROM master_data WHERE vocabulary_type = ? AND element_id = ? ORDER BY rowid DESC"));
  s->Bind(1, vocabulary_type).Bind(2, element_id);
  std::string out = "[";
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    if (out.size() > 1) out += ",";
    out += s->Text(0);
  }
  s->Reset();
  out += "]";
  if (out == "[]") return Status::NotFound("no master data for that element");
  return out;
}

std::string QueryDocumentJson(const std::vector<StoredEvent>& events, std::string_view creation_date) {
  std::string out =
      R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"orelog":"https://ns.orelog.dev/sd#"}],)"
      R"("type":"EPCISQueryDocument","schemaVersion":"2.0","creationDate":)";
  out += json::serialize(json::value(json::string(creation_date)));
  out += R"(,"epcisBody":{"queryResults":{"queryName":"SimpleEventQuery","resultsBody":{"eventList":[)";
  for (size_t i = 0; i < events.size(); ++i) {
    if (i) out += ",";
    out += events[i].form;
  }
  out += "]}}}}";
  return out;
}

}  // namespace orelog::repo
