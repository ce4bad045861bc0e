#include "tlog/tile.h"

#include <cassert>
#include <cstring>

#include "tlog/syntax.h"

namespace orelog::tlog {
namespace {

constexpr std::string_view kTilePrefix = "tile/";
constexpr std::string_view kEntriesLevel = "entries";
constexpr std::string_view kPartialMarker = ".p/";

std::string WithWidth(std::string path, uint32_t width) {
  assert(width >= 1 && width <= kTileWidth);
  if (width < kTileWidth) path.append(kPartialMarker).append(std::to_string(width));
  return path;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses the <N> element: "xDDD/" groups then a final "DDD".
Result<uint64_t> ParseTileIndex(std::string_view s) {
  uint64_t value = 0;
  size_t groups = 0;
  while (true) {
    bool last = s.size() == 3;
    std::string_view digits;
    if (last) {
      digits = s;
    } else if (s.size() > 5 && s[0] == 'x' && s[4] == '/') {
      digits = s.substr(1, 3);
    } else {
      return Status::Invalid("tile index: want 3-digit groups, all but the last prefixed \"x\"");
    }
    uint64_t group = 0;
    for (char c : digits) {
      if (!IsDigit(c)) return Status::Invalid("tile index: non-digit in a group");
      group = group * 10 + static_cast<uint64_t>(c - '0');
    }
    if (groups == 0 && !last && group == 0) {
      return Status::Invalid("tile index: leading zero group (non-canonical)");
    }
    if (value > (syntax::kMaxUint63 - group) / 1000) return Status::Invalid("tile index exceeds 2^63-1");
    value = value * 1000 + group;
    ++groups;
    if (last) return value;
    s.remove_prefix(5);
  }
}

uint64_t Shifted(uint64_t size, uint64_t shift) { return shift >= 64 ? 0 : size >> shift; }

void AppendLevel(std::vector<TileRef>& out, bool entries, uint32_t level, uint64_t first_full,
                 uint64_t end_full, uint64_t partial_index, uint32_t partial_width) {
  for (uint64_t n = first_full; n < end_full; ++n) out.push_back({entries, level, n, kTileWidth});
  if (partial_width > 0) out.push_back({entries, level, partial_index, partial_width});
}

}  // namespace

std::string EncodeTileIndex(uint64_t n) {
  std::string out;
  // Build the groups right to left, then emit left to right.
  uint64_t groups[7];  // 2^64 has 20 digits: at most 7 groups of 3
  size_t count = 0;
  do {
    groups[count++] = n % 1000;
    n /= 1000;
  } while (n > 0);
  for (size_t i = count; i-- > 0;) {
    if (i > 0) out.push_back('x');
    uint64_t g = groups[i];
    out.push_back(static_cast<char>('0' + g / 100));
    out.push_back(static_cast<char>('0' + g / 10 % 10));
    out.push_back(static_cast<char>('0' + g % 10));
    if (i > 0) out.push_back('/');
  }
  return out;
}

std::string TilePath(uint32_t level, uint64_t index, uint32_t width) {
  assert(level <= kMaxTileLevel);
  return WithWidth(std::string(kTilePrefix) + std::to_string(level) + "/" + EncodeTileIndex(index), width);
}

std::string EntriesPath(uint64_t index, uint32_t width) {
  return WithWidth(std::string(kTilePrefix) + std::string(kEntriesLevel) + "/" + EncodeTileIndex(index),
                   width);
}

std::string TileRef::Path() const {
  return entries ? EntriesPath(index, width) : TilePath(level, index, width);
}

Result<TileRef> ParseTilePath(std::string_view path) {
  const std::string where = "tile path \"" + std::string(path.substr(0, 80)) + "\"";
  if (!path.starts_with(kTilePrefix)) return Status::Invalid(where + ": does not start with tile/");
  std::string_view rest = path.substr(kTilePrefix.size());
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return Status::Invalid(where + ": no index");
  TileRef ref;
  std::string_view level = rest.substr(0, slash);
  if (level == kEntriesLevel) {
    ref.entries = true;
  } else {
    Result<uint64_t> l = syntax::ParseDecimal(level, kMaxTileLevel, "level");
    if (!l.ok()) return l.status().With(where);
    ref.level = static_cast<uint32_t>(*l);
  }
  rest.remove_prefix(slash + 1);
  std::string_view index = rest;
  size_t marker = rest.find(kPartialMarker);
  if (marker != std::string_view::npos) {
    index = rest.substr(0, marker);
    Result<uint64_t> w = syntax::ParseDecimal(rest.substr(marker + kPartialMarker.size()), kTileWidth - 1,
                                              "partial width");
    if (!w.ok()) return w.status().With(where);
    if (*w == 0) return Status::Invalid(where + ": partial width 0");
    ref.width = static_cast<uint32_t>(*w);
  }
  Result<uint64_t> n = ParseTileIndex(index);
  if (!n.ok()) return n.status().With(where);
  ref.index = *n;
  return ref;
}

uint64_t FullTileCount(uint32_t level, uint64_t tree_size) {
  return Shifted(tree_size, (uint64_t{level} + 1) * kTileHeight);
}

uint32_t PartialTileWidth(uint32_t level, uint64_t tree_size) {
  return static_cast<uint32_t>(Shifted(tree_size, uint64_t{level} * kTileHeight) % kTileWidth);
}

std::vector<LevelTiles> TileLevels(uint64_t tree_size) {
  std::vector<LevelTiles> out;
  for (uint32_t level = 0; Shifted(tree_size, uint64_t{level} * kTileHeight) > 0; ++level) {
    out.push_back({level, FullTileCount(level, tree_size), PartialTileWidth(level, tree_size)});
  }
  return out;
}

std::vector<TileRef> TilesForTreeSize(uint64_t tree_size, bool include_entries) {
  return NewTiles(0, tree_size, include_entries);
}

std::vector<TileRef> NewTiles(uint64_t old_size, uint64_t new_size, bool include_entries) {
  assert(old_size <= new_size);
  std::vector<TileRef> out;
  std::vector<LevelTiles> levels = TileLevels(new_size);
  for (const LevelTiles& lt : levels) {
    uint64_t old_full = FullTileCount(lt.level, old_size);
    // The partial tile is new unless the old tree had the very same one.
    bool same_partial = old_full == lt.full && PartialTileWidth(lt.level, old_size) == lt.partial_width;
    AppendLevel(out, false, lt.level, old_full, lt.full, lt.full, same_partial ? 0 : lt.partial_width);
  }
  if (include_entries && !levels.empty()) {
    const LevelTiles& l0 = levels[0];
    uint64_t old_full = FullTileCount(0, old_size);
    bool same_partial = old_full == l0.full && PartialTileWidth(0, old_size) == l0.partial_width;
    AppendLevel(out, true, 0, old_full, l0.full, l0.full, same_partial ? 0 : l0.partial_width);
  }
  return out;
}

Result<std::vector<Hash>> ParseHashTile(ByteView data, uint32_t width) {
  if (width < 1 || width > kTileWidth) return Status::Invalid("hash tile width must be 1..256");
  if (data.size() != size_t{width} * 32) {
    return Status::Invalid("hash tile of width " + std::to_string(width) + " must be " +
                           std::to_string(width * 32) + " bytes, got " + std::to_string(data.size()));
  }
  std::vector<Hash> out(width);
  for (uint32_t i = 0; i < width; ++i) std::memcpy(out[i].data(), data.data() + 32 * size_t{i}, 32);
  return out;
}

}  // namespace orelog::tlog
