#include "log/proofs.h"

#include "merkle/proof.h"

namespace orelog::log {
namespace {

Result<std::vector<Hash>> Build(store::LogReader& reader, merkle::Hasher& hasher, const merkle::ProofNodes& nodes) {
  ORELOG_ASSIGN_OR_RETURN(std::vector<Hash> hashes, reader.NodeHashes(nodes.ids));
  return merkle::Rehash(hasher, nodes, hashes);
}

}  // namespace

Result<std::vector<Hash>> InclusionProof(store::LogReader& reader, merkle::Hasher& hasher, uint64_t index,
                                         uint64_t tree_size) {
  ORELOG_ASSIGN_OR_RETURN(merkle::ProofNodes nodes, merkle::InclusionProofNodes(index, tree_size));
  return Build(reader, hasher, nodes);
}

Result<std::vector<Hash>> ConsistencyProof(store::LogReader& reader, merkle::Hasher& hasher, uint64_t size1,
                                           uint64_t size2) {
  ORELOG_ASSIGN_OR_RETURN(merkle::ProofNodes nodes, merkle::ConsistencyProofNodes(size1, size2));
  return Build(reader, hasher, nodes);
}

}  // namespace orelog::log
