#include "merkle/compact_range.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <limits>

#include "merkle/testing_util.h"

namespace orelog::merkle {
namespace {

using testing::HexBytes;
using testing::HexHash;
using testing::HexHashes;
using testing::NodeStore;
using testing::SharedBigTree;

std::vector<Hash> Filler(size_t n) {
  Hasher hasher;
  std::vector<Hash> out;
  for (size_t i = 0; i < n; ++i) out.push_back(hasher.HashLeaf(AsBytes(std::to_string(i))));
  return out;
}

TEST(CompactRange, FromStateChecksRootCount) {
  struct Case {
    uint64_t size;
    size_t roots;
    bool ok;
  };
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  for (const Case& c : {Case{0, 0, true}, Case{0, 1, false}, Case{1, 0, false}, Case{1, 1, true},
                        Case{5, 2, true}, Case{5, 1, false}, Case{5, 3, false},
                        Case{uint64_t{1} << 63, 1, true}, Case{uint64_t{1} << 63, 0, false},
                        Case{max, 64, true}, Case{max, 63, false}, Case{max, 65, false}}) {
    Result<CompactRange> r = CompactRange::FromState(c.size, Filler(c.roots));
    EXPECT_EQ(r.ok(), c.ok) << c.size << " with " << c.roots << " roots";
    if (r.ok()) {
      EXPECT_EQ(r->size(), c.size);
      EXPECT_EQ(r->roots().size(), c.roots);
    } else {
      EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    }
  }
}

TEST(CompactRange, EmptyAndSingleLeaf) {
  Hasher hasher;
  CompactRange range;
  EXPECT_EQ(range.size(), 0u);
  EXPECT_EQ(range.Root(hasher), Hasher::EmptyRoot());
  const Hash leaf = hasher.HashLeaf(AsBytes("only"));
  range.Append(hasher, leaf);  // no visitor
  EXPECT_EQ(range.size(), 1u);
  EXPECT_EQ(range.roots(), std::vector<Hash>{leaf});
  EXPECT_EQ(range.Root(hasher), leaf);
}

TEST(CompactRange, RootOfRestoredLargeRangeFoldsRightToLeft) {
  Hasher hasher;
  const auto roots = Filler(3);
  Result<CompactRange> r = CompactRange::FromState((uint64_t{1} << 62) + 6, roots);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Root(hasher),
            hasher.HashChildren(roots[0], hasher.HashChildren(roots[1], roots[2])));
}

TEST(CompactRange, AppendKeepsItsBufferInSteadyState) {
  Hasher hasher;
  CompactRange range;
  range.Append(hasher, Filler(1)[0]);
  const Hash* buffer = range.roots().data();
  for (const Hash& h : Filler(1000)) range.Append(hasher, h);
  EXPECT_EQ(range.roots().data(), buffer);
}

TEST(CompactRange, ResumesFromState) {
  Hasher hasher;
  const auto leaves = Filler(77);
  CompactRange whole;
  for (const Hash& h : leaves) whole.Append(hasher, h);
  for (size_t cut : {0, 1, 31, 32, 33, 76}) {
    CompactRange first;
    for (size_t i = 0; i < cut; ++i) first.Append(hasher, leaves[i]);
    Result<CompactRange> resumed = CompactRange::FromState(first.size(), first.roots());
    ASSERT_TRUE(resumed.ok());
    for (size_t i = cut; i < leaves.size(); ++i) resumed->Append(hasher, leaves[i]);
    EXPECT_EQ(resumed->roots(), whole.roots()) << "cut at " << cut;
    EXPECT_EQ(resumed->Root(hasher), whole.Root(hasher));
  }
}

// transparency-dev/merkle's 8-leaf tree: every node hash and roots 0..8.
TEST(CompactRange, TransparencyDevReferenceTree) {
  const auto doc = testing::ReadJson(testing::MerkleDataDir() / "extracted" /
                                     "transparency-dev-merkle-reference.json");
  Hasher hasher;
  std::vector<Hash> leaves;
  for (const auto& in : doc.at("leafInputs").as_array()) {
    leaves.push_back(hasher.HashLeaf(HexBytes(in.as_string())));
  }
  ASSERT_EQ(leaves.size(), 8u);
  const NodeStore store(leaves);
  const auto& levels = doc.at("nodeHashesByLevel").as_array();
  ASSERT_EQ(levels.size(), 4u);
  int nodes = 0;
  for (uint32_t level = 0; level < levels.size(); ++level) {
    const auto want = HexHashes(levels[level]);
    ASSERT_EQ(store.nodes_at(level), want.size()) << "level " << level;
    for (uint64_t i = 0; i < want.size(); ++i, ++nodes) {
      EXPECT_EQ(store.Get({level, i}), want[i]) << "level " << level << " index " << i;
    }
  }
  EXPECT_EQ(nodes, 15);
  EXPECT_EQ(store.nodes_at(4), 0u);

  const auto roots = HexHashes(doc.at("rootsBySize"));
  ASSERT_EQ(roots.size(), 9u);
  CompactRange range;
  EXPECT_EQ(range.Root(hasher), roots[0]);
  for (size_t n = 1; n <= 8; ++n) {
    range.Append(hasher, leaves[n - 1]);
    EXPECT_EQ(range.Root(hasher), roots[n]) << "size " << n;
  }
}

// d[i] = byte i: 130 leaf hashes and the roots of sizes 0..130.
TEST(CompactRange, GeneratedByteTree) {
  const auto doc = testing::ReadJson(testing::MerkleDataDir() / "extracted" /
                                     "generated-byte-tree-0-130.json");
  const auto want_leaves = HexHashes(doc.at("leafHashes"));
  const auto want_roots = HexHashes(doc.at("rootsBySize"));
  ASSERT_EQ(want_leaves.size(), 130u);
  ASSERT_EQ(want_roots.size(), 131u);
  Hasher hasher;
  CompactRange range;
  EXPECT_EQ(range.Root(hasher), want_roots[0]);
  for (size_t i = 0; i < want_leaves.size(); ++i) {
    const uint8_t byte = static_cast<uint8_t>(i);
    const Hash leaf = hasher.HashLeaf(ByteView(&byte, 1));
    EXPECT_EQ(leaf, want_leaves[i]) << "leaf " << i;
    range.Append(hasher, leaf);
    EXPECT_EQ(range.Root(hasher), want_roots[i + 1]) << "size " << i + 1;
  }
}

// The store the property tests use, node by node against the reference MTH.
TEST(CompactRange, BigTreeNodesMatchReference) {
  auto& tree = SharedBigTree();
  uint64_t checked = 0;
  for (uint32_t level = 0; level <= 16; ++level) {
    ASSERT_EQ(tree.store.nodes_at(level), tree.kLeaves >> level) << "level " << level;
    for (uint64_t i = 0; i < tree.store.nodes_at(level); ++i, ++checked) {
      ASSERT_EQ(tree.store.Get({level, i}), tree.ref.Mth(i << level, (i + 1) << level))
          << "level " << level << " index " << i;
    }
  }
  EXPECT_EQ(tree.store.nodes_at(17), 0u);
  EXPECT_EQ(checked, 2 * tree.kLeaves - 1);
}

// Appending n leaves reports exactly the perfect nodes inside [0, n), each
// once, with the hash the RFC gives it. (A small tree of its own, so that
// this test does not pay for building the big one.)
RC_GTEST_PROP(CompactRangeProp, VisitorSeesEachNodeOnce, ()) {
  constexpr uint64_t kLeaves = 1100;  // past 2^10, so levels up to 10
  static testing::ReferenceTree ref = [] {
    std::vector<Bytes> leaves;
    for (uint64_t i = 0; i < kLeaves; ++i) leaves.push_back(Bytes{uint8_t(i), uint8_t(i >> 8)});
    return testing::ReferenceTree(std::move(leaves));
  }();
  const auto n = *rc::gen::inRange<uint64_t>(0, kLeaves + 1);
  Hasher hasher;
  CompactRange range;
  std::vector<NodeID> seen;
  bool hashes_ok = true;
  bool completed_ok = true;
  for (uint64_t i = 0; i < n; ++i) {
    range.Append(hasher, ref.Mth(i, i + 1), [&](NodeID id, const Hash& hash) {
      seen.push_back(id);
      hashes_ok &= hash == ref.Mth(id.begin(), id.end());
      completed_ok &= id.end() == i + 1;  // a node completes with its last leaf
    });
  }
  RC_ASSERT(hashes_ok);
  RC_ASSERT(completed_ok);
  std::vector<NodeID> want;
  for (uint32_t level = 0; (n >> level) != 0; ++level) {
    for (uint64_t i = 0; i < (n >> level); ++i) want.push_back({level, i});
  }
  std::sort(seen.begin(), seen.end());  // duplicates would survive the sort
  std::sort(want.begin(), want.end());
  RC_ASSERT(seen == want);
}

// Restore at a random earlier size, append up to n: roots and root as the
// RFC says, visited nodes as stored.
RC_GTEST_PROP(CompactRangeProp, RootMatchesReference, ()) {
  auto& tree = SharedBigTree();
  const auto n = *rc::gen::inRange<uint64_t>(0, tree.kLeaves + 1);
  const auto start = *rc::gen::inRange<uint64_t>(n - std::min<uint64_t>(n, 1500), n + 1);
  Hasher hasher;
  Result<CompactRange> range = CompactRange::FromState(start, tree.store.RootsOf(start));
  RC_ASSERT(range.ok());
  for (uint64_t i = start; i < n; ++i) {
    range->Append(hasher, tree.LeafHash(i), [&](NodeID id, const Hash& hash) {
      RC_ASSERT(hash == tree.store.Get(id));
    });
  }
  RC_ASSERT(range->size() == n);
  RC_ASSERT(range->roots() == tree.store.RootsOf(n));
  RC_ASSERT(range->Root(hasher) == tree.ref.Mth(0, n));
}

}  // namespace
}  // namespace orelog::merkle
