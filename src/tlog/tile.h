// Tile paths and tile geometry (c2sp.org/tlog-tiles).
//
// Path grammar (relative to the log's URL prefix):
//
//   tile-path   = "tile/" level "/" index [".p/" width]
//   entries     = "tile/entries/" index [".p/" width]
//   level       = "0" / %x31-39 *DIGIT       ; 0..63, no leading zeros
//   index       = *("x" 3DIGIT "/") 3DIGIT    ; groups of three digits, all but
//                                             ; the last prefixed "x"; no
//                                             ; leading all-zero group
//   width       = %x31-39 *2DIGIT             ; 1..255, no leading zeros
//
//   1234067 -> "x001/x234/067";  5 -> "005";  1000 -> "x001/000"
//
// Tile (level l, index n) holds up to 256 hashes; hash i is
// MTH(D[(n*256+i)*256^l : (n*256+i+1)*256^l]). A full tile is 256 hashes
// (8,192 bytes); the rightmost tile of a level is partial, with
// floor(size / 256^l) mod 256 hashes (none if that is 0). Hashes above level
// 0 cover full lower tiles only. Entry bundles share level 0's geometry.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/sha256.h"
#include "orelog/status.h"

namespace orelog::tlog {

inline constexpr unsigned kTileHeight = 8;
inline constexpr unsigned kTileWidth = 256;
static_assert(kTileWidth == 1u << kTileHeight);
inline constexpr uint32_t kMaxTileLevel = 63;

// The <N> path element for index n (any uint64).
std::string EncodeTileIndex(uint64_t n);

// "tile/<L>/<N>" for width 256, else "tile/<L>/<N>.p/<W>".
// Precondition: 1 <= width <= 256, level <= 63.
std::string TilePath(uint32_t level, uint64_t index, uint32_t width);
// "tile/entries/<N>" for width 256, else "tile/entries/<N>.p/<W>".
std::string EntriesPath(uint64_t index, uint32_t width);

struct TileRef {
  bool entries = false;  // an entry bundle rather than a hash tile
  uint32_t level = 0;    // 0 for entry bundles
  uint64_t index = 0;
  uint32_t width = kTileWidth;  // 256 = full; 1..255 = partial

  std::string Path() const;  // TilePath or EntriesPath
  bool operator==(const TileRef&) const = default;
};

// Parses a path in the grammar above, rejecting every non-canonical spelling
// (leading zeros, "x000/" prefixes, missing or stray "x", width 0 or >= 256
// after ".p/", level > 63, index > 2^63-1, trailing bytes). Round trip:
// Parse(p)->Path() == p for every accepted p.
Result<TileRef> ParseTilePath(std::string_view path);

// Geometry of a tree of `tree_size` leaves. Levels beyond the tree are empty
// (0), including every level whose shift would exceed 64 bits.
uint64_t FullTileCount(uint32_t level, uint64_t tree_size);
uint32_t PartialTileWidth(uint32_t level, uint64_t tree_size);  // 0 = none

// One level's tiles: indexes [0, full) are full; if partial_width > 0 tile
// `full` is partial with that width.
struct LevelTiles {
  uint32_t level = 0;
  uint64_t full = 0;
  uint32_t partial_width = 0;
};
// Every non-empty level, from 0 up (none for an empty tree).
std::vector<LevelTiles> TileLevels(uint64_t tree_size);

// Every tile a tree of `tree_size` has, level by level, full tiles in index
// order then the partial one; with `include_entries` the entry bundles
// follow. O(tree_size / 256) entries: for tests and small trees.
std::vector<TileRef> TilesForTreeSize(uint64_t tree_size, bool include_entries = true);

// The tiles (same order) of a tree of `new_size` that a tree of `old_size`
// did not have with the same width: what a log writes when it grows.
// Precondition: old_size <= new_size.
std::vector<TileRef> NewTiles(uint64_t old_size, uint64_t new_size, bool include_entries = true);

// Splits a hash tile's bytes into `width` hashes. InvalidArgument unless the
// data is exactly 32 * width bytes and 1 <= width <= 256.
Result<std::vector<Hash>> ParseHashTile(ByteView data, uint32_t width);

}  // namespace orelog::tlog
