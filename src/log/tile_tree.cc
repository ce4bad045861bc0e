// ExportTiles and AuditTileTree: the static C2SP tile tree on disk.
#include <map>

#include "base/file.h"
#include "log/audit.h"
#include "merkle/compact_range.h"
#include "orelog/ledger.h"
#include "store/sqlite/sqlite_store.h"
#include "tlog/bundle.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"
#include "tlog/tile.h"

namespace orelog::log {
namespace {

std::string PathOf(const tlog::TileRef& t) {
  return t.entries ? tlog::EntriesPath(t.index, t.width) : tlog::TilePath(t.level, t.index, t.width);
}

Result<tlog::Checkpoint> OpenCheckpoint(const std::string& note, const tlog::VerifierKey& vkey,
                                        const std::string& what) {
  const tlog::VerifierKey verifiers[] = {vkey};
  auto opened = tlog::OpenNote(note, verifiers);
  if (!opened.ok()) return opened.status().With(what);
  auto cp = tlog::ParseCheckpoint(opened->text);
  if (!cp.ok()) return cp.status().With(what);
  if (cp->origin != vkey.name) {
    return Status::Unverified(what + ": origin '" + cp->origin + "' does not match key name '" + vkey.name + "'");
  }
  return cp;
}

}  // namespace

Result<ExportReport> ExportTiles(const std::filesystem::path& dir, const std::filesystem::path& out,
                                 const Progress& progress) {
  ORELOG_ASSIGN_OR_RETURN(auto reader,
                          store::sqlite::SqliteLogReader::Open((dir / Ledger::kDatabaseFile).string()));
  ORELOG_ASSIGN_OR_RETURN(std::string note, reader->Checkpoint());
  ORELOG_ASSIGN_OR_RETURN(tlog::Note parsed, tlog::ParseNote(note));
  ORELOG_ASSIGN_OR_RETURN(tlog::Checkpoint cp, tlog::ParseCheckpoint(parsed.text));
  ExportReport report;
  report.tree_size = cp.size;
  std::vector<tlog::TileRef> tiles = tlog::TilesForTreeSize(cp.size);
  uint64_t done = 0;
  for (const tlog::TileRef& t : tiles) {
    std::filesystem::path path = out / PathOf(t);
    bool full = t.width == tlog::kTileWidth;
    ORELOG_ASSIGN_OR_RETURN(bool present, PathExists(path));
    if (full && present) {
      ++report.files_kept;  // full tiles never change
    } else {
      Result<Bytes> data = t.entries ? reader->EntryBundle(t.index, t.width) : reader->Tile(t.level, t.index, t.width);
      if (!data.ok()) return data.status().With(PathOf(t));
      ORELOG_RETURN_IF_ERROR(CreateDirectories(path.parent_path()));
      ORELOG_RETURN_IF_ERROR(WriteFileAtomic(path, *data));
      ++report.files_written;
    }
    if (progress && ++done % 256 == 0) progress(done, tiles.size());
  }
  ORELOG_RETURN_IF_ERROR(CreateDirectories(out));
  ORELOG_RETURN_IF_ERROR(WriteFileAtomic(out / "checkpoint", AsBytes(note)));
  ++report.files_written;
  if (progress) progress(tiles.size(), tiles.size());
  return report;
}

Result<AuditReport> AuditTileTree(const std::filesystem::path& tree, const std::string& vkey_text,
                                  const std::optional<std::string>& since_note, const Progress& progress) {
  ORELOG_ASSIGN_OR_RETURN(tlog::VerifierKey vkey, tlog::ParseVerifierKey(vkey_text));
  ORELOG_ASSIGN_OR_RETURN(std::string note, ReadFile(tree / "checkpoint", 1 << 20));
  ORELOG_ASSIGN_OR_RETURN(tlog::Checkpoint cp, OpenCheckpoint(note, vkey, "checkpoint"));
  std::optional<tlog::Checkpoint> since;
  if (since_note) {
    ORELOG_ASSIGN_OR_RETURN(since, OpenCheckpoint(*since_note, vkey, "earlier checkpoint"));
    if (since->size > cp.size) {
      return Status::Unverified("the tree (size " + std::to_string(cp.size) + ") is smaller than the checkpoint seen before (size " +
                                std::to_string(since->size) + "): history was rolled back");
    }
  }

  AuditReport report;
  report.tree_size = cp.size;
  report.checkpoints = 1 + (since ? 1 : 0);
  merkle::Hasher hasher;
  merkle::CompactRange range;
  // Hash tiles are loaded per level as nodes at levels 8L arrive.
  std::map<uint32_t, std::pair<uint64_t, std::vector<Hash>>> loaded;
  Status node_status;
  auto visit = [&](merkle::NodeID id, const Hash& h) {
    if (!node_status.ok() || id.level % tlog::kTileHeight != 0) return;
    uint32_t level = id.level / tlog::kTileHeight;
    uint64_t index = id.index / tlog::kTileWidth;
    auto& [cur, hashes] = loaded[level];
    if (hashes.empty() || cur != index) {
      uint32_t width = index < tlog::FullTileCount(level, cp.size) ? tlog::kTileWidth
                                                                   : tlog::PartialTileWidth(level, cp.size);
      std::string rel = tlog::TilePath(level, index, width);
      auto data = ReadFile(tree / rel, 1 << 16);
      if (!data.ok()) { node_status = data.status().With(rel); return; }
      auto parsed = tlog::ParseHashTile(AsBytes(*data), width);
      if (!parsed.ok()) { node_status = parsed.status().With(rel); return; }
      hashes = std::move(*parsed);
      cur = index;
    }
    if (hashes[id.index % tlog::kTileWidth] != h) {
      node_status = Status::Unverified(tlog::TilePath(level, index, static_cast<uint32_t>(hashes.size())) +
                                       ": hash " + std::to_string(id.index % tlog::kTileWidth) +
                                       " differs from the one recomputed from entries [" +
                                       std::to_string(id.begin()) + ", " + std::to_string(id.end()) + ")");
      return;
    }
    ++report.nodes_checked;
  };
  std::optional<Hash> since_root;
  if (since && since->size == 0) since_root = merkle::Hasher::EmptyRoot();
  for (uint64_t bundle = 0; range.size() < cp.size; ++bundle) {
    uint32_t width = static_cast<uint32_t>(std::min<uint64_t>(tlog::kTileWidth, cp.size - range.size()));
    std::string rel = tlog::EntriesPath(bundle, width);
    ORELOG_ASSIGN_OR_RETURN(std::string data, ReadFile(tree / rel, 256 * 65537));
    auto entries = tlog::ParseBundle(AsBytes(data));
    if (!entries.ok()) return entries.status().With(rel);
    if (entries->size() != width) {
      return Status::Unverified(rel + " holds " + std::to_string(entries->size()) + " entries, not " + std::to_string(width));
    }
    for (const Bytes& e : *entries) {
      range.Append(hasher, hasher.HashLeaf(e), visit);
      if (!node_status.ok()) return node_status;
      if (since && range.size() == since->size) since_root = range.Root(hasher);
    }
    if (progress && bundle % 256 == 255) progress(range.size(), cp.size);
  }
  report.entries = range.size();
  if (range.Root(hasher) != cp.root) {
    return Status::Unverified("the entries produce a root different from the one the checkpoint signs");
  }
  if (since) {
    if (!since_root || *since_root != since->root) {
      return Status::Unverified("the tree does not extend the checkpoint seen before (size " +
                                std::to_string(since->size) + "): the log's history was rewritten");
    }
    ++report.proofs_checked;
  }
  if (progress) progress(range.size(), cp.size);
  return report;
}

}  // namespace orelog::log
