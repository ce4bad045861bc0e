// Full audits: of a ledger database (AuditLedger) and of an exported static
// C2SP tile tree (AuditTileTree, the public auditor's tool, needing only the
// files and the log's vkey). Both recompute every leaf and node from the
// entries and stop at the first discrepancy with a Status saying what and
// where (VerificationFailed or Corruption).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "orelog/status.h"

namespace orelog::log {

// Called now and then with (entries done, entries total).
using Progress = std::function<void(uint64_t done, uint64_t total)>;

struct AuditReport {
  uint64_t entries = 0;         // entries recomputed
  uint64_t tree_size = 0;       // size of the latest checkpoint
  uint64_t nodes_checked = 0;   // stored node hashes compared
  uint64_t checkpoints = 0;     // signed checkpoints verified
  uint64_t proofs_checked = 0;  // consistency proofs between checkpoints
};

// Audits the ledger in `dir`: every entry present without gaps; every stored
// node hash equal to the one recomputed from the entries; the stored compact
// range; every checkpoint in the history signed by the ledger's key, for the
// right origin, with the root recomputed at its size, and consistent with the
// next one (a consistency proof served from the tiles verifies).
Result<AuditReport> AuditLedger(const std::filesystem::path& dir, const Progress& progress = {});

// Audits a tile tree written by ExportTiles: `tree/checkpoint` signed by
// `vkey`; every entry bundle and hash tile the checkpoint needs is present
// and equal to what the entries imply; the root matches. With `since_note`
// (a checkpoint seen earlier), also proves that this tree extends it.
Result<AuditReport> AuditTileTree(const std::filesystem::path& tree, const std::string& vkey,
                                  const std::optional<std::string>& since_note,
                                  const Progress& progress = {});

struct ExportReport {
  uint64_t tree_size = 0;
  uint64_t files_written = 0;
  uint64_t files_kept = 0;  // full tiles already present (immutable)
};

// Writes the static C2SP tree of the ledger's current checkpoint into `out`:
// out/checkpoint, out/tile/<L>/<N>[.p/<W>], out/tile/entries/<N>[.p/<W>].
// Each file is written to a temporary name, fsync'd and renamed; the
// checkpoint goes last, so a reader never sees it before its tiles.
Result<ExportReport> ExportTiles(const std::filesystem::path& dir, const std::filesystem::path& out,
                                 const Progress& progress = {});

}  // namespace orelog::log
