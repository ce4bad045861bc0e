#include "merkle/proof.h"

#include <bit>
#include <string>

#include "merkle/proof_shape.h"

namespace orelog::merkle {
namespace {

// Appends the perfect nodes covering leaves [begin, end) right to left
// (smallest first, the order in which the verifier consumes them). `begin` is
// aligned to a power of two >= end - begin, so walking down from `end` by the
// set bits of the width, lowest first, lands on aligned boundaries.
void AppendRangeRightToLeft(uint64_t begin, uint64_t end, std::vector<NodeID>& ids) {
  uint64_t pos = end;
  for (uint64_t rest = end - begin; rest != 0; rest &= rest - 1) {
    const auto level = static_cast<uint32_t>(std::countr_zero(rest));
    pos -= uint64_t{1} << level;
    ids.push_back({level, pos >> level});
  }
}

// Appends the nodes proving that the complete perfect node (level, index) is
// in the tree of `size` leaves, bottom-up. See PathShape for the three parts.
void AppendPath(uint32_t level, uint64_t index, uint64_t size, ProofNodes& out) {
  const internal::PathShape shape = internal::ShapeOfPath(level, index, size);
  if (shape.inner > 0) {
    // Siblings below the fork are complete: both they and the fork's left
    // child end before the subtree holding the last leaf.
    for (uint32_t k = 0; k + 1 < shape.inner; ++k) {
      out.ids.push_back({level + k, (index >> k) ^ 1});
    }
    // The fork's right child spans [begin, size): a perfect node if size
    // happens to end it, else an ephemeral node to be folded by Rehash.
    const uint32_t fork_child_level = level + shape.inner - 1;
    const uint64_t begin = ((index >> (shape.inner - 1)) + 1) << fork_child_level;
    const size_t first = out.ids.size();
    AppendRangeRightToLeft(begin, size, out.ids);
    if (out.ids.size() - first > 1) {
      out.ephem_begin = first;
      out.ephem_end = out.ids.size();
    }
  }
  // Above the fork: an ancestor that is a right child has a complete left
  // sibling; a left child on the border has no sibling within the tree.
  uint64_t ancestor = shape.inner >= 64 ? 0 : index >> shape.inner;
  for (uint32_t lvl = level + shape.inner; ancestor != 0; ancestor >>= 1, ++lvl) {
    if ((ancestor & 1) != 0) out.ids.push_back({lvl, ancestor ^ 1});
  }
}

}  // namespace

Result<ProofNodes> InclusionProofNodes(uint64_t index, uint64_t size) {
  if (index >= size) {
    return Status::Invalid("leaf index " + std::to_string(index) +
                           " is not below tree size " + std::to_string(size));
  }
  ProofNodes nodes;
  AppendPath(0, index, size, nodes);
  return nodes;
}

Result<ProofNodes> ConsistencyProofNodes(uint64_t size1, uint64_t size2) {
  if (size1 == 0 || size1 > size2) {
    return Status::Invalid("consistency proof needs 0 < size1 <= size2, got " +
                           std::to_string(size1) + " and " + std::to_string(size2));
  }
  ProofNodes nodes;
  if (size1 == size2) return nodes;
  const internal::ConsistencyStart start = internal::StartOfConsistency(size1);
  if (start.index != 0) nodes.ids.push_back({start.level, start.index});
  AppendPath(start.level, start.index, size2, nodes);
  return nodes;
}

Result<std::vector<Hash>> Rehash(Hasher& hasher, const ProofNodes& nodes,
                                 std::span<const Hash> hashes) {
  if (hashes.size() != nodes.ids.size()) {
    return Status::Invalid("rehash needs " + std::to_string(nodes.ids.size()) + " hashes, got " +
                           std::to_string(hashes.size()));
  }
  const size_t begin = nodes.ephem_begin;
  const size_t end = nodes.ephem_end;
  if (begin > end || end > hashes.size()) {
    return Status::Invalid("ephemeral range [" + std::to_string(begin) + ", " +
                           std::to_string(end) + ") is outside the " +
                           std::to_string(hashes.size()) + " nodes");
  }
  if (end - begin < 2) return std::vector<Hash>(hashes.begin(), hashes.end());

  std::vector<Hash> proof;
  proof.reserve(hashes.size() - (end - begin - 1));
  proof.insert(proof.end(), hashes.begin(), hashes.begin() + begin);
  // The run is listed right to left, so each next node is the left child.
  Hash folded = hashes[begin];
  for (size_t i = begin + 1; i < end; ++i) folded = hasher.HashChildren(hashes[i], folded);
  proof.push_back(folded);
  proof.insert(proof.end(), hashes.begin() + end, hashes.end());
  return proof;
}

}  // namespace orelog::merkle
