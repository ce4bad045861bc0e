// JSON views of the custody book for the HTTP API (docs/api.md "Custody").
// Pure. Figures are integers in milligrams ("…Mg"); tonnes, kilograms and
// percentages are decimal strings for people, each rounded half to even at
// the stated number of decimals (the "rounding" member says so).
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "custody/book.h"
#include "custody/flags.h"
#include "orelog/status.h"

namespace orelog::custody {

// NotFound for an unknown lot.
Result<boost::json::object> LotJson(const Book& book, std::string_view lot);

enum class Direction { kUpstream, kDownstream };
// The genealogy to `depth` levels (1..64), with the event behind each edge.
Result<boost::json::object> TraceJson(const Book& book, std::string_view lot, Direction direction, int depth);

// Origin shares by contained metal per element, each explained by the
// inputs it came through; exposure by stage and country; the covered-country
// verdict with its evidence; the chain-of-custody model of the flow that made it.
Result<boost::json::object> OriginJson(const Book& book, std::string_view lot);

// Per transformation and per site and month, [from_ms, to_ms).
boost::json::object BalancesJson(const Book& book, std::string_view site, int64_t from_ms, int64_t to_ms);

Result<boost::json::object> SettlementJson(const Book& book, std::string_view shipment);

struct FlagFilter {
  std::string kind, lot, subject, state;  // empty: any; state "open" | "resolved"
  int max_severity = 3;
};
// `flags`: ComputeFlags of the caller's book, or PublicFlags for the public.
boost::json::object FlagsJson(const std::vector<Flag>& flags, const FlagFilter& filter);

}  // namespace orelog::custody
