// Integrator against the recursive RFC 9162 oracle: the node tiles it
// produces hold exactly the perfect nodes of the tree, each with the right
// hash, whatever the flush points; and resuming from a stored state gives
// the same tiles as integrating without interruption.
#include "log/integrator.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "testutil/reference_tree.h"
#include "testutil/status_matchers.h"

namespace orelog::log {
namespace {

using orelog::testing::RefTree;
using orelog::testing::StatusIs;
using TileMap = std::map<std::pair<uint32_t, uint64_t>, Bytes>;

RefTree MakeTree(uint64_t n) {
  RefTree ref;
  for (uint64_t i = 0; i < n; ++i) ref.Add(orelog::testing::ToBytes("leaf-" + std::to_string(i)));
  return ref;
}

// Applies one Flush to the simulated store, checking that each write extends
// the stored version of its tile (every sublevel grows only at its end).
::testing::AssertionResult Apply(TileMap& store, const std::vector<store::TileWrite>& writes) {
  std::set<std::pair<uint32_t, uint64_t>> seen;
  for (const store::TileWrite& w : writes) {
    auto key = std::make_pair(w.level, w.index);
    if (!seen.insert(key).second) return ::testing::AssertionFailure() << "tile written twice in one flush";
    auto decoded = store::DecodeNodeTile(w.nodes);
    if (!decoded.ok()) return ::testing::AssertionFailure() << decoded.status().ToString();
    if (auto it = store.find(key); it != store.end()) {
      store::NodeTile old = *store::DecodeNodeTile(it->second);
      if (decoded->width() <= old.width()) {
        return ::testing::AssertionFailure() << "tile " << w.level << "/" << w.index << " rewritten without growing";
      }
      for (unsigned r = 0; r < store::kTileHeight; ++r) {
        if (!std::equal(old.levels[r].begin(), old.levels[r].end(), decoded->levels[r].begin())) {
          return ::testing::AssertionFailure() << "tile " << w.level << "/" << w.index << " sublevel " << r
                                               << " changed a stored hash";
        }
      }
    }
    store[key] = w.nodes;
  }
  return ::testing::AssertionSuccess();
}

// The store holds exactly the node tiles of the tree of ref.size() leaves.
::testing::AssertionResult MatchesOracle(const TileMap& store, RefTree& ref) {
  auto widths = orelog::testing::TileWidths(ref.size());
  if (store.size() != widths.size()) {
    return ::testing::AssertionFailure() << store.size() << " tiles stored, tree of " << ref.size() << " has "
                                         << widths.size();
  }
  for (const auto& [key, width] : widths) {
    auto it = store.find(key);
    if (it == store.end()) return ::testing::AssertionFailure() << "tile " << key.first << "/" << key.second << " missing";
    if (it->second != ref.NodeTile(key.first, key.second, width)) {
      return ::testing::AssertionFailure() << "tile " << key.first << "/" << key.second << " (width " << width
                                           << ") differs from the oracle at size " << ref.size();
    }
  }
  return ::testing::AssertionSuccess();
}

// Every perfect node, looked up through LocateNode in the stored tiles.
::testing::AssertionResult EveryNodeReadable(const TileMap& store, RefTree& ref) {
  const uint64_t n = ref.size();
  std::map<std::pair<uint32_t, uint64_t>, store::NodeTile> decoded;
  for (const auto& [key, blob] : store) decoded.emplace(key, *store::DecodeNodeTile(blob));
  for (uint32_t level = 0; level < 64 && (uint64_t{1} << level) <= n; ++level) {
    for (uint64_t i = 0; ((i + 1) << level) <= n; ++i) {
      store::TileCoord c = store::LocateNode({level, i});
      auto it = decoded.find({c.tile_level, c.tile_index});
      if (it == decoded.end()) return ::testing::AssertionFailure() << "no tile for node " << level << "/" << i;
      const store::NodeTile& t = it->second;
      if (c.pos >= t.levels[c.sublevel].size()) {
        return ::testing::AssertionFailure() << "node " << level << "/" << i << " missing from its tile";
      }
      if (t.levels[c.sublevel][c.pos] != ref.Node(level, i)) {
        return ::testing::AssertionFailure() << "node " << level << "/" << i << " has the wrong hash";
      }
    }
  }
  return ::testing::AssertionSuccess();
}

Result<Integrator> Fresh() {
  return Integrator::Resume(merkle::CompactRange(), [](uint32_t, uint64_t) -> Result<Bytes> { return Bytes{}; });
}

// Integrates leaves [from, to) of `ref`, flushing after each cut.
::testing::AssertionResult IntegrateRange(Integrator& in, TileMap& store, RefTree& ref, uint64_t from, uint64_t to,
                               const std::vector<uint64_t>& cuts) {
  merkle::Hasher hasher;
  uint64_t at = from;
  auto flush_at = [&](uint64_t until) {
    std::span<const Hash> all(ref.leaf_hashes());
    in.Add(hasher, all.subspan(at, until - at));
    at = until;
    return Apply(store, in.Flush());
  };
  for (uint64_t cut : cuts) {
    if (cut <= at || cut >= to) continue;
    if (auto r = flush_at(cut); !r) return r;
  }
  return flush_at(to);
}

TEST(Integrator, EmptyFlushWritesNothing) {
  auto in = Fresh();
  ASSERT_OK(in);
  EXPECT_TRUE(in->Flush().empty());
  EXPECT_EQ(in->size(), 0u);
}

TEST(Integrator, KnownSizes) {
  for (uint64_t n : {1, 2, 3, 255, 256, 257, 511, 512, 513, 256 * 7 + 255}) {
    RefTree ref = MakeTree(n);
    auto in = Fresh();
    ASSERT_OK(in);
    TileMap store;
    ASSERT_TRUE(IntegrateRange(*in, store, ref, 0, n, {n / 3, n / 2}));
    ASSERT_TRUE(MatchesOracle(store, ref)) << "n=" << n;
    merkle::Hasher hasher;
    EXPECT_EQ(in->size(), n);
    EXPECT_EQ(in->Root(hasher), ref.Root()) << "n=" << n;
    // A flush with nothing added writes nothing.
    EXPECT_TRUE(in->Flush().empty());
  }
}

TEST(Integrator, LargeTreeEveryNodeReadableThroughLocateNode) {
  const uint64_t n = 256 * 256 + 256 * 3 + 5;  // three tile levels
  RefTree ref = MakeTree(n);
  auto in = Fresh();
  ASSERT_OK(in);
  TileMap store;
  ASSERT_TRUE(IntegrateRange(*in, store, ref, 0, n, {1, 255, 256, 1000, 65535, 65536, 65537}));
  ASSERT_TRUE(MatchesOracle(store, ref));
  ASSERT_TRUE(EveryNodeReadable(store, ref));
  EXPECT_EQ(store.at({2, 0}).size(), 32u);  // level-2 tile of width 1
}

RC_GTEST_PROP(Integrator, TilesMatchTheOracleForAnyFlushPoints, ()) {
  const uint64_t n = *rc::gen::inRange<uint64_t>(0, 3000);
  const auto cuts = *rc::gen::container<std::vector<uint64_t>>(rc::gen::inRange<uint64_t>(0, n + 1));
  RefTree ref = MakeTree(n);
  auto in = Fresh();
  RC_ASSERT(in.ok());
  TileMap store;
  std::vector<uint64_t> sorted = cuts;
  std::sort(sorted.begin(), sorted.end());
  RC_ASSERT(IntegrateRange(*in, store, ref, 0, n, sorted));
  RC_ASSERT(MatchesOracle(store, ref));
  RC_ASSERT(EveryNodeReadable(store, ref));
  merkle::Hasher hasher;
  RC_ASSERT(in->Root(hasher) == ref.Root());
}

// Stops after `stop` leaves, rebuilds the integrator from the compact range
// and the stored tiles (as Ledger::Open does), and continues.
RC_GTEST_PROP(Integrator, ResumeGivesTheSameTilesAsUninterrupted, ()) {
  const uint64_t n = *rc::gen::inRange<uint64_t>(1, 2500);
  const uint64_t stop = *rc::gen::inRange<uint64_t>(0, n + 1);
  const auto cuts = *rc::gen::container<std::vector<uint64_t>>(rc::gen::inRange<uint64_t>(0, n + 1));
  std::vector<uint64_t> sorted = cuts;
  std::sort(sorted.begin(), sorted.end());
  RefTree ref = MakeTree(n);

  TileMap whole;
  auto straight = Fresh();
  RC_ASSERT(straight.ok());
  RC_ASSERT(IntegrateRange(*straight, whole, ref, 0, n, {}));

  TileMap store;
  auto first = Fresh();
  RC_ASSERT(first.ok());
  RC_ASSERT(IntegrateRange(*first, store, ref, 0, stop, sorted));
  auto range = merkle::CompactRange::FromState(first->size(), first->range().roots());
  RC_ASSERT(range.ok());
  int loads = 0;
  auto load = [&](uint32_t level, uint64_t index) -> Result<Bytes> {
    ++loads;
    auto it = store.find({level, index});
    return it == store.end() ? Bytes{} : it->second;
  };
  auto resumed = Integrator::Resume(std::move(*range), load);
  RC_ASSERT(resumed.ok());
  RC_ASSERT(resumed->size() == stop);
  RC_ASSERT(IntegrateRange(*resumed, store, ref, stop, n, sorted));
  RC_ASSERT(store == whole);
  merkle::Hasher hasher;
  RC_ASSERT(resumed->Root(hasher) == ref.Root());
  // Only partial edge tiles are loaded: one per level at most.
  RC_ASSERT(loads <= 2);
}

TEST(Integrator, ResumeRejectsAMissingOrWrongEdgeTile) {
  RefTree ref = MakeTree(300);
  auto in = Fresh();
  ASSERT_OK(in);
  TileMap store;
  ASSERT_TRUE(IntegrateRange(*in, store, ref, 0, 300, {}));
  auto state = [&] { return *merkle::CompactRange::FromState(in->size(), in->range().roots()); };

  auto missing = Integrator::Resume(state(), [](uint32_t, uint64_t) -> Result<Bytes> { return Bytes{}; });
  EXPECT_TRUE(StatusIs(missing, Code::kCorruption, "tile 0/1 is missing for integrated size 300"));

  auto narrow = Integrator::Resume(state(), [&](uint32_t level, uint64_t index) -> Result<Bytes> {
    if (level == 0 && index == 1) return ref.NodeTile(0, 1, 43);
    return store.at({level, index});
  });
  EXPECT_TRUE(StatusIs(narrow, Code::kCorruption, "has width 43, integrated size needs 44"));

  auto garbage = Integrator::Resume(state(), [](uint32_t, uint64_t) -> Result<Bytes> { return Bytes(33, 1); });
  EXPECT_TRUE(StatusIs(garbage, Code::kCorruption, "multiple of 32"));

  auto failing = Integrator::Resume(state(), [](uint32_t, uint64_t) -> Result<Bytes> {
    return Status::IOError("disk on fire");
  });
  EXPECT_TRUE(StatusIs(failing, Code::kIOError, "disk on fire"));
}

TEST(Integrator, ResumeAtAFullTileBoundaryLoadsNothing) {
  RefTree ref = MakeTree(512);
  auto in = Fresh();
  ASSERT_OK(in);
  TileMap store;
  ASSERT_TRUE(IntegrateRange(*in, store, ref, 0, 512, {}));
  std::vector<std::pair<uint32_t, uint64_t>> asked;
  auto resumed = Integrator::Resume(*merkle::CompactRange::FromState(512, in->range().roots()),
                                    [&](uint32_t level, uint64_t index) -> Result<Bytes> {
                                      asked.emplace_back(level, index);
                                      auto it = store.find({level, index});
                                      return it == store.end() ? Bytes{} : it->second;
                                    });
  ASSERT_OK(resumed);
  // Level 0 is at a boundary; level 1 has the partial tile 1/0 of width 2.
  EXPECT_EQ(asked, (std::vector<std::pair<uint32_t, uint64_t>>{{1, 0}}));
}

}  // namespace
}  // namespace orelog::log
