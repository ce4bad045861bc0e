// Tile paths and geometry, against shared/conformance/merkle/extracted/
// tlog-tiles-paths.json and the spec's examples.
#include "tlog/tile.h"

#include <gtest/gtest.h>

#include <set>

#include "tlog/test_json.h"

namespace orelog::tlog {
namespace {

using testing::LoadJson;

boost::json::value Paths() { return LoadJson(testing::MerkleData() / "extracted" / "tlog-tiles-paths.json"); }

// A JSON string, or "" for null.
std::string OptStr(const boost::json::value& v) { return v.is_null() ? "" : std::string(v.as_string()); }

TEST(TileVectors, IndexEncodings) {
  auto doc = Paths();
  size_t checked = 0;
  for (const auto& e : doc.at("nEncodings").as_array()) {
    uint64_t n = e.at("n").to_number<uint64_t>();
    std::string enc(e.at("encoded").as_string());
    EXPECT_EQ(EncodeTileIndex(n), enc) << n;
    for (bool entries : {false, true}) {
      std::string path = entries ? "tile/entries/" + enc : "tile/0/" + enc;
      auto ref = ParseTilePath(path);
      ASSERT_TRUE(ref.ok()) << path << ": " << ref.status().ToString();
      EXPECT_EQ(ref->index, n);
      EXPECT_EQ(ref->entries, entries);
      EXPECT_EQ(ref->width, kTileWidth);
      EXPECT_EQ(ref->Path(), path);
    }
    ++checked;
  }
  EXPECT_EQ(checked, 14u);
  // The spec example.
  EXPECT_EQ(EncodeTileIndex(1234067), "x001/x234/067");
}

TEST(TileVectors, Geometry) {
  auto doc = Paths();
  size_t sizes = 0, levels_checked = 0, paths_checked = 0;
  for (const auto& g : doc.at("geometry").as_array()) {
    const uint64_t size = g.at("treeSize").to_number<uint64_t>();
    SCOPED_TRACE("tree size " + std::to_string(size));
    const auto& want = g.at("levels").as_array();
    std::vector<LevelTiles> got = TileLevels(size);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      const auto& w = want[i];
      const LevelTiles& lt = got[i];
      EXPECT_EQ(lt.level, w.at("level").to_number<uint32_t>());
      EXPECT_EQ(lt.full, w.at("fullTiles").to_number<uint64_t>());
      EXPECT_EQ(lt.partial_width, w.at("partialWidth").to_number<uint32_t>());
      EXPECT_EQ(FullTileCount(lt.level, size), lt.full);
      EXPECT_EQ(PartialTileWidth(lt.level, size), lt.partial_width);
      EXPECT_EQ(lt.partial_width ? TilePath(lt.level, lt.full, lt.partial_width) : "", OptStr(w.at("partialPath")));
      EXPECT_EQ(lt.full ? TilePath(lt.level, lt.full - 1, kTileWidth) : "", OptStr(w.at("lastFullPath")));
      for (const char* key : {"partialPath", "lastFullPath"}) {
        std::string p = OptStr(w.at(key));
        if (p.empty()) continue;
        auto ref = ParseTilePath(p);
        ASSERT_TRUE(ref.ok()) << p;
        EXPECT_EQ(ref->Path(), p);
        EXPECT_EQ(ref->level, lt.level);
        ++paths_checked;
      }
      ++levels_checked;
    }
    // No tiles above the listed levels.
    EXPECT_EQ(FullTileCount(static_cast<uint32_t>(want.size()), size), 0u);
    EXPECT_EQ(PartialTileWidth(static_cast<uint32_t>(want.size()), size), 0u);

    const auto& eb = g.at("entryBundles");
    EXPECT_EQ(FullTileCount(0, size), eb.at("full").to_number<uint64_t>());
    uint32_t w0 = PartialTileWidth(0, size);
    uint64_t f0 = FullTileCount(0, size);
    EXPECT_EQ(w0 ? EntriesPath(f0, w0) : "", OptStr(eb.at("partialPath")));
    EXPECT_EQ(f0 ? EntriesPath(f0 - 1, kTileWidth) : "", OptStr(eb.at("lastFullPath")));
    for (const char* key : {"partialPath", "lastFullPath"}) {
      std::string p = OptStr(eb.at(key));
      if (p.empty()) continue;
      auto ref = ParseTilePath(p);
      ASSERT_TRUE(ref.ok()) << p;
      EXPECT_TRUE(ref->entries);
      EXPECT_EQ(ref->Path(), p);
      ++paths_checked;
    }
    ++sizes;
  }
  EXPECT_EQ(sizes, 18u);
  EXPECT_EQ(levels_checked, 42u);
  EXPECT_EQ(paths_checked, 80u);
}

TEST(TileVectors, SpecExamples) {
  // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one
  // partial level 0 tile of width 112, one full level 1 tile, one partial
  // level 1 tile of width 17, and one partial level 2 tile of width 1."
  std::vector<TileRef> tiles = TilesForTreeSize(70000, /*include_entries=*/false);
  ASSERT_EQ(tiles.size(), 273u + 1 + 1 + 1 + 1);
  for (uint64_t n = 0; n < 273; ++n) EXPECT_EQ(tiles[n], (TileRef{false, 0, n, 256}));
  EXPECT_EQ(tiles[273], (TileRef{false, 0, 273, 112}));
  EXPECT_EQ(tiles[274], (TileRef{false, 1, 0, 256}));
  EXPECT_EQ(tiles[275], (TileRef{false, 1, 1, 17}));
  EXPECT_EQ(tiles[276], (TileRef{false, 2, 0, 1}));
  // "a tree of size 256 will be represented by a full level 0 tile and a
  // partial level 1 tile of width 1."
  std::vector<TileRef> t256 = TilesForTreeSize(256, false);
  ASSERT_EQ(t256.size(), 2u);
  EXPECT_EQ(t256[0].Path(), "tile/0/000");
  EXPECT_EQ(t256[1].Path(), "tile/1/000.p/1");
  std::vector<TileRef> with_entries = TilesForTreeSize(256);
  ASSERT_EQ(with_entries.size(), 3u);
  EXPECT_EQ(with_entries[2].Path(), "tile/entries/000");
  EXPECT_TRUE(TilesForTreeSize(0).empty());
}

TEST(TileVectors, SumdbPathsAreNotC2sp) {
  auto doc = Paths();
  size_t rejected = 0;
  for (const auto& s : doc.at("sumdbDifferences").at("fuzzSeeds").as_array()) {
    std::string path(s.as_string());
    path = path.substr(0, path.find(' '));  // drop "(invalid: ...)" notes
    EXPECT_FALSE(ParseTilePath(path).ok()) << path;
    ++rejected;
  }
  EXPECT_EQ(rejected, 8u);
}

TEST(TilePath, Formats) {
  EXPECT_EQ(TilePath(0, 0, 256), "tile/0/000");
  EXPECT_EQ(TilePath(0, 1234067, 8), "tile/0/x001/x234/067.p/8");
  EXPECT_EQ(TilePath(63, 1000, 255), "tile/63/x001/000.p/255");
  EXPECT_EQ(EntriesPath(5, 1), "tile/entries/005.p/1");
  EXPECT_EQ(EncodeTileIndex(UINT64_MAX), "x018/x446/x744/x073/x709/x551/615");
}

TEST(TilePath, RejectsNonCanonical) {
  const char* bad[] = {
      "",
      "tile",
      "tile/",
      "tile/0",
      "tile/0/",
      "/tile/0/000",
      "tiles/0/000",
      "tile/0/000/",
      "tile/0/0",
      "tile/0/00",
      "tile/0/0000",
      "tile/0/1",
      "tile/0/x001",
      "tile/0/001/000",
      "tile/0/x000/001",
      "tile/0/x000/x001/000",
      "tile/0/X001/000",
      "tile/0/x01/000",
      "tile/0/x0001/000",
      "tile/0/x001//000",
      "tile/0/x001/x000",
      "tile/0/00a",
      "tile/0/-01",
      "tile/0/+01",
      "tile/00/000",
      "tile/01/000",
      "tile/64/000",
      "tile/100/000",
      "tile/-1/000",
      "tile/a/000",
      "tile//000",
      "tile/entry/000",
      "tile/Entries/000",
      "tile/entries/",
      "tile/entries/0",
      "tile/data/000",
      "tile/0/000.p/0",
      "tile/0/000.p/00",
      "tile/0/000.p/01",
      "tile/0/000.p/256",
      "tile/0/000.p/1000",
      "tile/0/000.p/",
      "tile/0/000.p",
      "tile/0/000.p/1/",
      "tile/0/000.p/1.p/1",
      "tile/0/000.p/ 1",
      "tile/0/000.P/1",
      "tile/0/000.x/1",
      "tile/0/000.p/-1",
      "tile/0/000\n",
      "tile/0/000 ",
      "tile/0/x009/x223/x372/x036/x854/x775/808",  // 2^63
      "tile/0/x018/x446/x744/x073/x709/x551/615",  // 2^64-1
      "tile/0/x999/x999/x999/x999/x999/x999/x999/999",
      "tile/8/0/000",
      "tile/0/\xff\xff\xff",
  };
  size_t checked = 0;
  for (const char* p : bad) {
    auto ref = ParseTilePath(p);
    EXPECT_FALSE(ref.ok()) << "accepted " << ::testing::PrintToString(std::string(p)) << " as "
                           << (ref.ok() ? ref->Path() : "");
    if (!ref.ok()) {
      EXPECT_EQ(ref.status().code(), Code::kInvalidArgument);
      EXPECT_NE(ref.status().message().find("tile path"), std::string::npos);
    }
    ++checked;
  }
  EXPECT_EQ(checked, std::size(bad));
}

TEST(TilePath, AcceptsEdges) {
  for (const char* p : {"tile/63/000", "tile/0/999.p/255", "tile/entries/000.p/1",
                        "tile/0/x009/x223/x372/x036/x854/x775/807"}) {
    auto ref = ParseTilePath(p);
    ASSERT_TRUE(ref.ok()) << p << ": " << ref.status().ToString();
    EXPECT_EQ(ref->Path(), p);
  }
}

TEST(TileGeometry, NewTilesIsTheSetDifference) {
  auto as_set = [](const std::vector<TileRef>& v) {
    std::set<std::string> s;
    for (const TileRef& t : v) s.insert(t.Path());
    return s;
  };
  const uint64_t sizes[] = {0, 1, 2, 15, 255, 256, 257, 300, 511, 512, 513, 1000, 65535, 65536, 65537, 70000};
  size_t pairs = 0;
  for (uint64_t a : sizes) {
    for (uint64_t b : sizes) {
      if (a > b) continue;
      std::set<std::string> before = as_set(TilesForTreeSize(a)), after = as_set(TilesForTreeSize(b));
      std::set<std::string> want;
      for (const std::string& p : after) {
        if (!before.count(p)) want.insert(p);
      }
      std::vector<TileRef> got = NewTiles(a, b);
      EXPECT_EQ(as_set(got), want) << a << " -> " << b;
      EXPECT_EQ(got.size(), want.size()) << "duplicates for " << a << " -> " << b;
      ++pairs;
    }
  }
  EXPECT_EQ(pairs, 136u);
  EXPECT_TRUE(NewTiles(300, 300).empty());
}

TEST(TileGeometry, HugeLevelsAreEmpty) {
  EXPECT_EQ(FullTileCount(7, UINT64_MAX), 0u);
  EXPECT_EQ(PartialTileWidth(7, UINT64_MAX), 255u);
  EXPECT_EQ(FullTileCount(63, UINT64_MAX), 0u);
  EXPECT_EQ(PartialTileWidth(8, UINT64_MAX), 0u);
  EXPECT_EQ(PartialTileWidth(UINT32_MAX, UINT64_MAX), 0u);
  EXPECT_EQ(FullTileCount(UINT32_MAX, UINT64_MAX), 0u);
  EXPECT_EQ(TileLevels(UINT64_MAX).size(), 8u);
}

TEST(HashTile, Splits) {
  Bytes data(64);
  data[32] = 7;
  auto hashes = ParseHashTile(data, 2);
  ASSERT_TRUE(hashes.ok());
  EXPECT_EQ((*hashes)[1][0], 7);
  EXPECT_FALSE(ParseHashTile(data, 3).ok());
  EXPECT_FALSE(ParseHashTile(data, 0).ok());
  EXPECT_FALSE(ParseHashTile(Bytes(257 * 32), 257).ok());
  EXPECT_NE(ParseHashTile(Bytes(63), 2).status().message().find("must be 64 bytes, got 63"), std::string::npos);
}

}  // namespace
}  // namespace orelog::tlog
