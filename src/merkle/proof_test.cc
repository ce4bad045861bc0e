#include "merkle/proof.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <bit>
#include <limits>

#include "merkle/testing_util.h"
#include "merkle/verify.h"

namespace orelog::merkle {
namespace {

using testing::CompleteIn;
using testing::HexHash;
using testing::HexHashes;
using testing::NodeStore;
using testing::SharedBigTree;

std::vector<NodeID> Ids(std::initializer_list<std::pair<uint32_t, uint64_t>> list) {
  std::vector<NodeID> ids;
  for (auto [level, index] : list) ids.push_back({level, index});
  return ids;
}

TEST(ProofNodes, RejectsBadParameters) {
  EXPECT_EQ(InclusionProofNodes(0, 0).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(InclusionProofNodes(5, 5).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(InclusionProofNodes(6, 5).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ConsistencyProofNodes(0, 0).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ConsistencyProofNodes(0, 5).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ConsistencyProofNodes(6, 5).status().code(), Code::kInvalidArgument);
}

TEST(ProofNodes, SmallTrees) {
  auto one = InclusionProofNodes(0, 1);
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(one->ids.empty());

  auto same = ConsistencyProofNodes(5, 5);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->ids.empty());

  // Leaf 0 of 7: siblings 1 and [2,4), then the ephemeral [4,7) = leaf 6 + [4,6).
  auto first = InclusionProofNodes(0, 7);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->ids, Ids({{0, 1}, {1, 1}, {0, 6}, {1, 2}}));
  EXPECT_EQ(first->ephem_begin, 2u);
  EXPECT_EQ(first->ephem_end, 4u);

  // The last leaf of 7 only has left siblings on the border.
  auto last = InclusionProofNodes(6, 7);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->ids, Ids({{1, 2}, {2, 0}}));
  EXPECT_EQ(last->ephem_begin, last->ephem_end);

  // RFC 9162 PROOF(3, D[7]) = [d2, d3, MTH(D[0:2]), MTH(D[4:7])].
  auto consistency = ConsistencyProofNodes(3, 7);
  ASSERT_TRUE(consistency.ok());
  EXPECT_EQ(consistency->ids, Ids({{0, 2}, {0, 3}, {1, 0}, {0, 6}, {1, 2}}));
  EXPECT_EQ(consistency->ephem_begin, 3u);
  EXPECT_EQ(consistency->ephem_end, 5u);

  // From a power of two the old root itself is left out.
  auto from_four = ConsistencyProofNodes(4, 8);
  ASSERT_TRUE(from_four.ok());
  EXPECT_EQ(from_four->ids, Ids({{2, 1}}));
}

TEST(Rehash, FoldsTheRunRightToLeft) {
  Hasher hasher;
  const Hash a = hasher.HashLeaf(AsBytes("a"));
  const Hash b = hasher.HashLeaf(AsBytes("b"));
  const Hash c = hasher.HashLeaf(AsBytes("c"));
  const Hash d = hasher.HashLeaf(AsBytes("d"));
  ProofNodes nodes{Ids({{0, 1}, {0, 6}, {1, 2}, {2, 0}}), 1, 3};
  auto proof = Rehash(hasher, nodes, std::vector<Hash>{a, b, c, d});
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(*proof, (std::vector<Hash>{a, hasher.HashChildren(c, b), d}));

  ProofNodes plain{Ids({{0, 1}, {1, 1}}), 0, 0};
  auto same = Rehash(hasher, plain, std::vector<Hash>{a, b});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, (std::vector<Hash>{a, b}));
}

