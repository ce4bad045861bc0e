#include "server/epcis_routes.h"

#include <strings.h>

#include <algorithm>
#include <charconv>
#include <chrono>

#include <boost/json.hpp>

#include "epcis/gs1_keys.h"
#include "epcis/policy_file.h"
#include "log/proofs.h"
#include "query/query.h"
#include "query/query_string.h"
#include "repo/signed_capture.h"
#include "server/custody_routes.h"
#include "server/agreement_routes.h"
#include "server/registry_routes.h"
#include "server/report_routes.h"
#include "server/problem.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"
#include "tlog/proof_text.h"

namespace orelog::server {
namespace json = boost::json;
namespace {

constexpr char kJson[] = "application/json";
constexpr char kLdJson[] = "application/ld+json";

Response Epcis(int status, std::string_view type, std::string_view detail, std::string_view pointer = {},
               std::string_view extra = {}) {
  return FromProblem(MakeEpcisProblem(status, type, detail, pointer, extra));
}

Response JsonResponse(int status, std::string body, const char* type = kJson) { return JsonAnswer(status, std::move(body), type); }

Response NotAllowed(const char* allow) { return NotAllowedHere(allow); }

void AddVersionHeaders(Response& r) {
  r.headers.emplace_back("GS1-EPCIS-Version", "2.0.0");
  r.headers.emplace_back("GS1-CBV-Version", "2.0.0");
}

// Percent-encodes an event ID for a path segment (unreserved characters stay).
std::string PathSegment(std::string_view id) {
  std::string out;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Response StatusProblem(const Status& st, std::string_view type = {}) {
  if (type.empty()) return ProblemResponse(st);
  return Epcis(HttpStatusFor(st.code()), type, st.message());
}

std::string ErrorsMember(const std::vector<repo::EventError>& errors) {
  json::array a;
  for (const repo::EventError& e : errors) {
    json::object o;
    o["eventIndex"] = e.index;
    o["pointer"] = e.pointer;
    o["detail"] = e.message;
    a.push_back(std::move(o));
  }
  return "\"errors\":" + json::serialize(a);
}

bool IsJsonContentType(std::string_view ct) {
  std::string_view base = ct.substr(0, ct.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  return strncasecmp(base.data(), kJson, base.size()) == 0 && base.size() == sizeof(kJson) - 1
             ? true
             : (base.size() == sizeof(kLdJson) - 1 && strncasecmp(base.data(), kLdJson, base.size()) == 0);
}

// All full forms for an audit token; the full forms its party is entitled
// to for a read-full token; public forms for everyone else, token holders
// without a read scope included (never a refusal: what the public may read,
// they may read too).
repo::Viewer ViewerOf(const repo::TokenGrant& g) {
  if (g.scopes.Has(repo::Scope::kAudit)) return repo::Viewer::All();
  if (g.scopes.Has(repo::Scope::kReadFull)) return repo::Viewer::Party(g.party);
  return repo::Viewer::Public();
}

// The request line's target, for the read log.
std::string Target(const Request& r) {
  std::string q(r.Query());
  return r.method + " " + std::string(r.Path()) + (q.empty() ? "" : "?" + q);
}

bool IsSignedCaptureType(std::string_view ct) {
  std::string_view base = ct.substr(0, ct.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  const std::string_view want = repo::kSignedCaptureMediaType;
  return base.size() == want.size() && strncasecmp(base.data(), want.data(), want.size()) == 0;
}

Response TooManyFailures(std::chrono::milliseconds wait) {
  const int64_t seconds = std::max<int64_t>(1, std::chrono::ceil<std::chrono::seconds>(wait).count());
  Problem p = MakeEpcisProblem(429, kSecurityException,
                               "too many failed authentications from this address; retry in " + std::to_string(seconds) + " s");
  p.retry_after_seconds = static_cast<int>(seconds);
  return FromProblem(p);
}

}  // namespace

std::variant<repo::TokenGrant, Response> EpcisRoutes::Caller(const Request& r) {
  std::string_view auth = r.Header("Authorization");
  if (auth.empty()) return repo::TokenGrant{};
  AuthLimiter* limiter = services_.auth_limiter;
  const std::string client = limiter ? AuthLimiter::ClientKey(r.peer) : std::string();
  // Before the token is looked up: a client out of budget learns nothing,
  // not even whether this token is good.
  if (limiter) {
    if (auto wait = limiter->Wait(client); wait.count() > 0) return TooManyFailures(wait);
  }
  if (auth.size() < 8 || strncasecmp(auth.data(), "Bearer ", 7) != 0) {
    if (limiter) limiter->RecordFailure(client);
    Response res = Epcis(401, kSecurityException, "Authorization must be 'Bearer <token>'");
    res.headers.emplace_back("WWW-Authenticate", "Bearer");
    return res;
  }
  auto grant = events_.LookupToken(auth.substr(7));
  if (!grant.ok()) {
    const bool unknown = grant.status().code() == Code::kNotFound;
    if (unknown && limiter) limiter->RecordFailure(client);  // our own fault is not the client's
    Response res = Epcis(401, kSecurityException, unknown ? "unknown or revoked token" : "cannot check the token");
    res.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return res;
  }
  return std::move(*grant);
}

std::variant<repo::TokenGrant, Response> EpcisRoutes::RequireScope(const Request& r, repo::Scopes any_of,
                                                                   std::string_view why) {
  auto caller = Caller(r);
  const auto* grant = std::get_if<repo::TokenGrant>(&caller);
  if (grant == nullptr) return caller;
  if (grant->party.empty()) {
    Response res = Epcis(401, kSecurityException, why);
    res.headers.emplace_back("WWW-Authenticate", "Bearer");
    return res;
  }
  if (!grant->scopes.HasAnyOf(any_of)) {
    std::string names = any_of.Canonical();
    const bool one = names.find(',') == std::string::npos;
    Response res = Epcis(403, kSecurityException,
                         std::string(one ? "this needs the scope " : "this needs one of the scopes ") + names +
                             ", which this token lacks");
    std::replace(names.begin(), names.end(), ',', ' ');  // RFC 6750 §3: space-delimited
    res.headers.emplace_back("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + names + "\"");
    return res;
  }
  return caller;
}

std::optional<Routed> EpcisRoutes::Handle(const Request& r, std::string& route) {
  std::string_view path = r.Path();
  if (path == "/capture") {
    route = "capture";
    if (r.method == "OPTIONS") {
      Response res;
      res.status = 204;
      AddVersionHeaders(res);
      if (services_.capturer) {
        res.headers.emplace_back("GS1-EPCIS-Capture-Limit", std::to_string(services_.capturer->options().max_events));
        res.headers.emplace_back("GS1-EPCIS-Capture-File-Size-Limit",
                                 std::to_string(services_.capturer->options().max_bytes));
        res.headers.emplace_back("GS1-Capture-Error-Behaviour", "rollback, proceed");
      }
      res.headers.emplace_back("Allow", "GET, OPTIONS, POST");
      return Routed(std::move(res));
    }
    if (r.method == "GET") return Routed(CaptureJobs(r));
    if (r.method != "POST") return Routed(NotAllowed("GET, OPTIONS, POST"));
    return Capture(r);
  }
  if (path.starts_with("/capture/")) {
    route = "capture_job";
    if (r.method != "GET") return Routed(NotAllowed("GET"));
    return Routed(CaptureJob(r, path.substr(9)));
  }
  if (path == "/events") {
    if (r.method == "POST") {
      route = "events_post";
      return PostEvent(r);
    }
    route = "events_query";
    if (r.method != "GET") return Routed(NotAllowed("GET, POST"));
    return Routed(Query(r));
  }
  if (path.starts_with("/events/")) {
    std::string_view rest = path.substr(8);
    std::string_view tail;
    if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
      tail = rest.substr(slash);
      rest = rest.substr(0, slash);
    }
    auto id = epcis::PercentDecode(rest);
    if (!id.ok() || id->empty()) {
      route = "event_get";
      return Routed(Epcis(400, kNoSuchResourceException, "bad event ID in the path"));
    }
    if (r.method != "GET") return Routed(NotAllowed("GET"));
    if (tail.empty()) {
      route = "event_get";
      return Routed(GetEvent(r, *id));
    }
    if (tail == "/proof") {
      route = "event_proof";
      return Routed(Proof(*id));
    }
    if (tail == "/disclosures") {
      route = "event_disclosures";
      return Routed(Disclosures(r, *id));
    }
    route = "other";
    return Routed(HttpProblemResponse(404, "no such resource"));
  }
  if (services_.custody != nullptr && IsCustodyPath(path)) {
    route = "custody";
    auto caller = Caller(r);
    if (auto* res = std::get_if<Response>(&caller)) return Routed(std::move(*res));
    const repo::TokenGrant& grant = std::get<repo::TokenGrant>(caller);
    PassportSources sources{&log_, &events_, services_.ledger};
    FullRead read;
    if (auto res = HandleCustody(r, ViewerOf(grant), *services_.custody, sources, route, &read)) {
      if (read.full && res->status == 200) {
        if (auto refused = RecordFullRead(r, grant, read.indices)) return Routed(std::move(*refused));
      }
      return Routed(std::move(*res));
    }
  }
  if (path == "/policy") {
    // The disclosure policy this server applies at capture, public: what a
    // signing client must build its public forms with (docs/participants.md §4).
    route = "policy";
    if (r.method != "GET") return Routed(NotAllowed("GET"));
    if (services_.capturer == nullptr) return Routed(HttpProblemResponse(404, "this server does not capture"));
    return Routed(JsonResponse(200, epcis::PolicyDocument(services_.capturer->options().policy)));
  }
  if (path == "/reads") {
    route = "reads";
    if (r.method != "GET") return Routed(NotAllowed("GET"));
    return Routed(Reads(r));
  }
  if (services_.custody != nullptr && IsReportPath(path)) {
    route = "reports";
    auto caller = Caller(r);
    if (auto* res = std::get_if<Response>(&caller)) return Routed(std::move(*res));
    const repo::TokenGrant& grant = std::get<repo::TokenGrant>(caller);
    FullRead read;
    if (auto res = HandleReports(r, ViewerOf(grant), *services_.custody, &events_, route, &read)) {
      if (read.full && res->status == 200) {
        if (auto refused = RecordFullRead(r, grant, read.indices)) return Routed(std::move(*refused));
      }
      return Routed(std::move(*res));
    }
  }
  if (services_.ledger_dir != nullptr && IsRegistryPath(path)) {
    route = "participants";
    auto caller = Caller(r);
    if (auto* res = std::get_if<Response>(&caller)) return Routed(std::move(*res));
    const repo::TokenGrant& grant = std::get<repo::TokenGrant>(caller);
    Routed routed = HandleRegistry(r, grant, RegistryServices{services_.ledger, *services_.ledger_dir}, route);
    // Beneficial owners' personal data is a private read like a full form.
    if (r.method == "GET" && path.ends_with("/owners")) return RecordedIfShown(r, grant, std::move(routed));
    return routed;
  }
  if (services_.ledger_dir != nullptr && IsAgreementPath(path)) {
    route = "agreements";
    auto caller = Caller(r);
    if (auto* res = std::get_if<Response>(&caller)) return Routed(std::move(*res));
    const repo::TokenGrant& grant = std::get<repo::TokenGrant>(caller);
    Routed routed = HandleAgreements(r, grant, AgreementServices{services_.ledger, *services_.ledger_dir}, route);
    // An agreement's record shows an auditor its withheld terms.
    if (r.method == "GET" && path != "/agreements" && grant.scopes.Has(repo::Scope::kAudit)) {
      return RecordedIfShown(r, grant, std::move(routed));
    }
    return routed;
  }
  if (path.starts_with("/masterdata/")) {
    route = "masterdata";
    if (r.method != "GET") return Routed(NotAllowed("GET"));
    return Routed(MasterData(r, path.substr(12)));
  }
  return std::nullopt;
}

Response EpcisRoutes::MasterData(const Request& r, std::string_view rest) {
  auto caller = RequireScope(r, repo::kFullReadScopes, "master data needs a token with read-full or audit");
  if (auto* res = std::get_if<Response>(&caller)) return std::move(*res);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return Epcis(404, kNoSuchResourceException, "use /masterdata/{vocabularyType}/{id}");
  auto type = epcis::PercentDecode(rest.substr(0, slash));
  auto id = epcis::PercentDecode(rest.substr(slash + 1));
  if (!type.ok() || !id.ok()) return Epcis(400, kNoSuchResourceException, "bad percent-encoding in the path");
  auto md = events_.MasterData(*type, *id);
  if (!md.ok()) return StatusProblem(md.status(), md.status().code() == Code::kNotFound ? kNoSuchResourceException : "");
  return JsonResponse(200, std::move(*md));
}

Routed EpcisRoutes::Capture(const Request& r) {
  if (services_.capturer == nullptr) return NotAllowed("OPTIONS");
  auto caller = RequireScope(r, {repo::Scope::kCapture}, "capture needs a bearer token");
  if (auto* res = std::get_if<Response>(&caller)) return std::move(*res);
  std::string party = std::get<repo::TokenGrant>(caller).party;
  const bool signed_capture = IsSignedCaptureType(r.Header("Content-Type"));
  if (!signed_capture && !IsJsonContentType(r.Header("Content-Type"))) {
    return HttpProblemResponse(415, std::string("send application/json, application/ld+json or ") +
                                        repo::kSignedCaptureMediaType);
  }
  repo::ErrorBehaviour behaviour = repo::ErrorBehaviour::kRollback;
  std::string_view b = r.Header("GS1-Capture-Error-Behaviour");
  if (!b.empty()) {
    if (strncasecmp(b.data(), "rollback", b.size()) == 0 && b.size() == 8) behaviour = repo::ErrorBehaviour::kRollback;
    else if (strncasecmp(b.data(), "proceed", b.size()) == 0 && b.size() == 7) behaviour = repo::ErrorBehaviour::kProceed;
    else return Epcis(400, repo::kValidationException, "GS1-Capture-Error-Behaviour must be rollback or proceed");
  }
  if (signed_capture && behaviour != repo::ErrorBehaviour::kRollback) {
    return Epcis(400, repo::kValidationException, "a signed capture is stored all or nothing: rollback only");
  }
  repo::Capturer* capturer = services_.capturer;
  Metrics* metrics = services_.metrics;
  repo::CustodyView* custody = services_.custody;
  // The body is moved into the deferred job: the pool thread owns it.
  auto body = std::make_shared<std::string>(r.body);
  return Deferred([capturer, metrics, custody, body, party, behaviour, signed_capture](repo::EventReader&) {
    repo::CaptureOutcome out = signed_capture ? capturer->CaptureSignedDocument(*body, party)
                                              : capturer->CaptureDocument(*body, party, behaviour);
    // Custody figures are updated at capture (incrementally), not at the
    // next read; a failure here only delays them to the next refresh.
    if (out.status.ok() && custody != nullptr) (void)custody->Refresh();
    if (out.status.code() == Code::kUnavailable) return ProblemResponse(out.status);  // 503 + Retry-After
    if (!out.status.ok()) {
      int status = out.exception == repo::kCaptureLimitExceeded ? 413 : HttpStatusFor(out.status.code());
      return Epcis(status, out.exception, out.status.message(), out.pointer,
                   out.errors.empty() ? std::string() : ErrorsMember(out.errors));
    }
    if (metrics) metrics->AddCaptured(out.job.captured);
    Response res = JsonResponse(202, repo::CaptureJobJson(out.job));
    res.headers.emplace_back("Location", "/capture/" + out.job.id);
    AddVersionHeaders(res);
    return res;
  });
}

Response EpcisRoutes::CaptureJobs(const Request& r) {
  auto caller = RequireScope(r, {repo::Scope::kCapture}, "capture jobs are shown to their submitter");
  if (auto* res = std::get_if<Response>(&caller)) return std::move(*res);
  std::string party = std::get<repo::TokenGrant>(caller).party;
  auto ids = events_.JobIds(party, 100);
  if (!ids.ok()) return StatusProblem(ids.status());
  std::string body = "[";
  for (const std::string& id : *ids) {
    auto job = events_.Job(id, party);
    if (!job.ok()) return StatusProblem(job.status());
    if (body.size() > 1) body += ",";
    body += repo::CaptureJobJson(*job);
  }
  body += "]";
  return JsonResponse(200, std::move(body));
}

Response EpcisRoutes::CaptureJob(const Request& r, std::string_view id) {
  auto caller = RequireScope(r, {repo::Scope::kCapture}, "capture jobs are shown to their submitter");
  if (auto* res = std::get_if<Response>(&caller)) return std::move(*res);
  std::string party = std::get<repo::TokenGrant>(caller).party;
  auto job = events_.Job(id, party);
  if (!job.ok()) return StatusProblem(job.status(), job.status().code() == Code::kNotFound ? kNoSuchResourceException : "");
  return JsonResponse(200, repo::CaptureJobJson(*job));
}

Routed EpcisRoutes::PostEvent(const Request& r) {
  if (services_.capturer == nullptr) return NotAllowed("GET");
  auto caller = RequireScope(r, {repo::Scope::kCapture}, "capture needs a bearer token");
  if (auto* res = std::get_if<Response>(&caller)) return std::move(*res);
  std::string party = std::get<repo::TokenGrant>(caller).party;
  if (!IsJsonContentType(r.Header("Content-Type"))) {
    return HttpProblemResponse(415, "send application/json or application/ld+json");
  }
  repo::Capturer* capturer = services_.capturer;
  Metrics* metrics = services_.metrics;
  repo::CustodyView* custody = services_.custody;
  auto body = std::make_shared<std::string>(r.body);
  return Deferred([capturer, metrics, custody, body, party](repo::EventReader& reader) {
    repo::EventOutcome out = capturer->CaptureEvent(*body, party);
    if (out.status.ok() && custody != nullptr) (void)custody->Refresh();
    if (out.duplicate) {
      // Only the party that submitted the original gets here (dedup is per party).
      auto earlier = reader.EventAt(out.index, repo::Access::kFull);
      std::string extra = "\"logIndex\":" + std::to_string(out.index);
      Response res = Epcis(409, "epcisException:ValidationException", "this event was captured before by the same party",
                           "", extra);
      if (earlier.ok()) res.headers.emplace_back("Location", "/events/" + PathSegment(earlier->public_id));
      return res;
    }
    if (out.status.code() == Code::kUnavailable) return ProblemResponse(out.status);  // 503 + Retry-After
    if (!out.status.ok()) {
      int status = out.exception == repo::kCaptureLimitExceeded ? 413 : HttpStatusFor(out.status.code());
      return Epcis(status, out.exception, out.status.message(), out.pointer);
    }
    if (metrics) metrics->AddCaptured(1);
    json::object o;
    o["eventID"] = out.public_id;
    o["logIndex"] = out.index;
    Response res = JsonResponse(201, json::serialize(o));
    res.headers.emplace_back("Location", "/events/" + PathSegment(out.public_id));
    AddVersionHeaders(res);
    return res;
  });
}

Response EpcisRoutes::Query(const Request& r) {
  auto caller = Caller(r);
  if (auto* res = std::get_if<Response>(&caller)) return std::move(*res);
  const repo::TokenGrant& grant = std::get<repo::TokenGrant>(caller);
  auto q = query::ParseQuery(r.Query());
  if (!q.ok()) {
    std::string_view msg = q.status().message();
    return Epcis(400, kQueryParameterException, msg);
  }
  auto result = events_.Query(*q, ViewerOf(grant));
  if (!result.ok()) return StatusProblem(result.status());
  if (result->too_large) {
    return Epcis(413, kQueryTooLargeException, "more events match than maxEventCount allows");
  }
  if (result->too_complex) {
    return Epcis(413, kQueryTooComplexException,
                 "counting the matches for maxEventCount would read too much of the store: add a selective "
                 "parameter (an EPC, class, location, business transaction or time range) or drop maxEventCount");
  }
  std::vector<uint64_t> shown_full;
  for (const repo::StoredEvent& e : result->events) {
    if (e.full) shown_full.push_back(e.index);
  }
  if (!shown_full.empty()) {
    if (auto refused = RecordFullRead(r, grant, shown_full)) return std::move(*refused);
  }
  Response res = JsonResponse(200, repo::QueryDocumentJson(result->events, repo::UtcNowMillis()), kLdJson);
  AddVersionHeaders(res);
  if (result->next_token) {
    res.headers.emplace_back("Link", "</events?" + query::NextPageQuery(r.Query(), *result->next_token) + ">; rel=\"next\"");
  }
  return res;
}

Response EpcisRoutes::GetEvent(const Request& r, std::string_view id) {
  auto caller = Caller(r);
  if (auto* res = std::get_if<Response>(&caller)) return std::move(*res);
  const repo::TokenGrant& grant = std::get<repo::TokenGrant>(caller);
  auto e = events_.FindEvent(id, ViewerOf(grant));
  if (!e.ok()) {
    return StatusProblem(e.status(), e.status().code() == Code::kNotFound ? kNoSuchResourceException : "");
  }
  if (e->full) {
    if (auto refused = RecordFullRead(r, grant, {e->index})) return std::move(*refused);
  }
  Response res = JsonResponse(200, std::move(e->form), kLdJson);
  AddVersionHeaders(res);
  return res;
}

Response EpcisRoutes::Proof(std::string_view id) {
  auto e = events_.FindEvent(id, repo::Access::kPublic);
  if (!e.ok()) return StatusProblem(e.status(), e.status().code() == Code::kNotFound ? kNoSuchResourceException : "");
  auto note = log_.Checkpoint();
  if (!note.ok()) return ProblemResponse(note.status());
  auto parsed = tlog::ParseNote(*note);
  if (!parsed.ok()) return ProblemResponse(Status::Corruption("stored checkpoint: " + parsed.status().message()));
  auto cp = tlog::ParseCheckpoint(parsed->text);
  if (!cp.ok()) return ProblemResponse(Status::Corruption("stored checkpoint: " + cp.status().message()));
  if (e->index >= cp->size) {
    Response res = FromProblem(MakeEpcisProblem(
        503, "urn:orelog:problem:pending",
        "the event has log index " + std::to_string(e->index) + " but the latest checkpoint covers " +
            std::to_string(cp->size) + " entries; a new checkpoint is published within seconds",
        "", "\"logIndex\":" + std::to_string(e->index)));
    return res;
  }
  auto proof = log::InclusionProof(log_, hasher_, e->index, cp->size);
  if (!proof.ok()) return ProblemResponse(proof.status());
  auto entry = log_.Entry(e->index);
  if (!entry.ok()) return ProblemResponse(entry.status());
  tlog::InclusionProofText text;
  text.index = e->index;
  text.proof = std::move(*proof);
  text.checkpoint_note = *note;
  json::object o;
  o["eventID"] = e->public_id;
  o["logIndex"] = e->index;
  o["leaf"] = std::string(AsChars(*entry));
  o["proof"] = text.Format();
  return JsonResponse(200, json::serialize(o));
}

Response EpcisRoutes::Disclosures(const Request& r, std::string_view id) {
  auto caller = RequireScope(r, repo::kFullReadScopes, "disclosures need a token with read-full or audit");
  if (auto* res = std::get_if<Response>(&caller)) return std::move(*res);
  const repo::TokenGrant& grant = std::get<repo::TokenGrant>(caller);
  auto e = events_.FindEvent(id, ViewerOf(grant));
  if (!e.ok()) return StatusProblem(e.status(), e.status().code() == Code::kNotFound ? kNoSuchResourceException : "");
  if (!e->full) {
    return Epcis(403, kSecurityException,
                 "the disclosures of an event are shown to its submitter, the parties it names as source or "
                 "destination, and auditors");
  }
  if (auto refused = RecordFullRead(r, grant, {e->index})) return std::move(*refused);
  std::string body = "{\"eventID\":" + JsonString(e->public_id) + ",\"logIndex\":" + std::to_string(e->index) +
                     ",\"disclosures\":" + e->disclosures + "}";
  return JsonResponse(200, std::move(body));
}

std::optional<Response> EpcisRoutes::RecordFullRead(const Request& r, const repo::TokenGrant& grant,
                                                    const std::vector<uint64_t>& indices) {
  if (services_.read_log == nullptr) return std::nullopt;
  const char* scope = grant.scopes.Has(repo::Scope::kAudit) ? "audit" : "read-full";
  Status st = services_.read_log->Record(grant.party, scope, Target(r), indices);
  if (st.ok()) return std::nullopt;
  Response res = HttpProblemResponse(503, "full forms are shown only once the read is recorded, and recording failed: " +
                                              st.message());
  res.headers.emplace_back("Retry-After", "1");
  return res;
}

Routed EpcisRoutes::RecordedIfShown(const Request& r, const repo::TokenGrant& grant, Routed routed) {
  auto* res = std::get_if<Response>(&routed);
  if (res == nullptr || res->status != 200) return routed;
  if (auto refused = RecordFullRead(r, grant, {})) return Routed(std::move(*refused));
  return routed;
}

Response EpcisRoutes::Reads(const Request& r) {
  auto caller = RequireScope(r, {repo::Scope::kAudit}, "the read log is shown to auditors");
  if (auto* res = std::get_if<Response>(&caller)) return std::move(*res);
  if (services_.read_log == nullptr) return HttpProblemResponse(404, "this server keeps no read log");
  auto params = query::SplitQueryString(r.Query());
  if (!params.ok()) return HttpProblemResponse(400, params.status().message());
  int64_t after = 0;
  int64_t limit = 100;
  std::string party;
  for (const query::QueryParam& p : *params) {
    if (p.name == "party") {
      party = p.value;
      continue;
    }
    int64_t* target = p.name == "after" ? &after : p.name == "limit" ? &limit : nullptr;
    if (target == nullptr) return HttpProblemResponse(400, "unknown query parameter " + p.name + " (after, limit, party)");
    auto [end, ec] = std::from_chars(p.value.data(), p.value.data() + p.value.size(), *target);
    if (ec != std::errc() || end != p.value.data() + p.value.size() || *target < 0) {
      return HttpProblemResponse(400, p.name + " must be a non-negative integer");
    }
  }
  if (limit < 1 || limit > 1000) return HttpProblemResponse(400, "limit must be from 1 to 1000");
  auto reads = services_.read_log->List(after, static_cast<size_t>(limit), party);
  if (!reads.ok()) return ProblemResponse(reads.status());
  json::array list;
  for (const repo::RecordedRead& rr : *reads) {
    json::array indices;
    for (uint64_t i : rr.indices) indices.emplace_back(i);
    list.push_back(json::object{{"seq", rr.seq}, {"at", rr.at}, {"party", rr.party}, {"scope", rr.scope},
                                {"request", rr.what}, {"logIndices", std::move(indices)}});
  }
  json::object o{{"reads", std::move(list)}};
  return JsonResponse(200, json::serialize(o));
}

}  // namespace orelog::server
