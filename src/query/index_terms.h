// Index support for the event store: so that MATCH_epc over a million
// events is an index lookup, not a scan.
//
// The store keeps, per event, the rows (term, event) for IndexTerms(event),
// and answers a query by fetching the events under ProbeTerms(query) (a
// union), then filtering them with Matches. Terms are normalised exactly as
// queries are, so equivalent spellings meet.
//
// CONTRACT: if Matches(q, e) then ProbeTerms(q) is nullopt (scan) or shares
// at least one term with IndexTerms(e). The probe may return events that
// do not match (the filter removes them); it never misses one that does.
//
// Term grammar ("<kind>:<normalised value>"; <t> a normalised type URI;
// the space cannot occur inside a URI):
//   eventType:<type>  eventID:<id>  bizStep:<uri>  disposition:<uri>
//   readPoint:<id>  bizLocation:<id>  epc:<id> (epcList, childEPCs)
//   parent:<id>  in:<id>  out:<id>  class:<id> (quantityList,
//   childQuantityList)  inClass:<id>  outClass:<id>  bt:<t> <id>
//   src:<t> <id>  dst:<t> <id>  chem:<uri>
// Not indexed: action, times (the store orders/ranges on SortKey columns),
// quantities, sensor values, EXISTS_.
//
// Pure; no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/fwd.hpp>

#include "epcis/vocabulary.h"
#include "query/event_view.h"
#include "query/query.h"

namespace orelog::query {

// Sorted, without duplicates.
std::vector<std::string> IndexTerms(const boost::json::object& event, const epcis::Namespaces& ns);
std::vector<std::string> IndexTerms(const EventView& event);

// The alternatives of the most selective indexable parameter present, as
// terms (sorted, without duplicates), or nullopt if no parameter can be
// probed. Order of preference: EQ_eventID; MATCH_epc, MATCH_parentID,
// MATCH_inputEPC, MATCH_outputEPC, MATCH_anyEPC; EQ_bizTransaction_*;
// MATCH_*Class; EQ_source_*/EQ_destination_*; EQ_chemicalSubstance;
// EQ_bizLocation, EQ_readPoint; EQ_disposition, EQ_bizStep; eventType.
// Within one rank the parameter with the fewest terms wins. A MATCH_
// parameter with any pattern alternative is not probed.
std::optional<std::vector<std::string>> ProbeTerms(const EventQuery& q);

}  // namespace orelog::query
