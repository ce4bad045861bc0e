// RFC 8785 JSON Canonicalization Scheme (JCS) for Boost.JSON values.
//
//   - object members sorted by the UTF-16 code units of their names;
//   - strings escaped as JCS/ECMAScript JSON.stringify does: \" \\ \b \f \n
//     \r \t, other controls as \u00xx (lowercase hex), everything else as
//     literal UTF-8;
//   - numbers in the ECMAScript Number-to-String form (shortest round trip).
//     int64/uint64 values beyond ±2^53 are rejected rather than rounded.
//
// The leaf format (docs/leaf-format.md) forbids number tokens altogether;
// this module does not: it is plain JCS.
//
// Pure; nothing throws. Errors (invalid UTF-8, non-finite or inexact
// numbers, nesting deeper than kMaxCanonicalDepth) are InvalidArgument.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/fwd.hpp>
#include <boost/json/storage_ptr.hpp>

#include "orelog/status.h"

namespace orelog::epcis {

inline constexpr int kMaxCanonicalDepth = 64;

// The JCS serialisation of `value`.
Result<std::string> CanonicalJson(const boost::json::value& value);

// The JCS form of one number (int64, uint64 or double value).
Result<std::string> CanonicalNumber(const boost::json::value& number);

// Parses `text` (strict JSON, depth ≤ kMaxCanonicalDepth) and returns its JCS
// form. Integer tokens beyond ±2^53 are read as the doubles they denote, as
// JCS defines, so that the output canonicalises to itself. Convenience for
// tests, fuzzing and the CLI.
Result<std::string> CanonicalizeText(std::string_view text);

// Parses `text` as strict JSON with the same depth limit (no exceptions).
// Every non-integer number token (and every integer token beyond the 64-bit
// range) becomes the double nearest to its decimal value, correctly rounded
// (Boost.JSON 1.81's own conversion is not), so the JCS form of a parsed
// text parses back to the same doubles. The value's memory comes from `sp`
// (the default resource unless given). Defined in json_parse.cc.
Result<boost::json::value> ParseJson(std::string_view text, boost::json::storage_ptr sp = {});

}  // namespace orelog::epcis
