// Variants, each timing the same K random inclusion proofs on one thread:
//   autocommit_per_tile  SqliteLogReader::NodeHashes + Rehash, as the Ledger
//                        does (each tile read is its own read transaction)
//   txn_per_proof        the same inside BEGIN/COMMIT per proof
//   one_txn              the same inside one read transaction for all K
//   prototype            a sketch of a cheaper read path on the same
//                        database: one read transaction per proof; every
//                        tile except full level-0 tiles cached in memory (a
//                        partial tile of width W serves every node below W,
//                        and the right-edge tiles are needed by every proof);
//                        full level-0 tiles read with no copy of the blob.
//   prototype_snapshot   the prototype holding one read transaction for all
//                        K (a reader that refreshes its snapshot only when
//                        the log grows would pay this)
#include "proof_diag.h"

#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <unordered_map>
#include <vector>

#include "common.h"
#include "merkle/proof.h"
#include "orelog/ledger.h"
#include "store/node_tile.h"
#include "store/sqlite/sqlite_store.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"

namespace orelog::bench {
namespace {

std::vector<uint64_t> Indices(uint64_t size, uint64_t k) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<uint64_t> pick(0, size - 1);
  std::vector<uint64_t> out(k);
  for (auto& i : out) i = pick(rng);
  return out;
}

// The prototype read path, on its own connection.
class TileCacheReader {
 public:
  explicit TileCacheReader(const std::string& path) {
    Check(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK,
          "open");
    Exec("PRAGMA cache_size=-" + std::to_string(LedgerOptions{}.reader_cache_kib));
    Check(sqlite3_prepare_v2(db_, "SELECT nodes FROM tiles WHERE id = ?", -1, &get_, nullptr) == SQLITE_OK,
          "prepare");
  }
  ~TileCacheReader() {
    sqlite3_finalize(get_);
    sqlite3_close(db_);
  }

  void Exec(const std::string& sql) {
    Check(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK, sql);
  }

  // Without `own_txn` the caller holds a read transaction.
  void NodeHashes(std::span<const merkle::NodeID> ids, std::vector<Hash>& out, bool own_txn = true) {
    out.resize(ids.size());
    if (own_txn) Exec("BEGIN");
    for (size_t i = 0; i < ids.size(); ++i) {
      const store::TileCoord c = store::LocateNode(ids[i]);
      const int64_t key = store::TileKey(c.tile_level, c.tile_index);
      auto it = cache_.find(key);
      if (it != cache_.end() && c.pos < (it->second.width >> c.sublevel)) {
        std::memcpy(out[i].data(), it->second.nodes.data() + Offset(it->second.width, c) , sizeof(Hash));
        continue;
      }
      sqlite3_bind_int64(get_, 1, key);
      Check(sqlite3_step(get_) == SQLITE_ROW, "tile missing");
      const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(get_, 0));
      const auto bytes = static_cast<size_t>(sqlite3_column_bytes(get_, 0));
      const uint32_t width = Width(bytes);
      Check(c.pos < (width >> c.sublevel), "node not integrated");
      if (c.tile_level == 0 && width == store::kTileWidth) {
        // Random full level-0 tiles: take what this proof needs, keep nothing.
        std::memcpy(out[i].data(), blob + Offset(width, c), sizeof(Hash));
        for (; i + 1 < ids.size(); ++i) {
          const store::TileCoord n = store::LocateNode(ids[i + 1]);
          if (store::TileKey(n.tile_level, n.tile_index) != key) break;
          std::memcpy(out[i + 1].data(), blob + Offset(width, n), sizeof(Hash));
        }
      } else {
        Cached& slot = cache_[key];
        slot.width = width;
        slot.nodes.assign(blob, blob + bytes);
        std::memcpy(out[i].data(), slot.nodes.data() + Offset(width, c), sizeof(Hash));
      }
      sqlite3_reset(get_);
    }
    if (own_txn) Exec("COMMIT");
  }

 private:
  struct Cached {
    uint32_t width = 0;
    Bytes nodes;
  };
  static size_t Offset(uint32_t width, const store::TileCoord& c) {
    return store::NodeTileOffset(width, c.sublevel, c.pos) * sizeof(Hash);
  }
  static uint32_t Width(size_t bytes) {
    if (bytes == store::NodeTileHashCount(store::kTileWidth) * sizeof(Hash)) return store::kTileWidth;
    auto w = store::NodeTileWidth(bytes);
    Check(w.ok(), "bad tile");
    return *w;
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* get_ = nullptr;
  std::unordered_map<int64_t, Cached> cache_;
};

}  // namespace

void RunProofDiag(const std::filesystem::path& ledger_dir, uint64_t k, const std::string& only) {
  const std::string path = (ledger_dir / Ledger::kDatabaseFile).string();
  auto reader = store::sqlite::SqliteLogReader::Open(path);
  Check(reader.ok(), "SqliteLogReader::Open: " + reader.status().ToString());
  store::sqlite::SqliteLogReader& r = **reader;
  auto note = r.Checkpoint();
  Check(note.ok(), "Checkpoint: " + note.status().ToString());
  auto cp = tlog::ParseCheckpoint(tlog::ParseNote(*note)->text);
  Check(cp.ok(), "ParseCheckpoint");
  const std::vector<uint64_t> indices = Indices(cp->size, k);
  merkle::Hasher hasher;
  TileCacheReader proto(path);
  std::vector<Hash> scratch;
  auto exec = [&](const char* sql) { Check(r.db().Exec(sql).ok(), sql); };

  const char* names[] = {"autocommit_per_tile", "txn_per_proof", "one_txn", "prototype", "prototype_snapshot"};
  for (int variant = 0; variant < 5; ++variant) {
    if (!only.empty() && only != names[variant]) continue;
    Stopwatch sw;
    if (variant == 2) exec("BEGIN");
    if (variant == 4) proto.Exec("BEGIN");
    for (uint64_t i : indices) {
      auto nodes = merkle::InclusionProofNodes(i, cp->size);
      Check(nodes.ok(), "InclusionProofNodes");
      if (variant >= 3) {
        proto.NodeHashes(nodes->ids, scratch, variant == 3);
        auto proof = merkle::Rehash(hasher, *nodes, scratch);
        Check(proof.ok(), "Rehash");
        continue;
      }
      if (variant == 1) exec("BEGIN");
      auto hashes = r.NodeHashes(nodes->ids);
      Check(hashes.ok(), "NodeHashes: " + hashes.status().ToString());
      auto proof = merkle::Rehash(hasher, *nodes, *hashes);
      Check(proof.ok(), "Rehash");
      if (variant == 1) exec("COMMIT");
    }
    if (variant == 2) exec("COMMIT");
    if (variant == 4) proto.Exec("COMMIT");
    const double secs = sw.Seconds();
    std::printf("figure=diag variant=%s size=%llu k=%llu proofs_per_s=%.0f vm_hwm_mib=%.1f\n", names[variant],
                static_cast<unsigned long long>(cp->size), static_cast<unsigned long long>(k),
                static_cast<double>(k) / secs, ReadMemory().hwm_kib / 1024.0);
    std::fflush(stdout);
  }
  // The prototype must give the same proofs.
  for (size_t j = 0; j < std::min<size_t>(indices.size(), 2000); ++j) {
    auto nodes = merkle::InclusionProofNodes(indices[j], cp->size);
    auto a = r.NodeHashes(nodes->ids);
    proto.NodeHashes(nodes->ids, scratch);
    Check(a.ok() && *a == scratch, "prototype disagrees with SqliteLogReader");
  }
}

}  // namespace orelog::bench
