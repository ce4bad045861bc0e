// SqliteLogReader: the read path. Its own connection (query_only), WAL
// snapshots, no write lock. Full tiles of level >= 1 are immutable and cached.
#include <algorithm>
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

SqliteLogReader::~SqliteLogReader() { ReleaseSnapshot(); }

Status SqliteLogReader::BeginSnapshot() {
  auto now = std::chrono::steady_clock::now();
  if (in_snapshot_ && now - snapshot_start_ < kSnapshotMaxAge) return Status::Ok();
  ReleaseSnapshot();
  if (!sqlite3_get_autocommit(db_.handle())) return Status::Ok();  // the caller's own transaction
  ORELOG_RETURN_IF_ERROR(db_.Exec("BEGIN"));
  in_snapshot_ = true;
  snapshot_start_ = now;
  return Status::Ok();
}

void SqliteLogReader::ReleaseSnapshot() {
  if (!in_snapshot_) return;
  in_snapshot_ = false;
  (void)db_.Exec("COMMIT");  // a read transaction: nothing to lose if it fails
}

Result<std::string> SqliteLogReader::Checkpoint() {
  ReleaseSnapshot();
  ORELOG_ASSIGN_OR_RETURN(Stmt stmt, db_.Prepare("SELECT checkpoint FROM log_state WHERE id = 1"));
  ORELOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Corruption("log_state row is missing");
  if (stmt.IsNull(0)) return Status::NotFound("no checkpoint has been published yet");
  return std::string(stmt.Text(0));
}

Result<std::vector<std::pair<uint64_t, std::string>>> SqliteLogReader::CheckpointHistory() {
  ReleaseSnapshot();
  ORELOG_ASSIGN_OR_RETURN(Stmt stmt, db_.Prepare("SELECT size, note FROM checkpoints ORDER BY seq"));
  std::vector<std::pair<uint64_t, std::string>> out;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.emplace_back(static_cast<uint64_t>(stmt.Int(0)), std::string(stmt.Text(1)));
  }
  return out;
}

namespace {

std::string TileName(uint32_t level, uint64_t index) {
  return "tile " + std::to_string(level) + "/" + std::to_string(index);
}

}  // namespace

Status SqliteLogReader::WithNodeTile(uint32_t level, uint64_t index, uint32_t min_width,
                                     const std::function<void(ByteView nodes, uint32_t width)>& use) {
  if (index > kMaxTileIndex || level > 63) return Status::NotFound(TileName(level, index) + " cannot exist");
  int64_t key = TileKey(level, index);
  if (auto it = cache_.find(key); it != cache_.end() && it->second.width >= min_width) {
    use(*it->second.nodes, it->second.width);
    return Status::Ok();
  }
  get_tile_->Bind(1, key);
  Result<bool> row = get_tile_->Step();
  if (!row.ok()) return row.status();
  struct ResetOnExit {
    Stmt& stmt;
    ~ResetOnExit() { stmt.Reset(); }
  } reset{*get_tile_};
  if (!*row) return Status::NotFound(TileName(level, index) + " is not integrated");
  ByteView nodes = get_tile_->Blob(0);  // valid until the statement is reset
  Result<uint32_t> width = NodeTileWidth(nodes.size());
  if (!width.ok()) return width.status().With(TileName(level, index));
  if (*width < min_width) {
    return Status::NotFound(TileName(level, index) + " has width " + std::to_string(*width) + " < " +
                            std::to_string(min_width));
  }
  use(nodes, *width);
  if (level >= 1 || *width < kTileWidth) {
    if (cache_.size() >= cache_limit_) cache_.clear();
    cache_[key] = CachedTile{std::make_shared<const Bytes>(nodes.begin(), nodes.end()), *width};
  }
  return Status::Ok();
}

Status SqliteLogReader::HashesFromTile(uint32_t level, uint64_t index, std::span<const merkle::NodeID> ids,
                                       Hash* out) {
  // Node (sublevel r, position p) exists once the tile is (p + 1) << r wide.
  uint32_t need = 1;
  for (const merkle::NodeID& id : ids) {
    TileCoord c = LocateNode(id);
    need = std::max(need, (c.pos + 1) << c.sublevel);
  }
  Status st = WithNodeTile(level, index, need, [&](ByteView nodes, uint32_t width) {
    for (size_t i = 0; i < ids.size(); ++i) {
      TileCoord c = LocateNode(ids[i]);
      size_t off = NodeTileOffset(width, c.sublevel, c.pos) * sizeof(Hash);
      std::memcpy(out[i].data(), nodes.data() + off, sizeof(Hash));
    }
  });
  if (st.code() == Code::kNotFound) {
    return Status::NotFound("node " + std::to_string(ids.front().level) + "/" + std::to_string(ids.front().index) +
                            " is not integrated (" + st.message() + ")");
  }
  return st;
}

