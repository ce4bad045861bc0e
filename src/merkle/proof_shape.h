// Internal: the shape of an RFC 9162 audit path, shared by proof generation
// (proof.cc) and verification (verify.cc) so that the two cannot disagree
// about how many hashes a proof has.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace orelog::merkle::internal {

// The path from the perfect node (level, index) up to the root of a tree of
// `size` leaves; the node must be complete: (index + 1) << level <= size.
//
// Below the "fork" (where the node's path leaves the path to the last leaf)
// every sibling is a perfect subtree, except the fork's own right child,
// which may be an imperfect right-border subtree (one proof hash either way).
// Above the fork the path runs along the right border, and only ancestors
// that are right children have a sibling (a perfect subtree on the left).
struct PathShape {
  uint32_t inner = 0;   // proof hashes up to and including the fork's right child
  uint32_t border = 0;  // proof hashes above the fork
  size_t length() const { return size_t{inner} + border; }
};

inline PathShape ShapeOfPath(uint32_t level, uint64_t index, uint64_t size) {
  const uint64_t last = (size - 1) >> level;  // ancestor of the last leaf at `level`
  PathShape shape;
  shape.inner = static_cast<uint32_t>(std::bit_width(index ^ last));
  const uint64_t above = shape.inner >= 64 ? 0 : index >> shape.inner;
  shape.border = static_cast<uint32_t>(std::popcount(above));
  return shape;
}

// The largest perfect subtree ending at leaf boundary `size1` (size1 > 0):
// consistency proofs are the inclusion proof of this node in the new tree,
// preceded by its hash unless it is the whole old tree (size1 a power of 2),
// which the verifier already holds as root1.
struct ConsistencyStart {
  uint32_t level;
  uint64_t index;
};
inline ConsistencyStart StartOfConsistency(uint64_t size1) {
  const auto level = static_cast<uint32_t>(std::countr_zero(size1));
  return {level, (size1 - 1) >> level};
}

// Hashes in the consistency proof for 0 < size1 < size2.
inline size_t ConsistencyProofLength(uint64_t size1, uint64_t size2) {
  const ConsistencyStart start = StartOfConsistency(size1);
  return (start.index != 0 ? 1 : 0) + ShapeOfPath(start.level, start.index, size2).length();
}

}  // namespace orelog::merkle::internal
