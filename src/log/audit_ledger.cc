// AuditLedger: recompute the whole tree from the stored entries and compare.
#include <map>
#include <optional>

#include "base/file.h"
#include "log/audit.h"
#include "merkle/compact_range.h"
#include "log/proofs.h"
#include "merkle/verify.h"
#include "orelog/ledger.h"
#include "store/node_tile.h"
#include "store/sqlite/sqlite_store.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"

namespace orelog::log {
namespace {

std::string NodeName(merkle::NodeID id) {
  return "node (level " + std::to_string(id.level) + ", index " + std::to_string(id.index) + ")";
}

// Compares recomputed nodes with the stored node tiles, one tile per level at a time.
class TileComparer {
 public:
  explicit TileComparer(store::sqlite::SqliteLogReader& reader) : reader_(reader) {}

  Status Check(merkle::NodeID id, const Hash& hash) {
    store::TileCoord c = store::LocateNode(id);
    auto& [index, tile] = current_[c.tile_level];
    if (!tile || index != c.tile_index) {
      if (!get_tile_) {  // prepared once, reused for every tile
        ORELOG_ASSIGN_OR_RETURN(store::sqlite::Stmt stmt, reader_.db().Prepare("SELECT nodes FROM tiles WHERE id = ?"));
        get_tile_.emplace(std::move(stmt));
      }
      store::sqlite::Stmt& blob = *get_tile_;
      blob.Bind(1, store::TileKey(c.tile_level, c.tile_index));
      ORELOG_ASSIGN_OR_RETURN(bool row, blob.Step());
      std::string name = "tile " + std::to_string(c.tile_level) + "/" + std::to_string(c.tile_index);
      if (!row) {
        blob.Reset();
        return Status::Corruption(name + " is missing");
      }
      auto decoded = store::DecodeNodeTile(blob.Blob(0));
      blob.Reset();
      if (!decoded.ok()) return decoded.status().With(name);
      tile = std::move(*decoded);
      index = c.tile_index;
    }
    const auto& level = tile->levels[c.sublevel];
    std::string where = NodeName(id) + " in tile " + std::to_string(c.tile_level) + "/" + std::to_string(index);
    if (c.pos >= level.size()) return Status::Corruption(where + " is missing from the stored tile");
    if (level[c.pos] != hash) {
      std::string span = "entries [" + std::to_string(id.begin()) + ", " + std::to_string(id.end()) + ")";
      return Status::Unverified(where + " differs from the hash recomputed from " + span +
                                ": an entry or the tile was altered");
    }
    ++checked_;
    return Status::Ok();
  }
  uint64_t checked() const { return checked_; }

