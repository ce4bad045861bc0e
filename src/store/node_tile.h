// Node tiles: a C2SP tile plus its interior nodes (docs/storage-format.md,
// "Node tiles"; frozen, format v1). Written to disk: do not change.
//
//   nodes = sublevel[0] || sublevel[1] || ... || sublevel[7]
//   sublevel[r] = floor(W / 2^r) hashes of 32 bytes, left to right
//
// W (1..256) is the tile's width. Sublevel 0 is the C2SP tile itself, so the
// C2SP tile of any width w <= W is the first 32*w bytes.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/sha256.h"
#include "merkle/node_id.h"
#include "orelog/status.h"
#include "tlog/tile.h"

namespace orelog::store {

using tlog::kTileHeight;
using tlog::kTileWidth;

struct NodeTile {
  std::array<std::vector<Hash>, kTileHeight> levels;
  uint32_t width() const { return static_cast<uint32_t>(levels[0].size()); }
};

// Where a perfect-subtree node lives: tile (tile_level, tile_index), at
// `sublevel`, position `pos` within that sublevel.
struct TileCoord {
  uint32_t tile_level = 0;
  uint64_t tile_index = 0;
  unsigned sublevel = 0;
  uint32_t pos = 0;
};

TileCoord LocateNode(merkle::NodeID id);

// Number of hashes in a node tile of width w.
size_t NodeTileHashCount(uint32_t width);
// Width of a node tile of `bytes` bytes; Corruption if no width has that size.
Result<uint32_t> NodeTileWidth(size_t bytes);
// Hash offset of (sublevel, pos) in a node tile of width w.
size_t NodeTileOffset(uint32_t width, unsigned sublevel, uint32_t pos);

// The caller keeps sublevel sizes consistent (floor(W/2^r)); checked in debug.
Bytes EncodeNodeTile(const NodeTile& tile);
Result<NodeTile> DecodeNodeTile(ByteView nodes);

// Tiles have index < 2^56 at every level (a tree has at most 2^64 leaves);
// larger indices name no tile and must be refused before TileKey.
inline constexpr uint64_t kMaxTileIndex = (uint64_t{1} << 56) - 1;

// Stable row key of tile (level, index) in the store. Precondition:
// index <= kMaxTileIndex and level <= 63, so keys never collide.
inline int64_t TileKey(uint32_t level, uint64_t index) {
  return static_cast<int64_t>(uint64_t{level} << 56 | index);
}

}  // namespace orelog::store
