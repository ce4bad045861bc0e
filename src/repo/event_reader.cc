#include "repo/event_reader.h"

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "base/sha256.h"
#include "epcis/vocabulary.h"
#include "orelog/ledger.h"
#include "query/index_terms.h"
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

  // Reads one events row by a WHERE clause with one bound text or integer.
  template <typename Key>
  Result<StoredEvent> ReadEvent(const std::string& where, Key key, Access access) {
    const char* form = access == Access::kFull ? "full_form" : "public_form";
    ORELOG_ASSIGN_OR_RETURN(Stmt * s, Prepared(std::string("SELECT idx, public_id, event_id, submitter, record_time, ") +
                                               form + ", disclosures FROM events WHERE " + where +
                                               " ORDER BY idx DESC LIMIT 1"));
    s->Bind(1, key);
    ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return Status::NotFound("no such event");
    StoredEvent e = RowToEvent(*s, access);
    s->Reset();
    return e;
  }

  static StoredEvent RowToEvent(Stmt& s, Access access) {
    StoredEvent e;
    e.index = static_cast<uint64_t>(s.Int(0));
    e.public_id = std::string(s.Text(1));
    e.record_time = std::string(s.Text(4));
    e.form = std::string(s.Text(5));
    if (access == Access::kFull) {
      e.event_id = std::string(s.Text(2));
      e.submitter = std::string(s.Text(3));
      e.disclosures = std::string(s.Text(6));
    } else {
      e.submitter = std::string(s.Text(3));  // the submitter is public (leaf envelope)
    }
    return e;
  }

  Db db_;
  std::map<std::string, Stmt> stmts_;
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

Result<StoredEvent> EventReader::FindEvent(std::string_view id, Access access) {
  auto e = impl_->ReadEvent("public_id = ?", id, access);
  if (e.ok() || e.status().code() != Code::kNotFound) return e;
  if (access == Access::kFull) return impl_->ReadEvent("event_id = ?", id, access);
  // The public may name an event by its eventID only where that is public.
  return impl_->ReadEvent("idx IN (SELECT idx FROM public_terms WHERE term = 'eventID:' || ?)", id, access);
}

Result<StoredEvent> EventReader::EventAt(uint64_t index, Access access) {
  return impl_->ReadEvent("idx = ?", static_cast<int64_t>(index), access);
}

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

Result<QueryResult> EventReader::Query(const query::EventQuery& q, Access access) {
  const bool full = access == Access::kFull;
  const std::string form = full ? "full_form" : "public_form";
  const std::string terms = full ? "full_terms" : "public_terms";

  // Candidate log indices: an index probe when the query has an exact
  // indexed parameter, every event otherwise.
  std::optional<std::vector<std::string>> probe = query::ProbeTerms(q);
  std::vector<uint64_t> candidates;
  if (probe) {
    std::set<uint64_t> found;
    ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared("SELECT idx FROM " + terms + " WHERE term = ?"));
    for (const std::string& t : *probe) {
      s->Reset();
      s->Bind(1, std::string_view(t));
      while (true) {
        ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        found.insert(static_cast<uint64_t>(s->Int(0)));
      }
    }
    candidates.assign(found.begin(), found.end());
  }

  // Capture order without maxEventCount: stream events in log order and stop
  // once a page and one more are found.
  const bool streaming = !probe && q.order_by == query::OrderBy::kCaptureOrder && !q.max_event_count;
  std::vector<query::SortKey> keys;
  std::map<uint64_t, StoredEvent> matched;
  auto consider = [&](Stmt& s) -> Status {
    StoredEvent e = Impl::RowToEvent(s, access);
    ORELOG_ASSIGN_OR_RETURN(LoadedForm lf, LoadForm(e.form));
    if (!query::Matches(q, lf.event, lf.ns)) return Status::Ok();
    ORELOG_ASSIGN_OR_RETURN(query::SortKey key, query::SortKeyOf(q, lf.event, e.index));
    if (!query::AfterToken(q, key)) return Status::Ok();
    keys.push_back(key);
    matched.emplace(e.index, std::move(e));
    return Status::Ok();
  };
  const std::string cols = "SELECT idx, public_id, event_id, submitter, record_time, " + form + ", disclosures FROM events";
  if (probe) {
    ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared(cols + " WHERE idx = ?"));
    for (uint64_t idx : candidates) {
      s->Reset();
      s->Bind(1, static_cast<int64_t>(idx));
      ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
      if (row) ORELOG_RETURN_IF_ERROR(consider(*s));
    }
  } else {
    const bool desc = q.direction == query::Direction::kDesc;
    std::string sql = cols;
    if (streaming && q.page_token) sql += desc ? " WHERE idx < ?" : " WHERE idx > ?";
    sql += desc ? " ORDER BY idx DESC" : " ORDER BY idx";
    ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared(sql));
    if (streaming && q.page_token) s->Bind(1, static_cast<int64_t>(q.page_token->last.index));
    while (true) {
      ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      ORELOG_RETURN_IF_ERROR(consider(*s));
      if (streaming && keys.size() > q.per_page) break;
    }
    s->Reset();
  }

  query::Page page = query::SelectPage(q, std::move(keys));
  QueryResult out;
  out.too_large = page.too_large;
  out.next_token = page.next_token;
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

Result<std::string> EventReader::TokenParty(std::string_view token) {
  Sha256 sha;
  Hash h = sha.Digest(AsBytes(token));
  ORELOG_ASSIGN_OR_RETURN(Stmt * s, impl_->Prepared("SELECT party FROM tokens WHERE token_hash = ? AND revoked = 0"));
  s->BindBlob(1, ByteView(h));
  ORELOG_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status::NotFound("unknown or revoked token");
  std::string party(s->Text(0));
  s->Reset();
  return party;
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
