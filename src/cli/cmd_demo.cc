// demo: a new ledger seeded with the illustrative scenario (samples/demo,
// docs/demo.md), captured through the real capture path. recompute: the
// custody view's audit (incremental figures == a full recompute).
#include <algorithm>
#include <filesystem>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/json_text.h"
#include "custody/flags.h"
#include "orelog/ledger.h"
#include "repo/capture.h"
#include "repo/custody_view.h"
#include "repo/agreement_store.h"
#include "repo/registry_store.h"
#include "repo/schema.h"

namespace orelog::cli {
namespace fs = std::filesystem;

namespace {

// The operator account the demo's registry entries are submitted by.
constexpr char kDemoOperator[] = "https://operator.orelog.example";

// The demo's royalty rates (docs/demo.md §5; illustrative), per tonne of
// contained metal: what scripts/demo serves with, so that the flag count
// printed here is what the server shows.
custody::BookConfig DemoConfig() {
  custody::BookConfig config;
  config.royalty_rates = {{"Cu", 120'00}, {"Sb", 250'00}};
  return config;
}

// A JSON array file of the samples folder, if present (nullopt if absent).
Result<std::optional<boost::json::array>> OptionalArray(const fs::path& file) {
  if (!fs::exists(file)) return std::optional<boost::json::array>();
  ORELOG_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
  boost::system::error_code ec;
  boost::json::value list = boost::json::parse(text, ec);
  if (ec || !list.is_array()) return Status::Invalid(file.string() + ": not a JSON array");
  return std::optional<boost::json::array>(std::move(list.get_array()));
}

Result<std::vector<fs::path>> DemoDocuments(const fs::path& samples) {
  std::error_code ec;
  if (!fs::is_directory(samples, ec)) return Status::NotFound("no demo documents in " + samples.string());
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(samples, ec)) {
    if (entry.path().extension() == ".jsonld") files.push_back(entry.path());
  }
  if (ec) return Status::IOError("cannot list " + samples.string() + ": " + ec.message());
  if (files.empty()) return Status::NotFound("no .jsonld documents in " + samples.string());
  std::sort(files.begin(), files.end());
  return files;
}

// Seeds `dir` (a new ledger) with the documents; on error the caller removes it.
Result<std::pair<std::string, size_t>> Seed(const fs::path& dir, const std::vector<fs::path>& files,
                                            const std::string& origin, const std::string& party, bool quiet) {
  ORELOG_ASSIGN_OR_RETURN(std::string vkey, Ledger::Init(dir, origin));
  ORELOG_RETURN_IF_ERROR(repo::EnsureRepoSchema(dir));
  ORELOG_ASSIGN_OR_RETURN(std::unique_ptr<Ledger> ledger, Ledger::Open(dir));
  repo::CaptureOptions co;
  co.ledger_dir = dir;
  repo::Capturer capturer(*ledger, co);
  size_t events = 0;
  for (const fs::path& file : files) {
    ORELOG_ASSIGN_OR_RETURN(std::string body, ReadFile(file));
    repo::CaptureOutcome out = capturer.CaptureDocument(body, party, repo::ErrorBehaviour::kRollback);
    if (!out.status.ok()) {
      return Status(out.status.code(), file.filename().string() + ": " + out.status.message() +
                                           (out.pointer.empty() ? "" : " at " + out.pointer));
    }
    events += out.job.captured;
    if (!quiet) fmt::print("captured {:>3} events from {}\n", out.job.captured, file.filename().string());
  }
  // The participants registry (samples/demo/participants.json, if present):
  // every party of the scenario but one mine operator, left unregistered.
  const fs::path registry_file = files.front().parent_path() / "participants.json";
  ORELOG_ASSIGN_OR_RETURN(auto participants, OptionalArray(registry_file));
  if (participants) {
    for (const boost::json::value& p : *participants) {
      auto input = repo::ParseParticipantInput(boost::json::serialize(p));
      if (!input.ok()) return input.status().With(registry_file.filename().string());
      ORELOG_RETURN_IF_ERROR(repo::RegisterParticipant(*ledger, dir, *input, kDemoOperator).status());
    }
    if (!quiet) fmt::print("registered {:>3} participants from {}\n", participants->size(), registry_file.filename().string());
  }
  // The agreements register (samples/demo/agreements.json, if present): the
  // September 2025 MoU, its full text withheld and committed by its hash.
  const fs::path agreements_file = files.front().parent_path() / "agreements.json";
  ORELOG_ASSIGN_OR_RETURN(auto releases, OptionalArray(agreements_file));
  if (releases) {
    for (const boost::json::value& r : *releases) {
      auto input = repo::ParseReleaseInput(boost::json::serialize(r));
      if (!input.ok()) return input.status().With(agreements_file.filename().string());
      ORELOG_RETURN_IF_ERROR(repo::ReleaseAgreement(*ledger, dir, *input, kDemoOperator).status());
    }
    if (!quiet) fmt::print("released  {:>3} agreement release(s) from {}\n", releases->size(), agreements_file.filename().string());
  }
  ORELOG_RETURN_IF_ERROR(ledger->Publish().status());
  return std::pair{std::move(vkey), events};
}

}  // namespace

