#include "merkle/multi_proof.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>

#include "merkle/proof.h"
#include "merkle/testing_util.h"

namespace orelog::merkle {
namespace {

using testing::SharedBigTree;

// Serves a multi-leaf proof as a log does: the ranges' perfect covers from
// the node store, folded right to left.
std::vector<Hash> Serve(Hasher& hasher, std::span<const uint64_t> indices, uint64_t size) {
  auto& tree = SharedBigTree();
  auto ranges = MultiInclusionRanges(indices, size);
  EXPECT_TRUE(ranges.ok()) << ranges.status().ToString();
  std::vector<Hash> proof;
  for (const LeafRange& r : ranges.ok() ? *ranges : std::vector<LeafRange>{}) {
    std::vector<NodeID> cover = PerfectCover(r);
    Hash h = tree.store.Get(cover.back());
    for (size_t i = cover.size() - 1; i-- > 0;) h = hasher.HashChildren(tree.store.Get(cover[i]), h);
    proof.push_back(h);
  }
  return proof;
}

std::vector<Hash> LeafHashes(std::span<const uint64_t> indices) {
  std::vector<Hash> out;
  for (uint64_t i : indices) out.push_back(SharedBigTree().LeafHash(i));
  return out;
}

TEST(MultiProofTest, OneLeafHoldsTheRfc9162ProofHashes) {
  auto& tree = SharedBigTree();
  Hasher hasher;
  for (uint64_t size : {1u, 2u, 3u, 7u, 8u, 9u, 255u, 256u, 257u, 1000u}) {
    for (uint64_t index : {uint64_t{0}, size / 2, size - 1}) {
      const uint64_t one[] = {index};
      std::vector<Hash> multi = Serve(hasher, one, size);
      std::vector<Hash> single = tree.ref.Path(index, size);
      // The same hashes, in tree order (left to right) instead of bottom-up.
      std::sort(multi.begin(), multi.end());
      std::sort(single.begin(), single.end());
      EXPECT_EQ(multi, single) << "size " << size << " index " << index;
    }
  }
}

TEST(MultiProofTest, RangesOfSmallTree) {
  // Tree of 7: [0,4) [4,6) [6,7). Leaves 1 and 5.
  const uint64_t idx[] = {1, 5};
  auto ranges = MultiInclusionRanges(idx, 7);
  ASSERT_TRUE(ranges.ok());
  const std::vector<LeafRange> want = {{0, 1}, {2, 4}, {4, 5}, {6, 7}};
  EXPECT_EQ(*ranges, want);
  EXPECT_EQ(PerfectCover({4, 7}), (std::vector<NodeID>{{1, 2}, {0, 6}}));
  EXPECT_EQ(PerfectCover({8, 16}), (std::vector<NodeID>{{3, 1}}));
  // Every leaf: no proof hashes at all.
  const uint64_t all[] = {0, 1, 2, 3, 4, 5, 6};
  auto none = MultiInclusionRanges(all, 7);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(MultiProofTest, RejectsBadIndices) {
  const uint64_t unsorted[] = {3, 2};
  const uint64_t dup[] = {2, 2};
  const uint64_t beyond[] = {1, 9};
  EXPECT_FALSE(MultiInclusionRanges({}, 5).ok());
  EXPECT_FALSE(MultiInclusionRanges(unsorted, 5).ok());
  EXPECT_FALSE(MultiInclusionRanges(dup, 5).ok());
  EXPECT_FALSE(MultiInclusionRanges(beyond, 5).ok());
  Hasher hasher;
  const Hash h{};
  EXPECT_FALSE(RootFromMultiInclusion(hasher, 5, unsorted, std::vector<Hash>{h, h}, {}).ok());
  EXPECT_FALSE(RootFromMultiInclusion(hasher, 5, beyond, std::vector<Hash>{h}, {}).ok());  // count mismatch too
}

RC_GTEST_PROP(MultiProofProp, VerifiesAndDetectsTampering, ()) {
  auto& tree = SharedBigTree();
  const auto size = *rc::gen::inRange<uint64_t>(1, 5000);
  const auto count = *rc::gen::inRange<size_t>(1, 40);
  std::set<uint64_t> chosen;
  for (size_t i = 0; i < count; ++i) chosen.insert(*rc::gen::inRange<uint64_t>(0, size));
  const std::vector<uint64_t> indices(chosen.begin(), chosen.end());
  Hasher hasher;
  const std::vector<Hash> proof = Serve(hasher, indices, size);
  std::vector<Hash> leaves = LeafHashes(indices);
  const Hash root = tree.ref.Mth(0, size);
  RC_ASSERT(VerifyMultiInclusion(hasher, size, indices, leaves, proof, root).ok());

  // Never longer than the separate RFC 9162 proofs together.
  size_t separate = 0;
  for (uint64_t i : indices) separate += tree.ref.Path(i, size).size();
  RC_ASSERT(proof.size() <= separate);

  if (!proof.empty()) {
    auto bad = proof;
    const auto at = *rc::gen::inRange<size_t>(0, bad.size());
    bad[at][*rc::gen::inRange<size_t>(0, 32)] ^= 0x01;
    RC_ASSERT(!VerifyMultiInclusion(hasher, size, indices, leaves, bad, root).ok());
    bad = proof;
    bad.pop_back();
    RC_ASSERT(!VerifyMultiInclusion(hasher, size, indices, leaves, bad, root).ok());
  }
  auto longer = proof;
  longer.push_back(root);
  RC_ASSERT(!VerifyMultiInclusion(hasher, size, indices, leaves, longer, root).ok());

  // A leaf's entry swapped for another leaf's.
  const auto which = *rc::gen::inRange<size_t>(0, leaves.size());
  const auto other = *rc::gen::inRange<uint64_t>(0, size);
  if (other != indices[which]) {
    auto swapped = leaves;
    swapped[which] = tree.LeafHash(other);
    RC_ASSERT(!VerifyMultiInclusion(hasher, size, indices, swapped, proof, root).ok());
  }
  // The same leaves claimed at shifted indices.
  if (indices.back() + 1 < size) {
    std::vector<uint64_t> shifted = indices;
    for (uint64_t& i : shifted) ++i;
    RC_ASSERT(!VerifyMultiInclusion(hasher, size, shifted, leaves, proof, root).ok());
  }
  // Another tree size, with that tree's true root.
  const auto size2 = *rc::gen::inRange<uint64_t>(indices.back() + 1, 5001);
  if (size2 != size) {
    RC_ASSERT(!VerifyMultiInclusion(hasher, size2, indices, leaves, proof, tree.ref.Mth(0, size2)).ok());
  }
}

}  // namespace
}  // namespace orelog::merkle
