// verify, export-tiles, verify-tiles, backup.
#include <fmt/format.h>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/json_text.h"
#include "log/audit.h"
#include "orelog/ledger.h"
#include "repo/read_log.h"
#include "store/sqlite/sqlite_store.h"

namespace orelog::cli {
namespace {

void PrintAudit(const log::AuditReport& r, bool json, const std::string& what) {
  if (json) {
    fmt::print("{{\"ok\": true, \"entries\": {}, \"tree_size\": {}, \"nodes_checked\": {}, \"checkpoints\": {}, "
               "\"consistency_proofs\": {}}}\n",
               r.entries, r.tree_size, r.nodes_checked, r.checkpoints, r.proofs_checked);
  } else {
    fmt::print("OK: {}: {} entries recomputed, {} stored hashes compared, {} checkpoints verified, {} consistency "
               "proofs checked; tree size {}\n",
               what, r.entries, r.nodes_checked, r.checkpoints, r.proofs_checked, r.tree_size);
  }
}

}  // namespace

int Verify(const Common& c) {
  auto report = log::AuditLedger(c.dir, TerminalProgress("verify"));
  if (!report.ok()) return Fail("verify", report.status());
  PrintAudit(*report, c.json, c.dir);
  return kExitOk;
}

int ExportTiles(const Common& c, const std::string& out) {
  auto report = log::ExportTiles(c.dir, out, TerminalProgress("export-tiles"));
  if (!report.ok()) return Fail("export-tiles", report.status());
  if (c.json) {
    fmt::print("{{\"tree_size\": {}, \"files_written\": {}, \"files_kept\": {}}}\n", report->tree_size,
               report->files_written, report->files_kept);
  } else {
    fmt::print("exported tree size {} to {}: {} files written, {} full tiles already present\n", report->tree_size, out,
               report->files_written, report->files_kept);
  }
  return kExitOk;
}

int VerifyTiles(const std::string& tree, const std::string& vkey, const std::optional<std::string>& since, bool json) {
  std::optional<std::string> since_note;
  if (since) {
    auto text = ReadFile(*since, 1 << 20);
    if (!text.ok()) return Fail("verify-tiles", text.status().With("--since"));
    since_note = std::move(*text);
  }
  auto report = log::AuditTileTree(tree, vkey, since_note, TerminalProgress("verify-tiles"));
  if (!report.ok()) return Fail("verify-tiles", report.status());
  PrintAudit(*report, json, tree);
  return kExitOk;
}

int Backup(const Common& c, const std::string& out) {
  auto exists = PathExists(out);
  if (!exists.ok()) return Fail("backup", exists.status());
  if (*exists) return Fail("backup", Status::Exists(out + " already exists"));
  if (Status st = CreateDirectories(out); !st.ok()) return Fail("backup", st);
  std::error_code ec;  // the copy holds the signing key: owner only
  std::filesystem::permissions(out, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
  if (ec) return Fail("backup", Status::IOError("cannot chmod " + out + ": " + ec.message()));
  std::filesystem::path from(c.dir), to(out);
  Status st = store::sqlite::BackupDatabase((from / Ledger::kDatabaseFile).string(), (to / Ledger::kDatabaseFile).string());
  if (st.ok() && std::filesystem::exists(from / repo::ReadLog::kFile)) {
    // The read log (docs/participants.md §3.3) goes along, copied online too,
    // so reads stay auditable after a restore.
    st = store::sqlite::BackupDatabase((from / repo::ReadLog::kFile).string(), (to / repo::ReadLog::kFile).string());
  }
  if (st.ok()) {
    // The signing key goes along (mode 0600) so the copy can be reopened as a ledger.
    auto key = ReadFile(from / Ledger::kKeyFile, 4096);
    st = key.ok() ? WriteFileAtomic(to / Ledger::kKeyFile, AsBytes(*key), 0600, true) : key.status();
  }
  if (!st.ok()) return Fail("backup", st);
  if (c.json) {
    fmt::print("{{\"backup\": {}}}\n", JsonString(out));
  } else {
    fmt::print("backed up {} to {}\n", c.dir, out);
  }
  return kExitOk;
}

}  // namespace orelog::cli