Result<Bytes> SqliteLogReader::Tile(uint32_t level, uint64_t index, uint32_t width) {
  ReleaseSnapshot();
  if (width == 0 || width > kTileWidth) return Status::Invalid("tile width must be 1..256");
  Bytes out;
  ORELOG_RETURN_IF_ERROR(WithNodeTile(level, index, width, [&](ByteView nodes, uint32_t) {
    out.assign(nodes.begin(), nodes.begin() + width * sizeof(Hash));
  }));
  return out;
}

Result<Bytes> SqliteLogReader::EntryBundle(uint64_t index, uint32_t width) {
  ReleaseSnapshot();
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
  ReleaseSnapshot();
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

Result<std::vector<Bytes>> SqliteLogReader::Entries(std::span<const uint64_t> indices) {
  bool reused = in_snapshot_;
  ORELOG_RETURN_IF_ERROR(BeginSnapshot());
  std::vector<Bytes> out;
  // Ascending indices at most kEntryRunGap apart are read as one range scan
  // (one B-tree descent, then the next rows of the same pages): the events a
  // passport embeds come in long runs of neighbours. Rows between the wanted
  // ones are stepped over.
  auto read_run = [&](std::span<const uint64_t> run) -> Status {
    get_entries_->Bind(1, static_cast<int64_t>(run.front())).Bind(2, static_cast<int64_t>(run.back()) + 1);
    struct ResetOnExit {
      Stmt& stmt;
      ~ResetOnExit() { stmt.Reset(); }
    } reset{*get_entries_};
    size_t k = 0;
    while (k < run.size()) {
      ORELOG_ASSIGN_OR_RETURN(bool row, get_entries_->Step());
      if (!row) break;
      const auto idx = static_cast<uint64_t>(get_entries_->Int(0));
      if (idx < run[k]) continue;
      if (idx > run[k]) break;  // run[k] is missing
      ByteView b = get_entries_->Blob(1);
      out.emplace_back(b.begin(), b.end());
      ++k;
    }
    if (k < run.size()) return Status::NotFound("entry " + std::to_string(run[k]) + " does not exist");
    return Status::Ok();
  };
  auto read_all = [&]() -> Status {
    out.clear();
    out.reserve(indices.size());
    for (size_t i = 0; i < indices.size();) {
      size_t j = i + 1;
      while (j < indices.size() && indices[j] > indices[j - 1] && indices[j] - indices[j - 1] <= kEntryRunGap) ++j;
      ORELOG_RETURN_IF_ERROR(read_run(indices.subspan(i, j - i)));
      i = j;
    }
    return Status::Ok();
  };
  Status st = read_all();
  if (st.code() == Code::kNotFound && reused && in_snapshot_) {
    ReleaseSnapshot();  // the snapshot may predate the entries
    ORELOG_RETURN_IF_ERROR(BeginSnapshot());
    st = read_all();
  }
  ORELOG_RETURN_IF_ERROR(st);
  return out;
}

Result<std::vector<Hash>> SqliteLogReader::NodeHashes(std::span<const merkle::NodeID> ids) {
  bool reused = in_snapshot_;
  ORELOG_RETURN_IF_ERROR(BeginSnapshot());
  std::vector<Hash> out(ids.size());
  auto read_all = [&]() -> Status {
    // Proofs list the nodes of one tile together: one tile lookup per run.
    for (size_t i = 0; i < ids.size();) {
      TileCoord c = LocateNode(ids[i]);
      size_t j = i + 1;
      while (j < ids.size()) {
        TileCoord d = LocateNode(ids[j]);
        if (d.tile_level != c.tile_level || d.tile_index != c.tile_index) break;
        ++j;
      }
      ORELOG_RETURN_IF_ERROR(HashesFromTile(c.tile_level, c.tile_index, ids.subspan(i, j - i), out.data() + i));
      i = j;
    }
    return Status::Ok();
  };
  Status st = read_all();
  if (st.code() == Code::kNotFound && reused && in_snapshot_) {
    ReleaseSnapshot();  // the snapshot may predate the nodes: look again at the present
    ORELOG_RETURN_IF_ERROR(BeginSnapshot());
    st = read_all();
  }
  ORELOG_RETURN_IF_ERROR(st);
  return out;
}

}  // namespace orelog::store::sqlite
