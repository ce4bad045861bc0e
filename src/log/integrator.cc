#include "log/integrator.h"

namespace orelog::log {

Result<Integrator> Integrator::Resume(merkle::CompactRange range, const TileLoader& load) {
  Integrator in;
  uint64_t size = range.size();
  in.range_ = std::move(range);
  // The right-edge tile at each level holds the nodes new leaves will join.
  for (uint32_t level = 0; level < 8 && (size >> (store::kTileHeight * level)) > 0; ++level) {
    uint64_t hashes_at_level = size >> (store::kTileHeight * level);
    uint32_t width = static_cast<uint32_t>(hashes_at_level % store::kTileWidth);
    if (width == 0) continue;  // the edge tile is full (stored) or not started
    uint64_t index = hashes_at_level / store::kTileWidth;
    ORELOG_ASSIGN_OR_RETURN(Bytes blob, load(level, index));
    if (blob.empty()) {
      return Status::Corruption("tile " + std::to_string(level) + "/" + std::to_string(index) +
                                " is missing for integrated size " + std::to_string(size));
    }
    ORELOG_ASSIGN_OR_RETURN(store::NodeTile tile, store::DecodeNodeTile(blob));
    if (tile.width() != width) {
      return Status::Corruption("tile " + std::to_string(level) + "/" + std::to_string(index) + " has width " +
                                std::to_string(tile.width()) + ", integrated size needs " + std::to_string(width));
    }
    in.tiles_[TileKey{level, index}].tile = std::move(tile);
  }
  return in;
}

Integrator::Slot& Integrator::SlotFor(uint32_t level, uint64_t index) {
  if (level >= last_.size()) last_.resize(level + 1, {0, nullptr});
  auto& [cached_index, slot] = last_[level];
  if (slot == nullptr || cached_index != index) {
    auto [it, fresh] = tiles_.try_emplace(TileKey{level, index});
    if (fresh) {
      for (unsigned r = 0; r < store::kTileHeight; ++r) it->second.tile.levels[r].reserve(store::kTileWidth >> r);
    }
    cached_index = index;
    slot = &it->second;
  }
  return *slot;
}

void Integrator::OnNode(merkle::NodeID id, const Hash& hash) {
  store::TileCoord c = store::LocateNode(id);
  Slot& slot = SlotFor(c.tile_level, c.tile_index);
  // Nodes arrive left to right, so each sublevel only grows at its end.
  slot.tile.levels[c.sublevel].push_back(hash);
  slot.dirty = true;
}

void Integrator::Add(merkle::Hasher& hasher, std::span<const Hash> leaf_hashes) {
  auto visit = [this](merkle::NodeID id, const Hash& h) { OnNode(id, h); };
  for (const Hash& leaf : leaf_hashes) range_.Append(hasher, leaf, visit);
}

std::vector<store::TileWrite> Integrator::Flush() {
  std::vector<store::TileWrite> out;
  for (auto it = tiles_.begin(); it != tiles_.end();) {
    Slot& slot = it->second;
    if (slot.dirty) out.push_back({it->first.first, it->first.second, store::EncodeNodeTile(slot.tile)});
    slot.dirty = false;
    if (slot.tile.width() == store::kTileWidth) {
      it = tiles_.erase(it);
    } else {
      ++it;
    }
  }
  last_.clear();  // erased slots must not be reused through the cache
  return out;
}

}  // namespace orelog::log
