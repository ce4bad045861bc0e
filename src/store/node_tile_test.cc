#include "store/node_tile.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "testutil/status_matchers.h"

namespace orelog::store {
namespace {

using testing::StatusIs;

NodeTile RandomTile(uint32_t width, std::mt19937_64& rng) {
  NodeTile t;
  for (unsigned r = 0; r < kTileHeight; ++r) {
    t.levels[r].resize(width >> r);
    for (Hash& h : t.levels[r]) {
      for (uint8_t& b : h) b = static_cast<uint8_t>(rng());
    }
  }
  return t;
}

TEST(NodeTile, HashCountMatchesTheFormatDoc) {
  EXPECT_EQ(NodeTileHashCount(1), 1u);
  EXPECT_EQ(NodeTileHashCount(2), 3u);
  EXPECT_EQ(NodeTileHashCount(3), 4u);  // 3 + 1
  EXPECT_EQ(NodeTileHashCount(7), 11u);  // 7 + 3 + 1
  // "16,320 bytes for a full tile" (docs/storage-format.md): 510 hashes.
  EXPECT_EQ(NodeTileHashCount(256) * sizeof(Hash), 16320u);
}

TEST(NodeTile, WidthOfEverySizeRoundTrips) {
  for (uint32_t w = 1; w <= kTileWidth; ++w) {
    size_t bytes = NodeTileHashCount(w) * sizeof(Hash);
    Result<uint32_t> got = NodeTileWidth(bytes);
    ASSERT_OK(got) << "width " << w;
    EXPECT_EQ(*got, w);
  }
}

TEST(NodeTile, WidthRejectsEveryOtherSize) {
  std::set<size_t> valid;
  for (uint32_t w = 1; w <= kTileWidth; ++w) valid.insert(NodeTileHashCount(w) * sizeof(Hash));
  size_t rejected = 0;
  for (size_t bytes = 0; bytes <= (NodeTileHashCount(kTileWidth) + 3) * sizeof(Hash); ++bytes) {
    if (valid.count(bytes)) continue;
    Result<uint32_t> got = NodeTileWidth(bytes);
    ASSERT_FALSE(got.ok()) << bytes << " bytes gave width " << *got;
    EXPECT_EQ(got.status().code(), Code::kCorruption) << bytes;
    ++rejected;
  }
  EXPECT_GT(rejected, 16000u);
  EXPECT_TRUE(StatusIs(NodeTileWidth(33), Code::kCorruption, "multiple of 32"));
  EXPECT_TRUE(StatusIs(NodeTileWidth(0), Code::kCorruption, "0 bytes"));
  // Multiples of 32 between valid sizes: 2 hashes (between widths 1 and 2), 511 (beyond full).
  EXPECT_TRUE(StatusIs(NodeTileWidth(2 * 32), Code::kCorruption, "matches no width"));
  EXPECT_TRUE(StatusIs(NodeTileWidth(511 * 32), Code::kCorruption, "matches no width"));
  EXPECT_TRUE(StatusIs(NodeTileWidth(size_t{1} << 40), Code::kCorruption, "matches no width"));
}

TEST(NodeTile, EncodeDecodeRoundTripEveryWidth) {
  std::mt19937_64 rng(7);
  for (uint32_t w = 1; w <= kTileWidth; ++w) {
    NodeTile tile = RandomTile(w, rng);
    Bytes enc = EncodeNodeTile(tile);
    ASSERT_EQ(enc.size(), NodeTileHashCount(w) * sizeof(Hash));
    // Layout: sublevel r, position p at NodeTileOffset(w, r, p).
    for (unsigned r = 0; r < kTileHeight; ++r) {
      for (uint32_t p = 0; p < (w >> r); ++p) {
        size_t off = NodeTileOffset(w, r, p) * sizeof(Hash);
        ASSERT_TRUE(std::equal(tile.levels[r][p].begin(), tile.levels[r][p].end(), enc.begin() + off))
            << "w " << w << " r " << r << " p " << p;
      }
    }
    Result<NodeTile> dec = DecodeNodeTile(enc);
    ASSERT_OK(dec);
    EXPECT_EQ(dec->width(), w);
    for (unsigned r = 0; r < kTileHeight; ++r) EXPECT_EQ(dec->levels[r], tile.levels[r]) << "w " << w;
  }
}

TEST(NodeTile, SublevelZeroIsTheC2spTile) {
  // The C2SP tile of any width w <= W is the first 32*w bytes of the node tile.
  std::mt19937_64 rng(8);
  NodeTile tile = RandomTile(200, rng);
  Bytes enc = EncodeNodeTile(tile);
  for (uint32_t w : {1u, 2u, 100u, 200u}) {
    for (uint32_t i = 0; i < w; ++i) {
      EXPECT_TRUE(std::equal(tile.levels[0][i].begin(), tile.levels[0][i].end(), enc.begin() + 32 * i));
    }
  }
}

TEST(NodeTile, DecodeRejectsBadSizes) {
  EXPECT_TRUE(StatusIs(DecodeNodeTile(Bytes{}), Code::kCorruption));
  EXPECT_TRUE(StatusIs(DecodeNodeTile(Bytes(31)), Code::kCorruption, "multiple of 32"));
  EXPECT_TRUE(StatusIs(DecodeNodeTile(Bytes(64)), Code::kCorruption, "matches no width"));
  std::mt19937_64 rng(9);
  Bytes full = EncodeNodeTile(RandomTile(256, rng));
  full.resize(full.size() - 32);
  EXPECT_TRUE(StatusIs(DecodeNodeTile(full), Code::kCorruption, "matches no width"));
}

TEST(NodeTile, LocateNodeExamples) {
  auto expect = [](merkle::NodeID id, uint32_t tl, uint64_t ti, unsigned sub, uint32_t pos) {
    TileCoord c = LocateNode(id);
    EXPECT_EQ(c.tile_level, tl) << id.level << "/" << id.index;
    EXPECT_EQ(c.tile_index, ti) << id.level << "/" << id.index;
    EXPECT_EQ(c.sublevel, sub) << id.level << "/" << id.index;
    EXPECT_EQ(c.pos, pos) << id.level << "/" << id.index;
  };
  expect({0, 0}, 0, 0, 0, 0);
  expect({0, 255}, 0, 0, 0, 255);
  expect({0, 256}, 0, 1, 0, 0);
  expect({0, 1000}, 0, 3, 0, 232);
  expect({1, 0}, 0, 0, 1, 0);
  expect({1, 127}, 0, 0, 1, 127);
  expect({1, 128}, 0, 1, 1, 0);
  expect({7, 1}, 0, 0, 7, 1);
  expect({7, 2}, 0, 1, 7, 0);
  expect({8, 0}, 1, 0, 0, 0);
  expect({8, 300}, 1, 1, 0, 44);
  expect({15, 5}, 1, 2, 7, 1);
  expect({16, 0}, 2, 0, 0, 0);
  expect({0, (uint64_t{1} << 62) + 3}, 0, uint64_t{1} << 54, 0, 3);
}

// Every node lies inside its tile: the tile (L, n) covers leaves
// [n * 256^(L+1), (n+1) * 256^(L+1)), sublevel r of it holds 256 >> r nodes.
RC_GTEST_PROP(NodeTile, LocateNodePlacesEveryNodeInsideItsTile, ()) {
  const uint32_t level = *rc::gen::inRange<uint32_t>(0, 40);
  const uint64_t index = *rc::gen::inRange<uint64_t>(0, uint64_t{1} << (56 - std::min<uint32_t>(level, 40)));
  TileCoord c = LocateNode({level, index});
  RC_ASSERT(c.tile_level == level / 8);
  RC_ASSERT(c.sublevel == level % 8);
  RC_ASSERT(c.pos < (kTileWidth >> c.sublevel));
  // Reconstruct the node index from the coordinates.
  RC_ASSERT(c.tile_index * (kTileWidth >> c.sublevel) + c.pos == index);
}

}  // namespace
}  // namespace orelog::store
