// SqliteLogReader: the read path. Its own connection (query_only), WAL
// snapshots, no write lock. Full tiles of level >= 1 are immutable and cached.
#include <cstring>

#include "store/node_tile.h"
#include "store/sqlite/sqlite_store.h"
#include "tlog/bundle.h"

namespace orelog::store::sqlite {

Result<std::unique_ptr<SqliteLogReader>> SqliteLogReader::Open(const std::string& path,
                                                               const StoreOptions& options) {
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open(path, Db::Mode::kReadWrite));
  ORELOG_RETURN_IF_ERROR(db.Exec("PRAGMA query_only=1; PRAGMA cache_size=-" +
                                 std::to_string(options.reader_cache_kib)));
  ORELOG_RETURN_IF_ERROR(sqlite::ReadMeta(db).status());
  std::unique_ptr<SqliteLogReader> r(new SqliteLogReader(std::move(db), options.reader_tile_cache));
  auto prep = [&](std::unique_ptr<Stmt>& slot, std::string_view sql) -> Status {
    ORELOG_ASSIGN_OR_RETURN(Stmt s, r->db_.Prepare(sql));
    slot = std::make_unique<Stmt>(std::move(s));
    return Status::Ok();
  };
  ORELOG_RETURN_IF_ERROR(prep(r->get_tile_, "SELECT nodes FROM tiles WHERE id = ?"));
  ORELOG_RETURN_IF_ERROR(prep(r->get_entry_, "SELECT data FROM entries WHERE idx = ?"));
  ORELOG_RETURN_IF_ERROR(prep(r->get_entries_, "SELECT idx, data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx"));
  return r;
}

Result<std::string> SqliteLogReader::Checkpoint() {
  ORELOG_ASSIGN_OR_RETURN(Stmt stmt, db_.Prepare("SELECT checkpoint FROM log_state WHERE id = 1"));
  ORELOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Corruption("log_state row is missing");
  if (stmt.IsNull(0)) return Status::NotFound("no checkpoint has been published yet");
  return std::string(stmt.Text(0));
}

Result<std::vector<std::pair<uint64_t, std::string>>> SqliteLogReader::CheckpointHistory() {
  ORELOG_ASSIGN_OR_RETURN(Stmt stmt, db_.Prepare("SELECT size, note FROM checkpoints ORDER BY seq"));
  std::vector<std::pair<uint64_t, std::string>> out;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.emplace_back(static_cast<uint64_t>(stmt.Int(0)), std::string(stmt.Text(1)));
  }
  return out;
}

Result<std::shared_ptr<const Bytes>> SqliteLogReader::NodeTileBlob(uint32_t level, uint64_t index) {
  std::string name = "tile " + std::to_string(level) + "/" + std::to_string(index);
  if (index > kMaxTileIndex || level > 63) return Status::NotFound(name + " cannot exist");
  int64_t key = TileKey(level, index);
  if (auto it = full_tiles_.find(key); it != full_tiles_.end()) return it->second;
  get_tile_->Bind(1, key);
  Result<bool> row = get_tile_->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    get_tile_->Reset();
    return Status::NotFound(name + " is not integrated");
  }
  ByteView b = get_tile_->Blob(0);
  auto blob = std::make_shared<const Bytes>(b.begin(), b.end());
  get_tile_->Reset();
  bool full = blob->size() == NodeTileHashCount(kTileWidth) * sizeof(Hash);
  if (full && level >= 1 && full_tiles_.size() < cache_limit_) full_tiles_.emplace(key, blob);
  return blob;
}

Result<Bytes> SqliteLogReader::Tile(uint32_t level, uint64_t index, uint32_t width) {
  if (width == 0 || width > kTileWidth) return Status::Invalid("tile width must be 1..256");
  ORELOG_ASSIGN_OR_RETURN(std::shared_ptr<const Bytes> blob, NodeTileBlob(level, index));
  Result<uint32_t> stored = NodeTileWidth(blob->size());
  if (!stored.ok()) return stored.status().With("tile " + std::to_string(level) + "/" + std::to_string(index));
  if (*stored < width) {
    return Status::NotFound("tile " + std::to_string(level) + "/" + std::to_string(index) + " has width " +
                            std::to_string(*stored) + " < " + std::to_string(width));
  }
  return Bytes(blob->begin(), blob->begin() + width * sizeof(Hash));
}

Result<Bytes> SqliteLogReader::EntryBundle(uint64_t index, uint32_t width) {
  if (width == 0 || width > kTileWidth) return Status::Invalid("bundle width must be 1..256");
  if (index > kMaxTileIndex) return Status::NotFound("entry bundle " + std::to_string(index) + " cannot exist");
  uint64_t begin = index * kTileWidth;  // < 2^64: no wrap-around
  get_entries_->Bind(1, static_cast<int64_t>(begin)).Bind(2, static_cast<int64_t>(begin + width));
  Bytes bundle;
  uint64_t expect = begin;
  while (true) {
    Result<bool> row = get_entries_->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (static_cast<uint64_t>(get_entries_->Int(0)) != expect) break;
    Status st = tlog::AppendBundleEntry(bundle, get_entries_->Blob(1));
    if (!st.ok()) {
      get_entries_->Reset();
      return Status::Corruption("stored entry " + std::to_string(expect) + ": " + st.message());
    }
    ++expect;
  }
  get_entries_->Reset();
  if (expect != begin + width) return Status::NotFound("entry " + std::to_string(expect) + " is not sequenced");
  return bundle;
}

Result<Bytes> SqliteLogReader::Entry(uint64_t index) {
  get_entry_->Bind(1, static_cast<int64_t>(index));
  Result<bool> row = get_entry_->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    get_entry_->Reset();
    return Status::NotFound("entry " + std::to_string(index) + " does not exist");
  }
  ByteView b = get_entry_->Blob(0);
  Bytes out(b.begin(), b.end());
  get_entry_->Reset();
  return out;
}

Result<std::vector<Hash>> SqliteLogReader::NodeHashes(std::span<const merkle::NodeID> ids) {
  std::vector<Hash> out(ids.size());
  std::shared_ptr<const Bytes> blob;  // proofs list nearby nodes together: reuse the last tile
  int64_t blob_key = -1;
  uint32_t width = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    TileCoord c = LocateNode(ids[i]);
    int64_t key = TileKey(c.tile_level, c.tile_index);
    if (key != blob_key) {
      ORELOG_ASSIGN_OR_RETURN(blob, NodeTileBlob(c.tile_level, c.tile_index));
      Result<uint32_t> w = NodeTileWidth(blob->size());
      if (!w.ok()) return w.status().With("tile " + std::to_string(c.tile_level) + "/" + std::to_string(c.tile_index));
      width = *w;
      blob_key = key;
    }
    if (c.pos >= (width >> c.sublevel)) {
      return Status::NotFound("node " + std::to_string(ids[i].level) + "/" + std::to_string(ids[i].index) +
                              " is not integrated");
    }
    size_t off = NodeTileOffset(width, c.sublevel, c.pos) * sizeof(Hash);
    std::memcpy(out[i].data(), blob->data() + off, sizeof(Hash));
  }
  return out;
}

}  // namespace orelog::store::sqlite
