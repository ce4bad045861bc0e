// Timestamps as instants for time filters and ordering: milliseconds since
// 1970-01-01T00:00:00Z, the precision of the CBV 2.0 normalisation
// (epcis::NormalizeTimestamp rounds to milliseconds, half up).
//
// Pure; no clock.
#pragma once

#include <cstdint>
#include <string_view>

#include "orelog/status.h"

namespace orelog::query {

// RFC 3339 / xsd:dateTime with a zone ("...Z" or "...±hh:mm") -> epoch
// milliseconds. "2026-01-01T00:00:00+01:00" and "2025-12-31T23:00:00.000Z"
// give the same instant. Whatever NormalizeTimestamp rejects is
// InvalidArgument here too.
Result<int64_t> InstantMillis(std::string_view timestamp);

}  // namespace orelog::query
