// The strict JSON reader of the capture path.
//
// EPCIS documents arrive as JSON text; before anything is validated, hashed
// or stored, the text is read under rules that keep every value exact:
//   - RFC 8259 JSON only (no comments, no trailing commas), UTF-8 checked;
//   - nesting at most kMaxJsonDepth levels;
//   - no object with two members of the same name (JSON leaves the meaning
//     open; we refuse rather than pick one);
//   - every number is exact: a number token must denote exactly the decimal
//     of the shortest round-trip form of the double nearest to it, so
//     "12.50", "1250e-2" and "12.5" are accepted (they are the same decimal)
//     but "0.10000000000000001" or 2^53+1 are refused instead of being
//     rounded. Doubles are converted with std::from_chars (correctly
//     rounded), never with the JSON library's own conversion.
// A number that passes is carried as a double whose shortest form
// (epcis::FormatNumber, CanonicalNumber) is the client's decimal, so hashes,
// leaves and stored forms all hold the value the client sent.
//
// Pure; nothing throws. Errors are InvalidArgument; JsonError::pointer names
// the member at fault (RFC 6901) when there is one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "orelog/status.h"

namespace orelog::epcis {

inline constexpr size_t kMaxJsonDepth = 64;

struct JsonError {
  std::string pointer;  // "" for the document or a syntax error
  size_t offset = 0;    // byte offset in the text where the error was found
};

// Parses `text` under the rules above. On failure, `error` (if given) says
// where.
Result<boost::json::value> ParseStrictJson(std::string_view text, JsonError* error = nullptr);

// True if the decimal number written in `text` (JSON number grammar) is
// exactly the value of the shortest round-trip form of `d`.
bool IsExactDecimalOf(std::string_view text, double d);

// Appends `token` to `pointer` as one RFC 6901 reference token (~ -> ~0, / -> ~1).
void AppendPointerToken(std::string& pointer, std::string_view token);

}  // namespace orelog::epcis
