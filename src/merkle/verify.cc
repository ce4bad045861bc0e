#include "merkle/verify.h"

#include <bit>
#include <string>

#include "merkle/proof_shape.h"

namespace orelog::merkle {
namespace {

std::string Str(uint64_t v) { return std::to_string(v); }

// RFC 9162's "right-shift fn and sn equally until LSB(fn) is set or fn is 0".
void ShiftToNextRightChild(uint64_t& fn, uint64_t& sn) {
  while ((fn & 1) == 0 && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

Result<Hash> RootFromInclusionProof(Hasher& hasher, uint64_t index, uint64_t size,
                                    const Hash& leaf_hash, std::span<const Hash> proof) {
  if (index >= size) {
    return Status::Invalid("leaf index " + Str(index) + " is not below tree size " + Str(size));
  }
  // The length is fixed by (index, size); checking it first gives a clear
  // message and bounds the work on hostile input. The RFC loop below would
  // reject a wrong length too.
  const size_t want = internal::ShapeOfPath(0, index, size).length();
  if (proof.size() != want) {
    return Status::Unverified("inclusion proof for leaf " + Str(index) + " in tree of size " +
                              Str(size) + " has " + Str(proof.size()) + " hashes, want " +
                              Str(want));
  }
  // RFC 9162 §2.1.3.2, step by step.
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return Status::Unverified("inclusion proof is too long");
    if ((fn & 1) != 0 || fn == sn) {
      r = hasher.HashChildren(p, r);
      ShiftToNextRightChild(fn, sn);
    } else {
      r = hasher.HashChildren(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::Unverified("inclusion proof is too short");
  return r;
}

Status VerifyInclusion(Hasher& hasher, uint64_t index, uint64_t size, const Hash& leaf_hash,
                       std::span<const Hash> proof, const Hash& root) {
  Result<Hash> computed = RootFromInclusionProof(hasher, index, size, leaf_hash, proof);
  if (!computed.ok()) return computed.status();
  if (*computed != root) {
    return Status::Unverified("inclusion proof for leaf " + Str(index) + " leads to a root "
                              "other than the tree of size " + Str(size) + "'s");
  }
  return Status::Ok();
}

Status VerifyConsistency(Hasher& hasher, uint64_t size1, uint64_t size2,
                         std::span<const Hash> proof, const Hash& root1, const Hash& root2) {
  // A proof from the empty tree proves nothing (every tree extends it); the
  // public vectors treat it as an error, so callers must special-case it.
  if (size1 == 0) return Status::Invalid("consistency proof from an empty tree is meaningless");
  if (size1 > size2) {
    return Status::Invalid("consistency proof from size " + Str(size1) + " to smaller size " +
                           Str(size2));
  }
  if (size1 == size2) {
    if (!proof.empty()) {
      return Status::Unverified("consistency proof between equal sizes must be empty, has " +
                                Str(proof.size()) + " hashes");
    }
    if (root1 != root2) return Status::Unverified("roots differ for equal tree sizes");
    return Status::Ok();
  }
  const size_t want = internal::ConsistencyProofLength(size1, size2);
  if (proof.size() != want) {
    return Status::Unverified("consistency proof from size " + Str(size1) + " to " + Str(size2) +
                              " has " + Str(proof.size()) + " hashes, want " + Str(want));
  }

  // RFC 9162 §2.1.4.2, step by step. Step 2 prepends root1 when size1 is a
  // power of two; `at` does so without copying the proof.
  const bool prepend = std::has_single_bit(size1);
  const size_t count = proof.size() + (prepend ? 1 : 0);
  auto at = [&](size_t i) -> const Hash& {
    if (prepend) return i == 0 ? root1 : proof[i - 1];
    return proof[i];
  };
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = at(0);
  Hash sr = at(0);
  for (size_t i = 1; i < count; ++i) {
    const Hash& c = at(i);
    if (sn == 0) return Status::Unverified("consistency proof is too long");
    if ((fn & 1) != 0 || fn == sn) {
      fr = hasher.HashChildren(c, fr);
      sr = hasher.HashChildren(c, sr);
      ShiftToNextRightChild(fn, sn);
    } else {
      sr = hasher.HashChildren(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::Unverified("consistency proof is too short");
  if (fr != root1) {
    return Status::Unverified("consistency proof does not lead to the root of size " + Str(size1));
  }
  if (sr != root2) {
    return Status::Unverified("consistency proof does not lead to the root of size " + Str(size2));
  }
  return Status::Ok();
}

}  // namespace orelog::merkle
