#include "cli/proof_check.h"

#include "merkle/hasher.h"
#include "merkle/verify.h"

namespace orelog::cli {

Result<tlog::Checkpoint> VerifyInclusionOffline(const tlog::InclusionProofText& proof, const tlog::VerifierKey& vkey,
                                                ByteView entry) {
  const tlog::VerifierKey verifiers[] = {vkey};
  auto opened = tlog::OpenNote(proof.checkpoint_note, verifiers);
  if (!opened.ok()) return opened.status().With("checkpoint");
  auto cp = tlog::ParseCheckpoint(opened->text);
  if (!cp.ok()) return cp.status().With("checkpoint");
  if (cp->origin != vkey.name) {
    return Status::Unverified("checkpoint origin '" + cp->origin + "' is not the key's log '" + vkey.name + "'");
  }
  merkle::Hasher hasher;
  ORELOG_RETURN_IF_ERROR(merkle::VerifyInclusion(hasher, proof.index, cp->size, hasher.HashLeaf(entry), proof.proof, cp->root));
  return cp;
}

}  // namespace orelog::cli
