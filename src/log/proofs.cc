#include "log/proofs.h"

#include "merkle/multi_proof.h"
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

Result<std::vector<Hash>> MultiInclusionProof(store::LogReader& reader, merkle::Hasher& hasher,
                                              std::span<const uint64_t> indices, uint64_t tree_size) {
  ORELOG_ASSIGN_OR_RETURN(std::vector<merkle::LeafRange> ranges, merkle::MultiInclusionRanges(indices, tree_size));
  std::vector<merkle::NodeID> ids;
  std::vector<size_t> ends;  // ranges[i]'s nodes are ids[ends[i-1] .. ends[i])
  ends.reserve(ranges.size());
  for (const merkle::LeafRange& r : ranges) {
    for (merkle::NodeID id : merkle::PerfectCover(r)) ids.push_back(id);
    ends.push_back(ids.size());
  }
  ORELOG_ASSIGN_OR_RETURN(std::vector<Hash> nodes, reader.NodeHashes(ids));
  std::vector<Hash> proof;
  proof.reserve(ranges.size());
  size_t begin = 0;
  for (size_t end : ends) {
    Hash h = nodes[end - 1];  // fold right to left
    for (size_t i = end - 1; i-- > begin;) h = hasher.HashChildren(nodes[i], h);
    proof.push_back(h);
    begin = end;
  }
  return proof;
}

Result<std::vector<Hash>> ConsistencyProof(store::LogReader& reader, merkle::Hasher& hasher, uint64_t size1,
                                           uint64_t size2) {
  ORELOG_ASSIGN_OR_RETURN(merkle::ProofNodes nodes, merkle::ConsistencyProofNodes(size1, size2));
  return Build(reader, hasher, nodes);
}

}  // namespace orelog::log
