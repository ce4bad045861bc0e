// Offline check of a c2sp.org/tlog-proof@v1 inclusion proof, shared by
// verify-proof and verify-event.
#pragma once

#include "base/bytes.h"
#include "orelog/status.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"
#include "tlog/proof_text.h"

namespace orelog::cli {

// The checkpoint the proof is against, if its note is signed by `vkey` for
// that key's log and `entry` is included at the proof's index;
// VerificationFailed (or the parse error) otherwise.
Result<tlog::Checkpoint> VerifyInclusionOffline(const tlog::InclusionProofText& proof, const tlog::VerifierKey& vkey,
                                                ByteView entry);

}  // namespace orelog::cli
