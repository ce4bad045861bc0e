// Multi-leaf inclusion proofs: one proof that several leaves are in one
// RFC 9162 tree, with every shared node given once. Format and rule:
// docs/passport-format.md "Multi-leaf inclusion proof" (version 1, frozen).
//
// The rule, for strictly ascending leaf indices in a tree of `size` leaves:
// walk the RFC 9162 MTH recursion over [0, size) (split [lo, hi) at the
// largest power of two k < hi - lo), left subtree first. A range holding
// none of the indices is not descended into: its MTH is the next proof
// hash. A single-leaf range holding an index is that leaf's hash. The proof
// is the hashes the walk consumes, in the order it consumes them (the
// ranges' left-to-right order in the tree). For one index the proof holds
// the same hashes as the RFC 9162 inclusion proof, in that order instead of
// bottom-up.
//
// Pure. Errors are InvalidArgument (bad indices) or VerificationFailed.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "merkle/hasher.h"
#include "merkle/node_id.h"
#include "orelog/status.h"

namespace orelog::merkle {

// Leaf range [begin, end) whose MTH is one proof hash.
struct LeafRange {
  uint64_t begin = 0;
  uint64_t end = 0;
  auto operator<=>(const LeafRange&) const = default;
};

// The ranges whose hashes form the proof, in proof order. InvalidArgument
// unless `indices` is non-empty, strictly ascending and below `size`.
Result<std::vector<LeafRange>> MultiInclusionRanges(std::span<const uint64_t> indices, uint64_t size);

// The perfect subtrees of an MTH range, left to right: one node for a
// perfect range, else the binary decomposition of a right-border range
// (RFC 9162 splits it into a perfect left part and the rest). Its MTH is
// the right-to-left fold HashChildren(n_0, HashChildren(n_1, ... n_last)).
std::vector<NodeID> PerfectCover(LeafRange range);

// The root implied by the leaves' hashes (one per index) and the proof.
Result<Hash> RootFromMultiInclusion(Hasher& hasher, uint64_t size, std::span<const uint64_t> indices,
                                    std::span<const Hash> leaf_hashes, std::span<const Hash> proof);

Status VerifyMultiInclusion(Hasher& hasher, uint64_t size, std::span<const uint64_t> indices,
                            std::span<const Hash> leaf_hashes, std::span<const Hash> proof, const Hash& root);

}  // namespace orelog::merkle
