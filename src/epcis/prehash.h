// The pre-hash renderer behind event_hash.h (internal to src/epcis).
//
// RenderPreHash appends an event's pre-hash string to a caller's buffer in
// one walk of the event: no per-field strings, no map copies. Callers that
// hash many events keep one PrefixScope and one output buffer.
#pragma once

#include <string>
#include <vector>

#include <boost/json/fwd.hpp>

#include "epcis/event_hash.h"
#include "epcis/vocabulary.h"
#include "orelog/status.h"

namespace orelog::epcis {

// Initial capacity for a pre-hash buffer: most events' strings fit, so the
// buffer is allocated once instead of growing by doubling.
inline constexpr size_t kPreHashReserve = 2048;

// Appends the pre-hash string of `event` to `out`. The event's own @context
// prefixes are added to `scope` for this event only (the scope is restored
// before returning, also on error). If `part_ends` is not null, the end
// offset in `out` of each top-level part (see PreHashParts) is appended to
// it. On error, `out` and `part_ends` hold unspecified partial output.
Status RenderPreHash(const boost::json::object& event, HashOptions::Order order,
                     PrefixScope& scope, std::string& out, std::vector<size_t>* part_ends);

}  // namespace orelog::epcis
