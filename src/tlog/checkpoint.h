// Checkpoint note text (c2sp.org/tlog-checkpoint@v1.0.0): a log's signed tree
// head, carried as the text of a signed note (tlog/note.h).
//
// Grammar (each line ends in "\n"; the note character rules apply):
//
//   body       = origin "\n" size "\n" root "\n" *(extension "\n")
//   origin     = 1*char                  ; the log identity, e.g. example.com/log
//   size       = "0" / %x31-39 *DIGIT    ; tree size, no leading zeros, <= 2^63-1
//   root       = base64(32-byte RFC 6962 root hash), canonical
//   extension  = 1*char                  ; opaque, NOT RECOMMENDED, non-empty
//
// Example:
//
//   example.com/log/testdata
//   15
//   rKbDipCvhuX1GZ7g5BBe8sA6BbJ7ja/1nk427v383cs=
//
// Cosignatures (tlog/cosignature.h) sign this whole body, extension lines
// included. The body is written once and never changed: signatures are over
// its exact bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/sha256.h"
#include "orelog/status.h"

namespace orelog::tlog {

inline constexpr uint64_t kMaxTreeSize = (uint64_t{1} << 63) - 1;

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;

  // The note text: "origin\nsize\nbase64(root)\n" then "ext\n" per extension.
  // Precondition: Validate() is OK (otherwise the text will not parse back).
  std::string Marshal() const;

  // OK iff Marshal() yields a body ParseCheckpoint accepts and that parses
  // back to these fields: non-empty origin and extensions without "\n" or
  // other control characters, valid UTF-8, size <= kMaxTreeSize.
  Status Validate() const;

  bool operator==(const Checkpoint&) const = default;
};

// Parses a checkpoint body (the note text, not the signed note). Strict:
// InvalidArgument naming the line for anything outside the grammar above.
Result<Checkpoint> ParseCheckpoint(std::string_view text);

}  // namespace orelog::tlog
