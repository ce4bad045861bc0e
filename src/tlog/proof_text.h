// Text forms of Merkle proofs, for printing by the CLI and reading back.
//
// (a) Inclusion proof as c2sp.org/tlog-proof@v1 (a ".tlog-proof" file):
//
//   proof      = "c2sp.org/tlog-proof@v1\n"
//                [ "extra " base64(extra) "\n" ]   ; opaque, unauthenticated
//                "index " decimal "\n"             ; 0-based leaf index
//                *63(base64(hash) "\n")            ; leaf's sibling first
//                "\n"
//                checkpoint-note                   ; signed note, verbatim,
//                                                  ; cosignatures included
//
// (b) Consistency proof in the tlog-witness add-checkpoint body style
//     (the part before the blank line and the checkpoint):
//
//   consistency = "old " decimal "\n" *63(base64(hash) "\n")
//
// decimal: no leading zeros ("0" alone is fine), <= 2^63-1. base64: RFC 4648
// §4, canonical, each hash exactly 32 bytes. Parsing checks structure only
// (the checkpoint note must parse as a note whose text is a checkpoint); the
// caller verifies signatures and the proof itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/sha256.h"
#include "orelog/status.h"

namespace orelog::tlog {

// At most 63 hashes: trees hold at most 2^63-1 leaves.
inline constexpr size_t kMaxProofHashes = 63;

struct InclusionProofText {
  uint64_t index = 0;
  std::optional<Bytes> extra;
  std::vector<Hash> proof;
  std::string checkpoint_note;  // the whole signed checkpoint

  // Precondition: index <= 2^63-1, proof.size() <= kMaxProofHashes and
  // checkpoint_note is a signed checkpoint; then Parse(Format()) == *this.
  std::string Format() const;
  static Result<InclusionProofText> Parse(std::string_view text);

  bool operator==(const InclusionProofText&) const = default;
};

struct ConsistencyProofText {
  uint64_t old_size = 0;
  std::vector<Hash> proof;

  // Precondition: old_size <= 2^63-1, proof.size() <= kMaxProofHashes.
  std::string Format() const;
  static Result<ConsistencyProofText> Parse(std::string_view text);

  bool operator==(const ConsistencyProofText&) const = default;
};

}  // namespace orelog::tlog
