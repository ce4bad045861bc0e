#include "store/node_tile.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace orelog::store {

TileCoord LocateNode(merkle::NodeID id) {
  TileCoord c;
  c.tile_level = id.level / kTileHeight;
  c.sublevel = id.level % kTileHeight;
  // A node at sublevel r spans 2^r tile positions; the tile holds 256 >> r of them.
  unsigned per_tile_shift = kTileHeight - c.sublevel;
  c.tile_index = id.index >> per_tile_shift;
  c.pos = static_cast<uint32_t>(id.index & ((uint64_t{1} << per_tile_shift) - 1));
  return c;
}

size_t NodeTileHashCount(uint32_t width) {
  size_t n = 0;
  for (unsigned r = 0; r < kTileHeight; ++r) n += width >> r;
  return n;
}

Result<uint32_t> NodeTileWidth(size_t bytes) {
  if (bytes % sizeof(Hash) != 0) return Status::Corruption("node tile length is not a multiple of 32");
  size_t hashes = bytes / sizeof(Hash);
  // NodeTileHashCount(w) is strictly increasing and lies in (2w - 9, 2w], so
  // only widths in [hashes/2, hashes/2 + 4] can match.
  uint32_t lo = static_cast<uint32_t>(std::max<size_t>(1, hashes / 2));
  uint32_t hi = static_cast<uint32_t>(std::min<size_t>(kTileWidth, hashes / 2 + 5));
  for (uint32_t w = lo; w <= hi; ++w) {
    size_t n = NodeTileHashCount(w);
    if (n == hashes) return w;
    if (n > hashes) break;
  }
  return Status::Corruption("node tile of " + std::to_string(bytes) + " bytes matches no width");
}

size_t NodeTileOffset(uint32_t width, unsigned sublevel, uint32_t pos) {
  size_t off = 0;
  for (unsigned r = 0; r < sublevel; ++r) off += width >> r;
  return off + pos;
}

Bytes EncodeNodeTile(const NodeTile& tile) {
  uint32_t w = tile.width();
  Bytes out;
  out.reserve(NodeTileHashCount(w) * sizeof(Hash));
  for (unsigned r = 0; r < kTileHeight; ++r) {
    assert(tile.levels[r].size() == (w >> r));
    for (const Hash& h : tile.levels[r]) out.insert(out.end(), h.begin(), h.end());
  }
  return out;
}

Result<NodeTile> DecodeNodeTile(ByteView nodes) {
  ORELOG_ASSIGN_OR_RETURN(uint32_t w, NodeTileWidth(nodes.size()));
  NodeTile tile;
  size_t off = 0;
  for (unsigned r = 0; r < kTileHeight; ++r) {
    tile.levels[r].resize(w >> r);
    for (Hash& h : tile.levels[r]) {
      std::memcpy(h.data(), nodes.data() + off, h.size());
      off += h.size();
    }
  }
  return tile;
}

}  // namespace orelog::store
