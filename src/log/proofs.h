// Proofs served from any LogReader: the pure proof core says which nodes it
// needs, the reader fetches their hashes from tiles, Rehash builds the proof.
#pragma once

#include <cstdint>
#include <vector>

#include "merkle/hasher.h"
#include "store/log_store.h"

namespace orelog::log {

// RFC 9162 inclusion proof of leaf `index` in the tree of `tree_size` leaves.
Result<std::vector<Hash>> InclusionProof(store::LogReader& reader, merkle::Hasher& hasher, uint64_t index,
                                         uint64_t tree_size);

// Multi-leaf inclusion proof (merkle/multi_proof.h) of the strictly
// ascending `indices` in the tree of `tree_size` leaves: one node read for
// all leaves.
Result<std::vector<Hash>> MultiInclusionProof(store::LogReader& reader, merkle::Hasher& hasher,
                                              std::span<const uint64_t> indices, uint64_t tree_size);

// RFC 9162 consistency proof between tree sizes `size1` (> 0) and `size2`.
Result<std::vector<Hash>> ConsistencyProof(store::LogReader& reader, merkle::Hasher& hasher, uint64_t size1,
                                           uint64_t size2);

}  // namespace orelog::log
