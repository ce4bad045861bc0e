#include "merkle/compact_range.h"

#include <bit>
#include <string>
#include <utility>

namespace orelog::merkle {
namespace {

// A range over at most 2^64 - 1 leaves has at most 64 roots; reserving that
// once makes Append allocation-free afterwards.
constexpr size_t kMaxRoots = 64;

}  // namespace

Result<CompactRange> CompactRange::FromState(uint64_t size, std::vector<Hash> roots) {
  const auto want = static_cast<size_t>(std::popcount(size));
  if (roots.size() != want) {
    return Status::Invalid("compact range of size " + std::to_string(size) + " needs " +
                           std::to_string(want) + " roots, got " + std::to_string(roots.size()));
  }
  CompactRange range;
  range.size_ = size;
  range.roots_ = std::move(roots);
  return range;
}

void CompactRange::Append(Hasher& hasher, const Hash& leaf_hash, const NodeVisitor& visit) {
  // size_ == 2^64 - 1 cannot grow: the tree would no longer be addressable.
  // No log gets there; callers bound sizes long before.
  if (roots_.capacity() < kMaxRoots) roots_.reserve(kMaxRoots);

  NodeID id{0, size_};
  Hash hash = leaf_hash;
  if (visit) visit(id, hash);
  // Each trailing 1 bit of the old size is a root of the same height as the
  // node being carried up: merge them, like binary addition of 1.
  for (uint64_t carry = size_; (carry & 1) != 0; carry >>= 1) {
    hash = hasher.HashChildren(roots_.back(), hash);
    roots_.pop_back();
    id = id.Parent();
    if (visit) visit(id, hash);
  }
  roots_.push_back(hash);
  ++size_;
}

Hash CompactRange::Root(Hasher& hasher) const {
  if (roots_.empty()) return Hasher::EmptyRoot();
  // The smallest (rightmost) subtrees join first: RFC 9162 splits at the
  // largest power of two, so the right border is the most deeply nested.
  Hash hash = roots_.back();
  for (size_t i = roots_.size() - 1; i-- > 0;) hash = hasher.HashChildren(roots_[i], hash);
  return hash;
}

}  // namespace orelog::merkle