int Demo(const Common& c, const std::string& samples, const std::string& origin, const std::string& party) {
  auto files = DemoDocuments(samples);
  if (!files.ok()) return Fail("demo", files.status());
  std::error_code ec;
  if (fs::exists(c.dir, ec) && !fs::is_empty(c.dir, ec)) {
    return Fail("demo", Status::Exists(c.dir + " exists and is not empty"));
  }
  // Seeded in a sibling staging directory and renamed into place, so a
  // failure never leaves a half-seeded ledger at DIR.
  const fs::path target = fs::absolute(c.dir);
  const fs::path staging = target.parent_path() / ("." + target.filename().string() + ".demo-staging");
  fs::remove_all(staging, ec);
  auto seeded = Seed(staging, *files, origin, party, c.json);
  if (seeded.ok()) {
    fs::remove(target, ec);  // an empty directory, if any
    fs::rename(staging, target, ec);
    if (ec) seeded = Status::IOError("cannot move the seeded ledger into place: " + ec.message());
  }
  if (!seeded.ok()) {
    fs::remove_all(staging, ec);
    return Fail("demo", seeded.status());
  }
  const std::string& vkey = seeded->first;
  const size_t events = seeded->second;
  auto view = repo::CustodyView::Open(c.dir, DemoConfig());
  if (!view.ok()) return Fail("demo", view.status());
  // Every flag a full-form reader sees: custody, registry and agreement flags.
  const size_t flags = (*view)->ReadWithFlags(repo::Access::kFull, INT64_MAX / 2,
                                              [](const custody::Book&, const custody::Book&,
                                                 const std::vector<custody::Flag>& all) { return all.size(); });
  if (c.json) {
    fmt::print("{{\"dir\": {}, \"vkey\": {}, \"events\": {}, \"lots\": {}, \"flags\": {}}}\n", JsonString(c.dir),
               JsonString(vkey), events, (*view)->LotCount(), flags);
  } else {
    fmt::print("demo ledger {} (illustrative data): {} events, {} lots, {} red flags\n", c.dir, events,
               (*view)->LotCount(), flags);
    fmt::print("verifier key: {}\n", vkey);
  }
  return kExitOk;
}

int Recompute(const Common& c) {
  auto view = repo::CustodyView::Open(c.dir);
  if (!view.ok()) return Fail("recompute", view.status());
  auto diff = (*view)->AuditRecompute();
  if (!diff.ok()) return Fail("recompute", diff.status());
  const size_t lots = (*view)->LotCount();
  if (c.json) {
    fmt::print("{{\"lots\": {}, \"agree\": {}, \"difference\": {}}}\n", lots, diff->empty() ? "true" : "false",
               JsonString(*diff));
  } else if (diff->empty()) {
    fmt::print("custody figures of {} lots: incremental and full recompute agree exactly\n", lots);
  } else {
    fmt::print("custody figures DIFFER: {}\n", *diff);
  }
  return diff->empty() ? kExitOk : kExitVerifyFailed;
}

}  // namespace orelog::cli
