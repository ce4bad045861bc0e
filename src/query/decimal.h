// Exact decimal numbers for query comparisons (GE_quantity, GE_value_KGM,
// ...). Ledger amounts never pass through binary floating point here: a
// query value is parsed from its text, an event's JSON number is compared via
// the shortest round-trip text the event hash also uses (epcis::FormatNumber),
// so "25000.50" in a query equals 25000.5 in an event, and 0.1 equals 0.1.
//
// Pure; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/fwd.hpp>

#include "orelog/status.h"

namespace orelog::query {

// (-1)^negative * digits * 10^exponent. Canonical: `digits` has no leading
// or trailing zeros (trailing zeros move into `exponent`); zero is empty
// digits, exponent 0, not negative. Equal values have equal members.
struct Decimal {
  bool negative = false;
  std::string digits;
  int64_t exponent = 0;

  bool operator==(const Decimal&) const = default;
};

// Longest decimal text accepted (digits, sign, point and exponent).
inline constexpr size_t kMaxDecimalText = 64;

// JSON number syntax: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, also
// with leading zeros in the integer part ("007" is 7). At most
// kMaxDecimalText characters; |exponent| at most 9999. Anything else is
// InvalidArgument.
Result<Decimal> ParseDecimal(std::string_view text);

// <0, 0, >0 as a is less than, equal to, greater than b.
int CompareDecimal(const Decimal& a, const Decimal& b);

// A JSON number as an exact decimal (via epcis::FormatNumber); nullopt for
// anything that is not a number.
std::optional<Decimal> JsonDecimal(const boost::json::value& v);

// Plain text of a decimal ("-12.5", "0", "1E+30" style never: always
// positional). For messages and tests.
std::string ToString(const Decimal& d);

}  // namespace orelog::query
