// Fuzzes tile paths (tlog/tile.h).
//  * ParseTilePath accepts => Path() is the input and parses back equal;
//  * any (level <= 63, index <= 2^63-1, width 1..256) formats to a path that
//    parses back to the same tile, and the geometry functions agree with it.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "tlog/tile.h"

using orelog::tlog::TileRef;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto ref = orelog::tlog::ParseTilePath(input);
  if (ref.ok()) {
    if (ref->Path() != input) std::abort();
    auto back = orelog::tlog::ParseTilePath(ref->Path());
    if (!back.ok() || !(*back == *ref)) std::abort();
  }

  if (size < 8 + 2 + 1) return 0;
  uint64_t raw;
  std::memcpy(&raw, data, 8);
  TileRef t;
  t.index = raw >> 1;
  t.entries = (data[8] & 0x80) != 0;
  t.level = t.entries ? 0 : data[8] % 64;
  t.width = static_cast<uint32_t>(data[9]) + (data[10] & 1);  // 0..256
  if (t.width == 0) t.width = 1;
  auto parsed = orelog::tlog::ParseTilePath(t.Path());
  if (!parsed.ok() || !(*parsed == t)) std::abort();

  // Geometry: a tree of size s has, per level, full tiles plus a partial one
  // whose widths add back up to s at level 0.
  uint64_t s = raw;
  if (orelog::tlog::FullTileCount(0, s) * 256 + orelog::tlog::PartialTileWidth(0, s) != s) std::abort();
  for (const auto& lt : orelog::tlog::TileLevels(s)) {
    if (lt.full != orelog::tlog::FullTileCount(lt.level, s)) std::abort();
    if (lt.partial_width >= 256) std::abort();
  }
  return 0;
}
