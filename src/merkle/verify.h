// RFC 9162 §2.1.3.2 and §2.1.4.2 proof verification. Pure.
//
// Conventions (those of the public transparency-dev/merkle vectors):
// index >= size fails; a consistency proof from size 0 fails ("meaningless");
// size1 == size2 requires an empty proof and equal roots; size1 > size2 fails.
// Every failure is VerificationFailed (or InvalidArgument for malformed
// parameters) with a message naming what did not match.
#pragma once

#include <cstdint>
#include <span>

#include "merkle/hasher.h"
#include "orelog/status.h"

namespace orelog::merkle {

// Root implied by an inclusion proof, for callers that compare it themselves.
Result<Hash> RootFromInclusionProof(Hasher& hasher, uint64_t index, uint64_t size,
                                    const Hash& leaf_hash, std::span<const Hash> proof);

Status VerifyInclusion(Hasher& hasher, uint64_t index, uint64_t size, const Hash& leaf_hash,
                       std::span<const Hash> proof, const Hash& root);

Status VerifyConsistency(Hasher& hasher, uint64_t size1, uint64_t size2,
                         std::span<const Hash> proof, const Hash& root1, const Hash& root2);

}  // namespace orelog::merkle