TEST(Rehash, RejectsMismatchedInput) {
  Hasher hasher;
  const Hash a{};
  ProofNodes nodes{Ids({{0, 1}, {1, 1}}), 0, 0};
  EXPECT_EQ(Rehash(hasher, nodes, std::vector<Hash>{a}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Rehash(hasher, nodes, std::vector<Hash>{a, a, a}).status().code(),
            Code::kInvalidArgument);
  ProofNodes outside{Ids({{0, 1}, {1, 1}}), 1, 3};
  EXPECT_EQ(Rehash(hasher, outside, std::vector<Hash>{a, a}).status().code(),
            Code::kInvalidArgument);
  ProofNodes backwards{Ids({{0, 1}, {1, 1}}), 2, 1};
  EXPECT_EQ(Rehash(hasher, backwards, std::vector<Hash>{a, a}).status().code(),
            Code::kInvalidArgument);
}

// Proofs listed in the transparency-dev reference file and the generated
// byte tree, served from a store built by CompactRange, byte for byte.
struct ProofFile {
  const char* name;
  size_t inclusion;
  size_t consistency;
};

class ListedProofs : public ::testing::TestWithParam<ProofFile> {};

TEST_P(ListedProofs, GenerateAndVerify) {
  const ProofFile& file = GetParam();
  const auto doc = testing::ReadJson(testing::MerkleDataDir() / "extracted" / file.name);
  Hasher hasher;
  std::vector<Hash> leaves;
  std::vector<Hash> roots;
  if (doc.as_object().contains("leafInputs")) {
    for (const auto& in : doc.at("leafInputs").as_array()) {
      leaves.push_back(hasher.HashLeaf(testing::HexBytes(in.as_string())));
    }
  } else {
    leaves = HexHashes(doc.at("leafHashes"));
  }
  roots = HexHashes(doc.at("rootsBySize"));
  ASSERT_EQ(roots.size(), leaves.size() + 1);
  const NodeStore store(leaves);

  size_t inclusion = 0;
  for (const auto& v : doc.at("inclusion").as_array()) {
    const auto& o = v.as_object();
    const auto index = o.at("leafIndex").to_number<uint64_t>();
    const auto size = o.at("treeSize").to_number<uint64_t>();
    const auto want = HexHashes(o.at("proof"));
    const Hash leaf = o.contains("leafHash") ? HexHash(o.at("leafHash").as_string()) : leaves[index];
    const Hash root = o.contains("root") ? HexHash(o.at("root").as_string()) : roots[size];
    EXPECT_EQ(leaf, leaves[index]);
    EXPECT_EQ(root, roots[size]);
    auto nodes = InclusionProofNodes(index, size);
    ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
    for (NodeID id : nodes->ids) EXPECT_TRUE(CompleteIn(id, size));
    EXPECT_EQ(store.Serve(hasher, *nodes), want) << "leaf " << index << " of " << size;
    EXPECT_TRUE(VerifyInclusion(hasher, index, size, leaf, want, root).ok());
    ++inclusion;
  }
  EXPECT_EQ(inclusion, file.inclusion);

  size_t consistency = 0;
  for (const auto& v : doc.at("consistency").as_array()) {
    const auto& o = v.as_object();
    const auto size1 = o.at("size1").to_number<uint64_t>();
    const auto size2 = o.at("size2").to_number<uint64_t>();
    const auto want = HexHashes(o.at("proof"));
    const Hash root1 = o.contains("root1") ? HexHash(o.at("root1").as_string()) : roots[size1];
    const Hash root2 = o.contains("root2") ? HexHash(o.at("root2").as_string()) : roots[size2];
    EXPECT_EQ(root1, roots[size1]);
    EXPECT_EQ(root2, roots[size2]);
    auto nodes = ConsistencyProofNodes(size1, size2);
    ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
    for (NodeID id : nodes->ids) EXPECT_TRUE(CompleteIn(id, size2));
    EXPECT_EQ(store.Serve(hasher, *nodes), want) << size1 << " to " << size2;
    EXPECT_TRUE(VerifyConsistency(hasher, size1, size2, want, root1, root2).ok());
    ++consistency;
  }
  EXPECT_EQ(consistency, file.consistency);
}

INSTANTIATE_TEST_SUITE_P(
    Extracted, ListedProofs,
    ::testing::Values(ProofFile{"transparency-dev-merkle-reference.json", 5, 5},
                      ProofFile{"generated-byte-tree-0-130.json", 528, 496}),
    [](const auto& info) { return info.index == 0 ? std::string("TransparencyDev") : "ByteTree"; });

// Checks that perfect nodes tile [0, size) exactly apart from the leaves in
// `known` (which the verifier already has), and that a marked run is a
// contiguous right-to-left stretch of the right border.
void ExpectTiling(const ProofNodes& nodes, uint64_t size, uint64_t known_begin,
                  uint64_t known_end) {
  std::vector<std::pair<uint64_t, uint64_t>> ranges{{known_begin, known_end}};
  for (NodeID id : nodes.ids) {
    RC_ASSERT(CompleteIn(id, size));
    ranges.push_back({id.begin(), id.end()});
  }
  std::sort(ranges.begin(), ranges.end());
  uint64_t pos = 0;
  for (auto [begin, end] : ranges) {
    if (begin == end) continue;  // empty known range
    RC_ASSERT(begin == pos);
    pos = end;
  }
  RC_ASSERT(pos == size);

  RC_ASSERT(nodes.ephem_begin <= nodes.ephem_end);
  RC_ASSERT(nodes.ephem_end <= nodes.ids.size());
  RC_ASSERT(nodes.ephem_end - nodes.ephem_begin != 1);
  if (nodes.ephem_end > nodes.ephem_begin) {
    RC_ASSERT(nodes.ids[nodes.ephem_begin].end() == size);
    for (size_t i = nodes.ephem_begin + 1; i < nodes.ephem_end; ++i) {
      RC_ASSERT(nodes.ids[i].end() == nodes.ids[i - 1].begin());
      RC_ASSERT(nodes.ids[i].level > nodes.ids[i - 1].level);
    }
  }
}

size_t ProofLength(const ProofNodes& nodes) {
  const size_t run = nodes.ephem_end - nodes.ephem_begin;
  return nodes.ids.size() - (run > 1 ? run - 1 : 0);
}

uint64_t AnySize() {
  // Mostly huge trees, some near powers of two, where the border is extreme.
  return *rc::gen::oneOf(
      rc::gen::inRange<uint64_t>(1, std::numeric_limits<uint64_t>::max()),
      rc::gen::map(rc::gen::inRange(0, 64),
                   [](int b) { return uint64_t{1} << b; }),
      rc::gen::map(rc::gen::inRange(1, 65), [](int b) {
        return b == 64 ? std::numeric_limits<uint64_t>::max() : (uint64_t{1} << b) - 1;
      }));
}

// For any tree up to 2^64 - 1 leaves: inclusion nodes are perfect, inside the
// tree and tile it around the leaf; the RFC verification loop accepts exactly
// the proof length they produce.
RC_GTEST_PROP(ProofNodesProp, InclusionTilesAnyTree, ()) {
  const uint64_t size = AnySize();
  const auto index = *rc::gen::oneOf(rc::gen::inRange<uint64_t>(0, size),
                                     rc::gen::just(uint64_t{0}), rc::gen::just(size - 1));
  auto nodes = InclusionProofNodes(index, size);
  RC_ASSERT(nodes.ok());
  ExpectTiling(*nodes, size, index, index + 1);

  Hasher hasher;
  const std::vector<Hash> junk(ProofLength(*nodes) + 1, Hash{});
  const std::span<const Hash> proof(junk.data(), junk.size() - 1);
  RC_ASSERT(RootFromInclusionProof(hasher, index, size, Hash{}, proof).ok());
  RC_ASSERT(!RootFromInclusionProof(hasher, index, size, Hash{}, junk).ok());
  if (!proof.empty()) {
    RC_ASSERT(!RootFromInclusionProof(hasher, index, size, Hash{}, proof.first(proof.size() - 1))
                   .ok());
  }
}

// Consistency nodes tile the new tree around the old one (or around nothing
// when the old tree's own root opens the proof).
RC_GTEST_PROP(ProofNodesProp, ConsistencyTilesAnyTree, ()) {
  const uint64_t size2 = AnySize();
  const auto size1 = *rc::gen::oneOf(rc::gen::inRange<uint64_t>(1, size2 + (size2 < UINT64_MAX)),
                                     rc::gen::just(uint64_t{1}), rc::gen::just(size2));
  auto nodes = ConsistencyProofNodes(size1, size2);
  RC_ASSERT(nodes.ok());
  if (size1 == size2) {
    RC_ASSERT(nodes->ids.empty());
    return;
  }
  if (std::has_single_bit(size1)) {
    ExpectTiling(*nodes, size2, 0, size1);
  } else {
    RC_ASSERT(nodes->ids.front().end() == size1);
    ExpectTiling(*nodes, size2, 0, 0);
  }
  // A junk proof of the produced length gets as far as comparing roots.
  Hasher hasher;
  const std::vector<Hash> junk(ProofLength(*nodes), Hash{});
  Hash root1{};
  root1[0] = 1;
  const Status st = VerifyConsistency(hasher, size1, size2, junk, root1, Hash{});
  RC_ASSERT(st.code() == Code::kVerificationFailed);
  RC_ASSERT(st.message().find("does not lead to the root") != std::string::npos);
}

// Up to 2^16 leaves: served proofs equal the RFC's PATH and PROOF and verify.
RC_GTEST_PROP(ProofProp, InclusionMatchesReference, ()) {
  auto& tree = SharedBigTree();
  const auto size = *rc::gen::inRange<uint64_t>(1, tree.kLeaves + 1);
  auto indices = *rc::gen::container<std::vector<uint64_t>>(4, rc::gen::inRange<uint64_t>(0, size));
  indices.push_back(0);
  indices.push_back(size - 1);
  Hasher hasher;
  const Hash root = tree.ref.Mth(0, size);
  for (uint64_t index : indices) {
    auto nodes = InclusionProofNodes(index, size);
    RC_ASSERT(nodes.ok());
    for (NodeID id : nodes->ids) RC_ASSERT(CompleteIn(id, size));
    const auto proof = tree.store.Serve(hasher, *nodes);
    RC_ASSERT(proof == tree.ref.Path(index, size));
    RC_ASSERT(VerifyInclusion(hasher, index, size, tree.LeafHash(index), proof, root).ok());
  }
}

RC_GTEST_PROP(ProofProp, ConsistencyMatchesReference, ()) {
  auto& tree = SharedBigTree();
  const auto size2 = *rc::gen::inRange<uint64_t>(1, tree.kLeaves + 1);
  auto sizes = *rc::gen::container<std::vector<uint64_t>>(4, rc::gen::inRange<uint64_t>(1, size2 + 1));
  sizes.push_back(1);
  sizes.push_back(size2);
  sizes.push_back(std::bit_floor(size2));
  Hasher hasher;
  const Hash root2 = tree.ref.Mth(0, size2);
  for (uint64_t size1 : sizes) {
    auto nodes = ConsistencyProofNodes(size1, size2);
    RC_ASSERT(nodes.ok());
    for (NodeID id : nodes->ids) RC_ASSERT(CompleteIn(id, size2));
    const auto proof = tree.store.Serve(hasher, *nodes);
    RC_ASSERT(proof == tree.ref.Proof(size1, size2));
    RC_ASSERT(
        VerifyConsistency(hasher, size1, size2, proof, tree.ref.Mth(0, size1), root2).ok());
  }
}

}  // namespace
}  // namespace orelog::merkle
