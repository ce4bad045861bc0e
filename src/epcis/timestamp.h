// Timestamp rules of the CBV 2.0 event hash (CBV 2.0 §8.9).
//
// Pure functions over RFC 3339 / xsd:dateTime text; no clock, no locale.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "orelog/status.h"

namespace orelog::epcis {

// "YYYY-MM-DDThh:mm:ss[.f+](Z|±hh:mm)" -> the same instant in UTC as
// "YYYY-MM-DDThh:mm:ss.mmmZ": exactly three fraction digits, rounded half
// up on the fourth digit (".1415" -> ".142", ".9995" carries into the
// seconds and beyond). A missing zone, a bad field, an offset beyond ±14:00
// or a result outside years 0001-9999 is InvalidArgument.
Result<std::string> NormalizeTimestamp(std::string_view text);
// The same, appended to `out` (unchanged on error).
Status AppendNormalizedTimestamp(std::string_view text, std::string& out);

// Milliseconds since 1970-01-01T00:00:00Z as "YYYY-MM-DDThh:mm:ss.mmmZ" (the
// form NormalizeTimestamp produces, which sorts as the instants do); nullopt
// outside years 0001-9999.
std::optional<std::string> FormatUtcMillis(int64_t ms);

// Validates an eventTimeZoneOffset ("Z" is not allowed: ±hh:mm, |offset| <=
// 14:00). The hash keeps the offset verbatim, so this only checks it.
Status ValidateTimeZoneOffset(std::string_view text);

}  // namespace orelog::epcis
