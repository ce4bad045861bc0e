// Compact range [0, size): the minimal set of perfect-subtree roots that
// covers the first `size` leaves, ordered left to right (largest first).
// One root per set bit of `size`. Appending a leaf merges equal-height roots,
// computing each interior node of the tree exactly once over the tree's life.
//
// Pure: no I/O, no locks. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "merkle/hasher.h"
#include "merkle/node_id.h"
#include "orelog/status.h"

namespace orelog::merkle {

class CompactRange {
 public:
  // Called for every node that becomes complete: the new leaf itself (level 0)
  // and every interior node the append creates. Used to build tiles.
  using NodeVisitor = std::function<void(NodeID id, const Hash& hash)>;

  CompactRange() = default;

  // Restores a range from its size and roots; the roots must number
  // popcount(size), else InvalidArgument.
  static Result<CompactRange> FromState(uint64_t size, std::vector<Hash> roots);

  uint64_t size() const { return size_; }
  const std::vector<Hash>& roots() const { return roots_; }

  // Appends one leaf hash. `visit` may be empty.
  void Append(Hasher& hasher, const Hash& leaf_hash, const NodeVisitor& visit = {});

  // Root of the tree over [0, size): the roots folded right to left
  // (RFC 9162 MTH); the empty-tree hash when size is 0.
  Hash Root(Hasher& hasher) const;

 private:
  uint64_t size_ = 0;
  std::vector<Hash> roots_;
};

}  // namespace orelog::merkle
