#include "repo/capture.h"

#include <chrono>
#include <shared_mutex>

#include <boost/json.hpp>

#include "base/random.h"
#include "epcis/contexts.h"
#include "epcis/strict_json.h"
#include "epcis/timestamp.h"
#include "epcis/validate.h"
#include "epcis/vocabulary.h"
#include "repo/event_reader.h"
#include "repo/event_rows.h"
#include "repo/prepare.h"
#include "repo/registry_store.h"
#include "repo/signed_capture.h"

namespace orelog::repo {
namespace json = boost::json;
namespace {

const char* BehaviourName(ErrorBehaviour b) { return b == ErrorBehaviour::kProceed ? "proceed" : "rollback"; }

CaptureOutcome Refused(Status st, std::string exception, std::string pointer = {}) {
  CaptureOutcome out;
  out.status = std::move(st);
  out.exception = std::move(exception);
  out.pointer = std::move(pointer);
  return out;
}

// The eventList of a document that passed ValidateDocumentEnvelope (which
// guarantees the type and the array), and its pointer.
struct EventListRef {
  const json::array* events = nullptr;
  std::string pointer;
};

Result<EventListRef> EventListOf(const json::value& doc) {
  EventListRef ref;
  ref.pointer = doc.at("type") == "EPCISDocument" ? "/epcisBody/eventList" : "/epcisBody/queryResults/resultsBody/eventList";
  boost::system::error_code ec;
  const json::value* list = doc.find_pointer(ref.pointer, ec);
  if (list == nullptr || !list->is_array()) return Status::Internal("a validated document has no event list");
  ref.events = &list->get_array();
  return ref;
}

}  // namespace

std::string UtcNowMillis() {
  using namespace std::chrono;
  const int64_t ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  return epcis::FormatUtcMillis(ms).value_or("9999-12-31T23:59:59.999Z");  // a clock past 9999
}

std::string CaptureJobJson(const CaptureJob& job) {
  json::object o;
  o["captureID"] = job.id;
  o["createdAt"] = job.created_at;
  o["finishedAt"] = job.finished_at;
  o["running"] = false;
  o["success"] = job.success;
  o["captureErrorBehaviour"] = BehaviourName(job.behaviour);
  o["eventCount"] = job.event_count;
  o["captured"] = job.captured;
  o["duplicates"] = job.duplicates;
  json::array errors;
  for (const EventError& e : job.errors) {
    json::object err;
    err["type"] = kValidationException;
    err["title"] = "invalid event";
    err["status"] = 400;
    err["detail"] = e.message;
    err["pointer"] = e.pointer;
    err["eventIndex"] = e.index;
    errors.push_back(std::move(err));
  }
  o["errors"] = std::move(errors);
  return json::serialize(o);
}

Capturer::Capturer(Ledger& ledger, CaptureOptions options) : ledger_(ledger), options_(std::move(options)) {
  if (!options_.now) options_.now = UtcNowMillis;
}

Capturer::~Capturer() = default;

void Capturer::LinkCorrection(PreparedEvent& event, const std::string& submitter) {
  if (!event.correction || options_.ledger_dir.empty()) return;
  std::lock_guard lk(lookup_mu_);
  if (!lookup_) {
    auto opened = EventReader::Open(options_.ledger_dir);
    if (!opened.ok()) return;  // the link is a convenience; the shared eventID still ties them
    lookup_ = std::move(*opened);
  }
  auto idx = lookup_->LatestBySubmitter(event.event_id, submitter);
  if (idx.ok()) event.corrects = static_cast<int64_t>(*idx);
}

CaptureOutcome Capturer::CaptureDocument(std::string_view body, const std::string& submitter, ErrorBehaviour behaviour) {
  if (body.size() > options_.max_bytes) {
    return Refused(Status::Invalid("the document has " + std::to_string(body.size()) + " bytes; the limit is " +
                                   std::to_string(options_.max_bytes)),
                   kCaptureLimitExceeded);
  }
  epcis::JsonError where;
  auto parsed = epcis::ParseStrictJson(body, &where);
  if (!parsed.ok()) return Refused(parsed.status(), kValidationException, where.pointer);
  return CaptureParsed(*parsed, submitter, behaviour, nullptr);
}

CaptureOutcome Capturer::CaptureSignedDocument(std::string_view body, const std::string& submitter) {
  if (body.size() > options_.max_bytes) {
    return Refused(Status::Invalid("the request has " + std::to_string(body.size()) + " bytes; the limit is " +
                                   std::to_string(options_.max_bytes)),
                   kCaptureLimitExceeded);
  }
  auto request = ParseSignedCapture(body);
  if (!request.ok()) return Refused(request.status(), kValidationException);
  return CaptureParsed(request->document, submitter, ErrorBehaviour::kRollback, &*request);
}

Status Capturer::SealSignedBatch(std::vector<PreparedEvent>& prepared, const SignedCaptureRequest& request,
                                 const std::string& submitter) {
  if (options_.ledger_dir.empty()) return Status::Precondition("signed capture needs the ledger directory");
  ORELOG_ASSIGN_OR_RETURN(bool used, BatchNonceUsed(options_.ledger_dir, submitter, request.signature.nonce));
  if (used) return Status::Exists("this batch nonce was used before by " + submitter + ": sign with a fresh nonce");
  // The registry as of now: the entries land after every registry entry
  // committed so far (docs/participants.md §4 on a racing revocation).
  ORELOG_ASSIGN_OR_RETURN(registry::Registry reg, LoadRegistry(options_.ledger_dir));
  std::vector<const json::object*> forms;
  forms.reserve(prepared.size());
  for (const PreparedEvent& p : prepared) forms.push_back(&p.public_form);
  ORELOG_ASSIGN_OR_RETURN(std::vector<epcis::BatchSignature> sigs,
                          CheckSignedBatch(forms, request.signature, ledger_.origin(), reg, submitter));
  for (size_t i = 0; i < prepared.size(); ++i) ORELOG_RETURN_IF_ERROR(AttachBatchSignature(prepared[i], sigs[i]));
  return Status::Ok();
}

CaptureOutcome Capturer::CaptureParsed(const json::value& parsed, const std::string& submitter, ErrorBehaviour behaviour,
                                       const SignedCaptureRequest* signed_request) {
  auto site_rows = [&](const json::object& d, const epcis::Namespaces& n, const std::string& job_id) {
    return options_.custody ? CustodySiteRows(d, n, job_id) : std::vector<store::Row>{};
  };
  if (!parsed.is_object()) return Refused(Status::Invalid("the document must be a JSON object"), kValidationException, "");
  const json::object& doc = parsed.get_object();
  if (auto v = epcis::ValidateDocumentEnvelope(doc)) return Refused(Status::Invalid(v->message), kValidationException, v->pointer);
  auto list = EventListOf(parsed);
  if (!list.ok()) return Refused(list.status(), kImplementationException);
  const json::array& events = *list->events;
  if (events.size() > options_.max_events) {
    return Refused(Status::Invalid("the document has " + std::to_string(events.size()) + " events; the limit is " +
                                   std::to_string(options_.max_events)),
                   kCaptureLimitExceeded, list->pointer);
  }
  if (signed_request != nullptr && events.empty()) {
    return Refused(Status::Invalid("a signed capture needs at least one event"), kValidationException, list->pointer);
  }
  if (signed_request != nullptr && signed_request->disclosures.size() != events.size()) {
    return Refused(Status::Invalid("\"disclosures\" has " + std::to_string(signed_request->disclosures.size()) +
                                   " arrays; the document has " + std::to_string(events.size()) + " events"),
                   kValidationException);
  }
  epcis::Namespaces ns = epcis::StandardNamespaces();
  const json::value* context = doc.if_contains("@context");
  if (context != nullptr) {
    if (auto u = epcis::FindUnknownContextUrl(*context, "/@context")) {
      return Refused(Status::Invalid("unknown JSON-LD context " + u->url +
                                     ": orelog fetches no remote context; declare extra prefixes inline"),
                     kValidationException, u->pointer);
    }
    Status st = epcis::AddContextNamespaces(*context, ns);
    if (!st.ok()) return Refused(st, kValidationException, "/@context");
  }

  CaptureJob job;
  auto job_id = RandomBytes(16);
  if (!job_id.ok()) return Refused(job_id.status(), kImplementationException);
  job.id = HexEncode(*job_id);
  job.submitter = submitter;
  job.behaviour = behaviour;
  job.event_count = events.size();
  job.created_at = options_.now();

  PrepareContext pctx;
  pctx.policy = &options_.policy;
  pctx.hash.namespaces = ns;
  pctx.document_context = context;
  pctx.submitter = submitter;
  pctx.received_at = job.created_at;
  pctx.custody = options_.custody;

  std::vector<PreparedEvent> prepared;
  std::vector<size_t> doc_index;  // prepared[k] is event doc_index[k] of the document
  prepared.reserve(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    std::string pointer = list->pointer + "/" + std::to_string(i);
    const json::value& ev = events[i];
    if (!ev.is_object()) {
      job.errors.push_back({i, pointer, "an event must be a JSON object"});
      continue;
    }
    if (auto v = epcis::ValidateEvent(ev.get_object(), pointer, ns)) {
      job.errors.push_back({i, v->pointer, v->message});
      continue;
    }
    if (const json::value* own = ev.get_object().if_contains("@context")) {
      if (auto u = epcis::FindUnknownContextUrl(*own, pointer + "/@context")) {
        job.errors.push_back({i, u->pointer, "unknown JSON-LD context " + u->url + ": orelog fetches no remote context"});
        continue;
      }
    }
    if (signed_request != nullptr) pctx.signed_disclosures = &signed_request->disclosures[i];
    auto p = PrepareEvent(ev.get_object(), pctx);
    if (!p.ok()) {
      job.errors.push_back({i, pointer, p.status().message()});
      continue;
    }
    prepared.push_back(std::move(*p));
    doc_index.push_back(i);
  }
  if (behaviour == ErrorBehaviour::kRollback && !job.errors.empty()) {
    CaptureOutcome out = Refused(Status::Invalid(job.errors.front().message), kValidationException,
                                 job.errors.front().pointer);
    out.errors = std::move(job.errors);
    return out;
  }

  // Held from the key check to the commit of the entries: no registry change
  // (a revocation) can land between them (registry_store.h).
  std::shared_lock<std::shared_mutex> registry_unchanged;
  if (signed_request != nullptr) registry_unchanged = std::shared_lock(RegistryWriteMutex());
  if (signed_request != nullptr && !prepared.empty()) {
    Status sealed = SealSignedBatch(prepared, *signed_request, submitter);
    if (!sealed.ok()) {
      return Refused(sealed, sealed.code() == Code::kInternal || sealed.code() == Code::kIOError
                                 ? kImplementationException
                                 : kValidationException);
    }
  }
  // The nonce is recorded in the commit of the batch's entries (or with the
  // job when every event was a duplicate).
  std::vector<store::Row> nonce_rows;
  if (signed_request != nullptr) {
    nonce_rows.push_back(BatchNonceRow(submitter, signed_request->signature.nonce, job.id, job.created_at));
  }
  for (PreparedEvent& p : prepared) LinkCorrection(p, submitter);
  EventRowBuilder rows(submitter, job.id);
  if (behaviour == ErrorBehaviour::kRollback && !prepared.empty()) {
    // One commit: the events, their rows, the master data and the job record,
    // which counts its events at read time (it cannot know before the commit
    // which events are duplicates).
    job.finished_at = options_.now();
    job.success = true;
    store::Batch b;
    for (PreparedEvent& p : prepared) rows.Add(p, b);
    for (const store::Row& r : nonce_rows) b.rows.push_back(r);
    for (store::Row& r : MasterDataRows(doc, job.id)) b.rows.push_back(std::move(r));
    for (store::Row& r : site_rows(doc, ns, job.id)) b.rows.push_back(std::move(r));
    b.rows.push_back(JobRow(job, /*counts_known=*/false));
    auto appended = ledger_.Append(std::move(b));
    if (!appended.ok()) {
      // e.g. a constraint: nothing of the document was stored.
      const Code code = appended.status().code();
      return Refused(appended.status(), code == Code::kInvalidArgument || code == Code::kAlreadyExists
                                            ? kValidationException
                                            : kImplementationException);
    }
    for (bool dup : appended->duplicate) (dup ? job.duplicates : job.captured) += 1;
    if (job.captured == 0) {
      // Every event was a duplicate: the batch wrote nothing, so the job is
      // recorded on its own.
      store::Batch record;
      record.rows = MasterDataRows(doc, job.id);
      for (store::Row& r : site_rows(doc, ns, job.id)) record.rows.push_back(std::move(r));
      for (store::Row& r : nonce_rows) record.rows.push_back(std::move(r));
      record.rows.push_back(JobRow(job, /*counts_known=*/true));
      auto recorded = ledger_.Append(std::move(record));
      if (!recorded.ok()) {
        const Code code = recorded.status().code();
        return Refused(recorded.status(), code == Code::kAlreadyExists ? kValidationException : kImplementationException);
      }
    }
    CaptureOutcome out;
    out.job = std::move(job);
    return out;
  }
  // proceed (or a rollback document without events): one batch per event,
  // queued together so that they share group commits.
  std::vector<store::Batch> batches;
  for (PreparedEvent& p : prepared) {
    store::Batch b;
    rows.Add(p, b);
    batches.push_back(std::move(b));
  }
  std::vector<Result<store::BatchOutcome>> outcomes;
  if (!batches.empty()) {
    auto appended = ledger_.AppendAll(std::move(batches));
    if (!appended.ok()) return Refused(appended.status(), kImplementationException);
    outcomes = std::move(*appended);
  }
  for (size_t k = 0; k < outcomes.size(); ++k) {
    const auto& o = outcomes[k];
    if (!o.ok()) {
      job.errors.push_back({doc_index[k], list->pointer + "/" + std::to_string(doc_index[k]), o.status().message()});
    } else {
      (o->duplicate.at(0) ? job.duplicates : job.captured) += 1;
    }
  }
  // proceed (or no event): the job record is written after its events are
  // durable, with the store's own verdicts; an answered job always has its
  // record and its events.
  job.finished_at = options_.now();
  job.success = job.errors.empty();
  store::Batch record;
  record.rows = MasterDataRows(doc, job.id);
  for (store::Row& r : site_rows(doc, ns, job.id)) record.rows.push_back(std::move(r));
  record.rows.push_back(JobRow(job, /*counts_known=*/true));
  auto recorded = ledger_.Append(std::move(record));
  if (!recorded.ok()) return Refused(recorded.status(), kImplementationException);
  CaptureOutcome out;
  out.job = std::move(job);
  return out;
}

EventOutcome Capturer::CaptureEvent(std::string_view body, const std::string& submitter) {
  EventOutcome out;
  out.exception = kValidationException;
  if (body.size() > options_.max_bytes) {
    out.status = Status::Invalid("the event has " + std::to_string(body.size()) + " bytes; the limit is " +
                                 std::to_string(options_.max_bytes));
    out.exception = kCaptureLimitExceeded;
    return out;
  }
  epcis::JsonError where;
  auto parsed = epcis::ParseStrictJson(body, &where);
  if (!parsed.ok()) {
    out.status = parsed.status();
    out.pointer = where.pointer;
    return out;
  }
  if (!parsed->is_object()) {
    out.status = Status::Invalid("an event must be a JSON object");
    return out;
  }
  const json::object& ev = parsed->get_object();
  epcis::Namespaces ns = epcis::StandardNamespaces();
  if (auto v = epcis::ValidateEvent(ev, "", ns)) {
    out.status = Status::Invalid(v->message);
    out.pointer = v->pointer;
    return out;
  }
  if (auto u = epcis::FindUnknownContextUrl(ev.at("@context"), "/@context")) {
    out.status = Status::Invalid("unknown JSON-LD context " + u->url + ": orelog fetches no remote context");
    out.pointer = u->pointer;
    return out;
  }
  PrepareContext pctx;
  pctx.policy = &options_.policy;
  pctx.hash.namespaces = ns;
  pctx.submitter = submitter;
  pctx.received_at = options_.now();
  pctx.custody = options_.custody;
  auto p = PrepareEvent(ev, pctx);
  if (!p.ok()) {
    out.status = p.status();
    return out;
  }
  auto id = RandomBytes(16);
  if (!id.ok()) {
    out.status = id.status();
    out.exception = kImplementationException;
    return out;
  }
  LinkCorrection(*p, submitter);
  EventRowBuilder rows(submitter, "event-" + HexEncode(*id));
  store::Batch b;
  std::string public_id = p->public_id;
  rows.Add(*p, b);
  auto appended = ledger_.Append(std::move(b));
  if (!appended.ok()) {
    out.status = appended.status();
    if (out.status.code() == Code::kIOError || out.status.code() == Code::kInternal ||
        out.status.code() == Code::kUnavailable || out.status.code() == Code::kCorruption) {
      out.exception = kImplementationException;
    }
    return out;
  }
  out.index = appended->indices.at(0);
  out.duplicate = appended->duplicate.at(0);
  out.public_id = std::move(public_id);
  if (out.duplicate) out.status = Status::Exists("this event was captured before by the same party");
  return out;
}

}  // namespace orelog::repo
