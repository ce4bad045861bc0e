// The reference semantics of an EventQuery over one event: what GET /events
// must return, whatever index the store uses to get there.
//
// Different parameters AND; the '|' alternatives of one parameter OR. A
// parameter on a member the event lacks does not match (EQ_bizStep needs a
// bizStep, MATCH_epc an epcList or childEPCs, GE_recordTime a recordTime).
// Paging parameters (orderBy, perPage, nextPageToken, eventCountLimit,
// maxEventCount) do not filter.
//
// Pure; no I/O.
#pragma once

#include <boost/json/fwd.hpp>

#include "epcis/vocabulary.h"
#include "query/event_view.h"
#include "query/query.h"

namespace orelog::query {

// `ns` are the namespaces the event was captured with (its @context), used
// to expand CURIEs in its values and member names.
bool Matches(const EventQuery& q, const boost::json::object& event, const epcis::Namespaces& ns);
bool Matches(const EventQuery& q, const EventView& event);

// One identifier against one MATCH_ value: equal, or for a pattern, equal to
// or an extension of the key the pattern fixes.
bool IdMatches(const IdMatch& m, std::string_view id);

}  // namespace orelog::query
