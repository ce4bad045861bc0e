// agreement release|list|show|terms|audit (docs/cli.md "agreement"): the
// agreements register (docs/participants.md §6).
#include <boost/json.hpp>
#include <fmt/format.h>

#include "agreements/record_json.h"
#include "agreements/release.h"
#include "base/file.h"
#include "cli/commands.h"
#include "orelog/ledger.h"
#include "repo/agreement_store.h"
#include "repo/schema.h"

namespace orelog::cli {
namespace {

namespace json = boost::json;

int Release(const Common& c, const AgreementArgs& a) {
  auto text = ReadFile(a.file);
  if (!text.ok()) return Fail("agreement release", text.status());
  auto input = repo::ParseReleaseInput(*text);
  if (!input.ok()) return Fail("agreement release", input.status().With(a.file));
  auto change = [&]() -> Result<repo::AgreementChange> {
    ORELOG_RETURN_IF_ERROR(repo::EnsureRepoSchema(c.dir));
    ORELOG_ASSIGN_OR_RETURN(std::unique_ptr<Ledger> ledger, Ledger::Open(c.dir));
    ORELOG_ASSIGN_OR_RETURN(repo::AgreementChange out, repo::ReleaseAgreement(*ledger, c.dir, *input, a.admin));
    ORELOG_RETURN_IF_ERROR(ledger->Publish().status());
    return out;
  }();
  if (!change.ok()) return Fail("agreement release", change.status());
  if (c.json) {
    json::array commitments;
    for (const std::string& s : change->commitments) commitments.emplace_back(s);
    fmt::print("{}\n", json::serialize(json::object{{"index", change->index}, {"commitments", std::move(commitments)}}));
  } else {
    fmt::print("release {} of {} ({}) at log index {}", input->release.release, input->release.agreement,
               agreements::TagName(input->release.tag), change->index);
    if (!change->commitments.empty()) fmt::print(" ({} withheld-term commitment(s))", change->commitments.size());
    fmt::print("\n");
  }
  return kExitOk;
}

int List(const Common& c) {
  auto reg = repo::LoadAgreements(c.dir);
  if (!reg.ok()) return Fail("agreement list", reg.status());
  json::array all;
  for (const agreements::Agreement* ag : reg->Agreements()) {
    if (c.json) {
      all.push_back(agreements::RecordJson(*ag));
      continue;
    }
    fmt::print("{}  {}  {}  {}  {} release(s)  {}\n", ag->current.agreement, ag->current.type,
               agreements::TagName(ag->current.tag), ag->current.date, ag->history.size(), ag->current.title);
  }
  if (c.json) fmt::print("{}\n", json::serialize(json::object{{"agreements", std::move(all)}}));
  return kExitOk;
}

int Show(const Common& c, const std::string& id) {
  auto reg = repo::LoadAgreements(c.dir);
  if (!reg.ok()) return Fail("agreement show", reg.status());
  const agreements::Agreement* ag = reg->Find(id);
  if (ag == nullptr) return Fail("agreement show", Status::NotFound("no agreement " + id));
  fmt::print("{}\n", json::serialize(agreements::RecordJson(*ag)));
  return kExitOk;
}

int Terms(const Common& c, const std::string& id) {
  auto terms = repo::AgreementTerms(c.dir, id);
  if (!terms.ok()) return Fail("agreement terms", terms.status());
  json::array out;
  for (const repo::StoredTerm& t : *terms) {
    out.emplace_back(json::object{{"commitment", t.commitment}, {"index", t.index}, {"disclosure", t.disclosure}});
  }
  fmt::print("{}\n", json::serialize(json::object{{"agreement", id}, {"terms", std::move(out)}}));
  return kExitOk;
}

int Audit(const Common& c) {
  auto diff = repo::AuditAgreements(c.dir);
  if (!diff.ok()) return Fail("agreement audit", diff.status());
  if (c.json) {
    fmt::print("{}\n", json::serialize(json::object{{"agree", diff->empty()}, {"difference", *diff}}));
  } else if (diff->empty()) {
    fmt::print("agreement tables agree with the log\n");
  } else {
    fmt::print("agreement tables DIFFER from the log: {}\n", *diff);
  }
  return diff->empty() ? kExitOk : kExitVerifyFailed;
}

}  // namespace

int Agreement(const Common& c, const AgreementArgs& a) {
  if (a.action == "release") return Release(c, a);
  if (a.action == "list") return List(c);
  if (a.action == "show") return Show(c, a.id);
  if (a.action == "terms") return Terms(c, a.id);
  if (a.action == "audit") return Audit(c);
  return Fail("agreement", Status::Invalid("unknown action " + a.action));
}

}  // namespace orelog::cli
