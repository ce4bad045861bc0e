// Addresses of nodes in a Merkle tree of perfect subtrees.
//
// Node (level L, index i) is the root of the perfect subtree over leaves
// [i * 2^L, (i + 1) * 2^L). Leaves are level 0. Only perfect subtrees have
// IDs; the imperfect right border of a tree is never stored.
#pragma once

#include <compare>
#include <cstdint>

namespace orelog::merkle {

struct NodeID {
  uint32_t level = 0;
  uint64_t index = 0;

  uint64_t begin() const { return index << level; }      // first leaf covered
  uint64_t end() const { return (index + 1) << level; }  // one past the last leaf
  NodeID Sibling() const { return {level, index ^ 1}; }
  NodeID Parent() const { return {level + 1, index >> 1}; }
  auto operator<=>(const NodeID&) const = default;
};

}  // namespace orelog::merkle
