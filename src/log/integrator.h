// Integration: turns sequenced leaf hashes into node tiles and a new compact
// range. Pure (no I/O): Resume reads the right-edge tiles once through the
// caller's loader; the caller stores what Flush returns, atomically with the
// new state.
//
// Invariant: after Add, every node of the tree over [0, size()) that is a
// perfect subtree is in exactly one tile (store/node_tile.h); tiles left of
// the right edge are full and never change again.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <vector>

#include "merkle/compact_range.h"
#include "store/log_store.h"
#include "store/node_tile.h"

namespace orelog::log {

class Integrator {
 public:
  // Reads a stored node tile, empty Bytes if there is none.
  using TileLoader = std::function<Result<Bytes>(uint32_t level, uint64_t index)>;

  // Starts from a stored state: `range` covers [0, range.size()); the
  // partial right-edge tiles of that tree are fetched through `load`.
  static Result<Integrator> Resume(merkle::CompactRange range, const TileLoader& load);

  uint64_t size() const { return range_.size(); }
  const merkle::CompactRange& range() const { return range_; }
  Hash Root(merkle::Hasher& hasher) const { return range_.Root(hasher); }

  // Appends leaf hashes to the tree.
  void Add(merkle::Hasher& hasher, std::span<const Hash> leaf_hashes);

  // The tiles changed since the last Flush, encoded for the store. Full
  // tiles are dropped from memory; the partial edge stays for the next Add.
  std::vector<store::TileWrite> Flush();

 private:
  using TileKey = std::pair<uint32_t, uint64_t>;  // (level, index)
  struct Slot {
    store::NodeTile tile;
    bool dirty = false;
  };
  void OnNode(merkle::NodeID id, const Hash& hash);
  Slot& SlotFor(uint32_t level, uint64_t index);

  merkle::CompactRange range_;
  std::map<TileKey, Slot> tiles_;  // edge and dirty tiles only
  // Hot path: the slot last used at each tile level (map nodes are stable).
  std::vector<std::pair<uint64_t, Slot*>> last_;
};

}  // namespace orelog::log
