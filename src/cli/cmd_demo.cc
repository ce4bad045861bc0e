// demo: a new ledger seeded with the illustrative scenario (samples/demo,
// docs/demo.md), captured through the real capture path. recompute: the
// custody view's audit (incremental figures == a full recompute).
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/json_text.h"
#include "custody/flags.h"
#include "orelog/ledger.h"
#include "repo/capture.h"
#include "repo/custody_view.h"
#include "repo/schema.h"

namespace orelog::cli {
namespace fs = std::filesystem;

namespace {

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

}  // namespace

int Demo(const Common& c, const std::string& samples, const std::string& origin, const std::string& party) {
  auto files = DemoDocuments(samples);
  if (!files.ok()) return Fail("demo", files.status());
  auto vkey = Ledger::Init(c.dir, origin);
  if (!vkey.ok()) return Fail("demo", vkey.status());
  if (Status st = repo::EnsureRepoSchema(c.dir); !st.ok()) return Fail("demo", st);
  size_t events = 0;
  {
    auto ledger = Ledger::Open(c.dir);
    if (!ledger.ok()) return Fail("demo", ledger.status());
    repo::CaptureOptions co;
    co.ledger_dir = c.dir;
    repo::Capturer capturer(**ledger, co);
    for (const fs::path& file : *files) {
      auto body = ReadFile(file);
      if (!body.ok()) return Fail("demo", body.status());
      repo::CaptureOutcome out = capturer.CaptureDocument(*body, party, repo::ErrorBehaviour::kRollback);
      if (!out.status.ok()) {
        return Fail("demo", Status(out.status.code(), file.filename().string() + ": " + out.status.message() +
                                                          (out.pointer.empty() ? "" : " at " + out.pointer)));
      }
      events += out.job.captured;
      if (!c.json) fmt::print("captured {:>3} events from {}\n", out.job.captured, file.filename().string());
    }
    auto published = (*ledger)->Publish();
    if (!published.ok()) return Fail("demo", published.status());
  }
  auto view = repo::CustodyView::Open(c.dir);
  if (!view.ok()) return Fail("demo", view.status());
  size_t flags = 0;
  (*view)->Read(repo::Access::kFull, [&](const custody::Book& b) {
    flags = custody::ComputeFlags(b, INT64_MAX / 2).size();
    return 0;
  });
  if (c.json) {
    fmt::print("{{\"dir\": {}, \"vkey\": {}, \"events\": {}, \"lots\": {}, \"flags\": {}}}\n", JsonString(c.dir),
               JsonString(*vkey), events, (*view)->LotCount(), flags);
  } else {
    fmt::print("demo ledger {} (illustrative data): {} events, {} lots, {} red flags\n", c.dir, events,
               (*view)->LotCount(), flags);
    fmt::print("verifier key: {}\n", *vkey);
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