 private:
  store::sqlite::SqliteLogReader& reader_;
  std::optional<store::sqlite::Stmt> get_tile_;
  std::map<uint32_t, std::pair<uint64_t, std::optional<store::NodeTile>>> current_;
  uint64_t checked_ = 0;
};

}  // namespace

Result<AuditReport> AuditLedger(const std::filesystem::path& dir, const Progress& progress) {
  std::string db_path = (dir / Ledger::kDatabaseFile).string();
  ORELOG_ASSIGN_OR_RETURN(bool exists, PathExists(db_path));
  if (!exists) return Status::NotFound("no ledger at " + dir.string());
  ORELOG_ASSIGN_OR_RETURN(auto reader, store::sqlite::SqliteLogReader::Open(db_path));
  store::sqlite::Db& db = reader->db();
  // One read transaction: the audit sees a single consistent snapshot even
  // while a writer appends.
  ORELOG_RETURN_IF_ERROR(db.Exec("BEGIN"));
  ORELOG_ASSIGN_OR_RETURN(store::sqlite::Meta meta, reader->ReadMeta());
  ORELOG_ASSIGN_OR_RETURN(tlog::VerifierKey vkey, tlog::ParseVerifierKey(meta.vkey));
  ORELOG_ASSIGN_OR_RETURN(auto state_stmt,
                          db.Prepare("SELECT next_index, integrated, compact_range, checkpoint FROM log_state"));
  ORELOG_ASSIGN_OR_RETURN(bool has_state, state_stmt.Step());
  if (!has_state) return Status::Corruption("log_state row is missing");
  uint64_t next_index = static_cast<uint64_t>(state_stmt.Int(0));
  uint64_t integrated = static_cast<uint64_t>(state_stmt.Int(1));
  Bytes stored_range(state_stmt.Blob(2).begin(), state_stmt.Blob(2).end());
  std::string current_note = state_stmt.IsNull(3) ? "" : std::string(state_stmt.Text(3));
  if (integrated > next_index) return Status::Corruption("integrated size exceeds sequenced size");

  // Checkpoints: signatures and origin first; roots are compared while streaming.
  ORELOG_ASSIGN_OR_RETURN(auto history, reader->CheckpointHistory());
  std::vector<tlog::Checkpoint> cps;
  const tlog::VerifierKey verifiers[] = {vkey};
  for (size_t i = 0; i < history.size(); ++i) {
    std::string name = "checkpoint #" + std::to_string(i + 1) + " (size " + std::to_string(history[i].first) + ")";
    auto opened = tlog::OpenNote(history[i].second, verifiers);
    if (!opened.ok()) return Status::Unverified(name + ": " + opened.status().message());
    auto cp = tlog::ParseCheckpoint(opened->text);
    if (!cp.ok()) return Status::Corruption(name + ": " + cp.status().message());
    if (cp->origin != meta.origin) return Status::Unverified(name + ": origin '" + cp->origin + "' is not " + meta.origin);
    if (cp->size != history[i].first) return Status::Corruption(name + ": body says size " + std::to_string(cp->size));
    if (cp->size > integrated) return Status::Corruption(name + ": beyond the integrated size " + std::to_string(integrated));
    if (!cps.empty() && cp->size < cps.back().size) return Status::Unverified(name + ": tree size went backwards");
    cps.push_back(std::move(*cp));
  }
  // The current checkpoint is what readers are served: it must be the last
  // verified one (an empty history with a current note is forged state).
  std::string last_note = history.empty() ? "" : history.back().second;
  if (last_note != current_note) {
    return Status::Corruption("current checkpoint is not the last one in the checkpoint history");
  }

  AuditReport report;
  merkle::Hasher hasher;
  merkle::CompactRange range;
  TileComparer tiles(*reader);
  Status node_status;
  auto visit = [&](merkle::NodeID id, const Hash& h) {
    if (node_status.ok() && id.end() <= integrated) node_status = tiles.Check(id, h);
  };
  size_t next_cp = 0;
  auto check_roots = [&]() -> Status {
    while (next_cp < cps.size() && cps[next_cp].size == range.size()) {
      if (range.Root(hasher) != cps[next_cp].root) {
        return Status::Unverified("checkpoint #" + std::to_string(next_cp + 1) + " (size " +
                                  std::to_string(range.size()) + ") signs a root that the entries do not produce");
      }
      ++next_cp;
    }
    return Status::Ok();
  };
  ORELOG_RETURN_IF_ERROR(check_roots());
  ORELOG_ASSIGN_OR_RETURN(auto entries, db.Prepare("SELECT idx, data FROM entries ORDER BY idx"));
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, entries.Step());
    if (!row) break;
    uint64_t idx = static_cast<uint64_t>(entries.Int(0));
    if (idx != range.size()) {
      return Status::Corruption("entry " + std::to_string(range.size()) + " is missing (next stored is " +
                                std::to_string(idx) + ")");
    }
    range.Append(hasher, hasher.HashLeaf(entries.Blob(1)), visit);
    if (!node_status.ok()) return node_status.With("entry " + std::to_string(idx));
    ORELOG_RETURN_IF_ERROR(check_roots());
    if (range.size() == integrated) {
      Bytes packed;
      for (const Hash& h : range.roots()) packed.insert(packed.end(), h.begin(), h.end());
      if (packed != stored_range) return Status::Corruption("stored compact range differs from the recomputed one");
    }
    if (progress && range.size() % 65536 == 0) progress(range.size(), next_index);
  }
  if (range.size() != next_index) {
    return Status::Corruption("log has " + std::to_string(range.size()) + " entries, state says " +
                              std::to_string(next_index));
  }
  if (next_cp != cps.size()) return Status::Corruption("a checkpoint's size was never reached by the entries");
  report.entries = range.size();
  report.nodes_checked = tiles.checked();
  report.checkpoints = cps.size();
  report.tree_size = cps.empty() ? 0 : cps.back().size;

  // The read path's consistency proofs between successive checkpoints.
  for (size_t i = 1; i < cps.size(); ++i) {
    uint64_t a = cps[i - 1].size, b = cps[i].size;
    if (a == 0 || a == b) continue;
    ORELOG_ASSIGN_OR_RETURN(std::vector<Hash> proof, ConsistencyProof(*reader, hasher, a, b));
    Status st = merkle::VerifyConsistency(hasher, a, b, proof, cps[i - 1].root, cps[i].root);
    if (!st.ok()) {
      return Status::Unverified("checkpoints of sizes " + std::to_string(a) + " and " + std::to_string(b) +
                                " are not consistent: " + st.message());
    }
    ++report.proofs_checked;
  }
  if (progress) progress(range.size(), next_index);
  ORELOG_RETURN_IF_ERROR(db.Exec("COMMIT"));
  return report;
}

}  // namespace orelog::log
