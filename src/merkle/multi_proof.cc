#include "merkle/multi_proof.h"

#include <bit>
#include <string>

namespace orelog::merkle {
namespace {

std::string Str(uint64_t v) { return std::to_string(v); }

// The largest power of two strictly below n (n >= 2).
uint64_t Split(uint64_t n) { return std::bit_floor(n - 1); }

Status CheckIndices(std::span<const uint64_t> indices, uint64_t size) {
  if (indices.empty()) return Status::Invalid("a multi-leaf proof needs at least one leaf");
  for (size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] >= size) {
      return Status::Invalid("leaf index " + Str(indices[i]) + " is not below tree size " + Str(size));
    }
    if (i > 0 && indices[i] <= indices[i - 1]) return Status::Invalid("leaf indices are not strictly ascending");
  }
  return Status::Ok();
}

// The walk of the header's rule over [lo, hi), where indices[*next..] are the
// indices not yet passed. Recursion depth is at most 64 (ranges halve).
void Ranges(uint64_t lo, uint64_t hi, std::span<const uint64_t> indices, size_t& next,
            std::vector<LeafRange>& out) {
  if (next >= indices.size() || indices[next] >= hi) {
    out.push_back({lo, hi});
    return;
  }
  if (hi - lo == 1) {
    ++next;  // the leaf itself
    return;
  }
  const uint64_t k = Split(hi - lo);
  Ranges(lo, lo + k, indices, next, out);
  Ranges(lo + k, hi, indices, next, out);
}

struct Walk {
  Hasher& hasher;
  std::span<const uint64_t> indices;
  std::span<const Hash> leaves;
  std::span<const Hash> proof;
  size_t next_leaf = 0;
  size_t next_proof = 0;

  // false: the proof ran out.
  bool Root(uint64_t lo, uint64_t hi, Hash& out) {
    if (next_leaf >= indices.size() || indices[next_leaf] >= hi) {
      if (next_proof >= proof.size()) return false;
      out = proof[next_proof++];
      return true;
    }
    if (hi - lo == 1) {
      out = leaves[next_leaf++];
      return true;
    }
    const uint64_t k = Split(hi - lo);
    Hash left, right;
    if (!Root(lo, lo + k, left) || !Root(lo + k, hi, right)) return false;
    out = hasher.HashChildren(left, right);
    return true;
  }
};

}  // namespace

Result<std::vector<LeafRange>> MultiInclusionRanges(std::span<const uint64_t> indices, uint64_t size) {
  ORELOG_RETURN_IF_ERROR(CheckIndices(indices, size));
  std::vector<LeafRange> out;
  size_t next = 0;
  Ranges(0, size, indices, next, out);
  return out;
}

std::vector<NodeID> PerfectCover(LeafRange range) {
  std::vector<NodeID> out;
  uint64_t lo = range.begin;
  while (lo < range.end) {
    const uint64_t n = range.end - lo;
    // A perfect range is one node; otherwise its left part (the largest power
    // of two below n) is perfect and aligned, and the rest is split again.
    const uint64_t k = std::has_single_bit(n) ? n : Split(n);
    const auto level = static_cast<uint32_t>(std::countr_zero(k));
    out.push_back({level, lo >> level});
    lo += k;
  }
  return out;
}

Result<Hash> RootFromMultiInclusion(Hasher& hasher, uint64_t size, std::span<const uint64_t> indices,
                                    std::span<const Hash> leaf_hashes, std::span<const Hash> proof) {
  ORELOG_RETURN_IF_ERROR(CheckIndices(indices, size));
  if (leaf_hashes.size() != indices.size()) {
    return Status::Invalid(Str(indices.size()) + " leaf indices but " + Str(leaf_hashes.size()) + " leaf hashes");
  }
  Walk walk{hasher, indices, leaf_hashes, proof};
  Hash root;
  if (!walk.Root(0, size, root)) {
    return Status::Unverified("multi-leaf inclusion proof is too short (" + Str(proof.size()) + " hashes)");
  }
  if (walk.next_proof != proof.size()) {
    return Status::Unverified("multi-leaf inclusion proof is too long: " + Str(proof.size() - walk.next_proof) +
                              " hashes left over");
  }
  return root;
}

Status VerifyMultiInclusion(Hasher& hasher, uint64_t size, std::span<const uint64_t> indices,
                            std::span<const Hash> leaf_hashes, std::span<const Hash> proof, const Hash& root) {
  ORELOG_ASSIGN_OR_RETURN(Hash computed, RootFromMultiInclusion(hasher, size, indices, leaf_hashes, proof));
  if (computed != root) {
    return Status::Unverified("multi-leaf inclusion proof of " + Str(indices.size()) +
                              " leaves leads to a root other than the tree of size " + Str(size) + "'s");
  }
  return Status::Ok();
}

}  // namespace orelog::merkle
