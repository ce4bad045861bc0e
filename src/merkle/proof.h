// Proof generation as "which nodes are needed" + "rehash": the pure part of
// serving RFC 9162 inclusion and consistency proofs. A store fetches the
// hashes of the listed perfect-subtree nodes (from tiles, a cache, ...) and
// Rehash turns them into the proof.
//
// RFC 9162 proofs can contain the hash of an imperfect subtree on the right
// border of the tree. Such a hash is not stored anywhere; it is listed here as
// the run of perfect nodes [ephem_begin, ephem_end) of `ids` which Rehash folds
// into one hash (right to left). The run is listed right to left, smallest
// subtree first, like the bottom-up proof itself; a lone perfect node on the
// border is not marked as a run.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "merkle/hasher.h"
#include "merkle/node_id.h"
#include "orelog/status.h"

namespace orelog::merkle {

struct ProofNodes {
  std::vector<NodeID> ids;  // in proof order, after expanding the ephemeral node
  size_t ephem_begin = 0;   // [ephem_begin, ephem_end) fold into one proof hash
  size_t ephem_end = 0;     // empty range: no folding needed
};

// Nodes for the inclusion proof of leaf `index` in a tree of `size` leaves.
// InvalidArgument unless index < size.
Result<ProofNodes> InclusionProofNodes(uint64_t index, uint64_t size);

// Nodes for the consistency proof between sizes `size1` and `size2`.
// InvalidArgument unless 0 < size1 <= size2; size1 == size2 yields no nodes.
Result<ProofNodes> ConsistencyProofNodes(uint64_t size1, uint64_t size2);

// Turns the fetched hashes (one per nodes.ids entry, same order) into the
// proof. InvalidArgument if the count does not match.
Result<std::vector<Hash>> Rehash(Hasher& hasher, const ProofNodes& nodes,
                                 std::span<const Hash> hashes);

}  // namespace orelog::merkle
