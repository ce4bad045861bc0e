#include "server/agreement_routes.h"

#include <boost/json.hpp>

#include "agreements/record_json.h"
#include "epcis/gs1_keys.h"
#include "repo/agreement_store.h"
#include "server/problem.h"
#include "server/scope_check.h"

namespace orelog::server {
namespace json = boost::json;
namespace {

Response Json(int status, const json::value& body) { return JsonAnswer(status, json::serialize(body)); }

Response NotAllowed(std::string_view allow) { return NotAllowedHere(allow); }

// The compiled record, every release's content in log order, and for
// `audit` callers the stored withheld terms.
Response Record(const AgreementServices& s, const std::string& id, bool audit) {
  auto reg = repo::LoadAgreements(s.dir);
  if (!reg.ok()) return ProblemResponse(reg.status());
  const agreements::Agreement* a = reg->Find(id);
  if (a == nullptr) return HttpProblemResponse(404, "no agreement " + id);
  auto releases = repo::AgreementReleases(s.dir, id);
  if (!releases.ok()) return ProblemResponse(releases.status());
  json::object o = agreements::RecordJson(*a);
  json::array contents;
  for (const auto& [index, release] : *releases) {
    json::object r = agreements::ReleaseJson(release);
    r["index"] = index;
    contents.push_back(std::move(r));
  }
  o["releases"] = std::move(contents);
  if (audit) {
    auto terms = repo::AgreementTerms(s.dir, id);
    if (!terms.ok()) return ProblemResponse(terms.status());
    json::array out;
    for (const repo::StoredTerm& t : *terms) {
      out.emplace_back(json::object{{"commitment", t.commitment}, {"index", t.index}, {"disclosure", t.disclosure}});
    }
    o["termDisclosures"] = std::move(out);
  }
  return Json(200, o);
}

}  // namespace

bool IsAgreementPath(std::string_view path) { return path == "/agreements" || path.starts_with("/agreements/"); }

Routed HandleAgreements(const Request& r, const repo::TokenGrant& caller, const AgreementServices& s,
                        std::string& route) {
  const std::string_view path = r.Path();
  if (path == "/agreements") {
    if (r.method == "GET") {
      route = "agreements";
      auto reg = repo::LoadAgreements(s.dir);
      if (!reg.ok()) return ProblemResponse(reg.status());
      json::array list;
      for (const agreements::Agreement* a : reg->Agreements()) list.push_back(agreements::RecordJson(*a));
      return Json(200, json::object{{"agreements", std::move(list)}});
    }
    if (r.method != "POST") return NotAllowed("GET, POST");
    route = "agreement_release";
    if (auto denied = MissingScope(caller, repo::Scope::kAdmin, "releasing an agreement")) return std::move(*denied);
    if (s.ledger == nullptr) return NotAllowed("GET");
    auto input = repo::ParseReleaseInput(r.body);
    if (!input.ok()) return ProblemResponse(input.status());
    return Deferred([ledger = s.ledger, dir = s.dir, admin = caller.party, in = *input](repo::EventReader&) {
      auto change = repo::ReleaseAgreement(*ledger, dir, in, admin);
      if (!change.ok()) return ProblemResponse(change.status());
      json::array commitments;
      for (const std::string& c : change->commitments) commitments.emplace_back(c);
      return Json(201, json::object{{"agreement", in.release.agreement}, {"release", in.release.release},
                                    {"index", change->index}, {"commitments", std::move(commitments)}});
    });
  }
  route = "agreement";
  if (r.method != "GET") return NotAllowed("GET");
  const std::string_view rest = path.substr(std::string_view("/agreements/").size());
  auto id = epcis::PercentDecode(rest);
  if (!id.ok() || id->empty() || id->find('/') != std::string::npos) {
    return HttpProblemResponse(404, "no such resource");
  }
  // Withheld terms go to audit tokens only; everyone else gets the public record.
  const bool audit = caller.scopes.Has(repo::Scope::kAudit);
  return Record(s, *id, audit);
}

}  // namespace orelog::server
