// Ordering and paging of query results (the reference the store's SQL must
// agree with).
//
// Order: by the query's OrderBy instant (eventTime or recordTime, epoch ms)
// then by the caller's tie-breaker (the log index), both in the query's
// direction; in capture order by the tie-breaker alone. A page holds the
// first perPage candidates strictly after the token's position; the next
// token names the last of them and is issued only if more candidates follow
// (and eventCountLimit is not reached).
//
// Pure; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "orelog/status.h"
#include "query/page_token.h"
#include "query/query.h"

namespace orelog::query {

// The sort key of an event under q's order. InvalidArgument if the event
// lacks a valid ordering timestamp (the store must set recordTime before
// it orders by it).
Result<SortKey> SortKeyOf(const EventQuery& q, const boost::json::object& event, uint64_t index);

// True if `a` comes before `b` in q's order.
bool Before(const EventQuery& q, const SortKey& a, const SortKey& b);

// True if `k` belongs after the page token's position (always, without one).
bool AfterToken(const EventQuery& q, const SortKey& k);

struct Page {
  std::vector<SortKey> keys;              // this page, in order
  std::optional<std::string> next_token;  // nullopt on the last page
  // More candidates than maxEventCount: answer 413 QueryTooLargeException
  // instead of a page (keys and next_token are then empty).
  bool too_large = false;
};

// `candidates`: the keys of all events that match q (any order; those at or
// before the token's position are skipped, so the caller may also pass only
// the ones after it).
Page SelectPage(const EventQuery& q, std::vector<SortKey> candidates);

// The query string of the next page: `query_string` with any nextPageToken
// parameter dropped and nextPageToken=<token> appended (a token is base64url
// and needs no escaping). For the Link: <...>; rel="next" header.
std::string NextPageQuery(std::string_view query_string, std::string_view token);

}  // namespace orelog::query
