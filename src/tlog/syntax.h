// Lexical rules shared by the C2SP text formats in this folder (signed note,
// checkpoint, tlog-proof, witness bodies). Internal to src/tlog: other modules
// use the format headers, not this one.
//
// Every check returns InvalidArgument with a message that names what was
// being parsed (`what`) and where (line number or byte offset), so a caller
// can show it to an operator unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "base/bytes.h"
#include "base/sha256.h"
#include "orelog/status.h"

namespace orelog::tlog::syntax {

// Tree sizes, indexes and timestamps are capped at 2^63 - 1 by the specs
// (tlog-cosignature states it; we apply it everywhere so values fit int64).
inline constexpr uint64_t kMaxUint63 = (uint64_t{1} << 63) - 1;

// Decodes the UTF-8 code point at s[*pos] and advances *pos past it. Strict
// RFC 3629: rejects overlong forms, surrogates and code points > U+10FFFF.
// Returns false (leaving *pos unchanged) on invalid input.
bool NextCodePoint(std::string_view s, size_t* pos, char32_t* cp);

// White space as Go's unicode.IsSpace defines it (what the reference
// signed-note implementation uses): ASCII \t \n \v \f \r and space, U+0085,
// U+00A0 and the Unicode Z categories.
bool IsUnicodeSpace(char32_t cp);

// The signed-note character rule: valid UTF-8 and no control character below
// U+0020 other than '\n'.
Status CheckNoteText(std::string_view s, std::string_view what);

// Key names (signed-note): non-empty, valid UTF-8, no Unicode space, no '+',
// and (stricter than the spec's MUST, as the rest of the note already
// forbids them) no control characters (C0, DEL, C1).
Status CheckKeyName(std::string_view name);

// ASCII decimal without sign or leading zeros ("0" alone is fine), <= max.
Result<uint64_t> ParseDecimal(std::string_view s, uint64_t max, std::string_view what);

// RFC 4648 §4 base64 in its one canonical spelling: the text must be exactly
// what Base64Encode produces for the decoded bytes.
Result<Bytes> ParseBase64(std::string_view s, std::string_view what);

// A base64 SHA-256 hash: canonical base64 of exactly 32 bytes.
Result<Hash> ParseBase64Hash(std::string_view s, std::string_view what);

// Reads a text line by line. Every line must end in '\n'. Errors read
// "<context> line <n> (<what>) is missing" and the like.
class LineReader {
 public:
  LineReader(std::string_view text, std::string context) : rest_(text), context_(std::move(context)) {}

  bool done() const { return rest_.empty(); }
  // 1-based number of the line last returned by Next (0 before the first).
  size_t line_number() const { return line_; }
  // The unread remainder of the text.
  std::string_view rest() const { return rest_; }

  // The next line without its '\n'. InvalidArgument naming `what` if the
  // text is exhausted or the line is not newline-terminated.
  Result<std::string_view> Next(std::string_view what);

 private:
  std::string Where(std::string_view what) const;

  std::string_view rest_;
  std::string context_;
  size_t line_ = 0;
};

}  // namespace orelog::tlog::syntax
