// An event as the query sees it: the members queries filter on, each value
// normalised the way query values are (CBV Web URIs, canonical Digital
// Links, epoch milliseconds, exact decimals). Matches and IndexTerms both
// read events through this view, so they cannot disagree on a spelling.
//
// Events are taken as captured (EPCIS 2.0 JSON-LD, already validated). A
// value that does not normalise (which validation should have prevented) is
// kept as written, with CURIEs expanded: it then only equals itself.
//
// Pure; no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "epcis/vocabulary.h"
#include "query/decimal.h"

namespace orelog::query {

struct QuantityView {
  std::string epc_class;  // normalised identifier
  std::optional<Decimal> quantity;
  std::optional<std::string> uom;
};

struct ReportView {
  std::optional<std::string> chemical_substance;  // CURIE expanded
  std::optional<std::string> uom;
  std::map<std::string, Decimal, std::less<>> numbers;  // value, minValue, maxValue, meanValue, sDev, percValue
};

struct TypedId {
  std::string type;  // normalised type ("" when the member has none)
  std::string id;    // normalised identifier
};

struct EventView {
  std::string type;  // "ObjectEvent", ... or an expanded extension type URI
  std::optional<std::string> event_id, action, biz_step, disposition, read_point, biz_location;
  std::optional<int64_t> event_time, record_time;  // epoch ms
  std::vector<std::string> epcs;                   // epcList and childEPCs
  std::optional<std::string> parent_id;
  std::vector<std::string> input_epcs, output_epcs;
  std::vector<QuantityView> quantities;  // quantityList and childQuantityList
  std::vector<QuantityView> input_quantities, output_quantities;
  std::vector<TypedId> biz_transactions, sources, destinations;
  std::vector<ReportView> reports;  // every sensorReport of every sensorElement
  // Names of the present, non-null top-level members: as written and, for
  // CURIEs, also expanded.
  std::vector<std::string> fields;
};

EventView ViewEvent(const boost::json::object& event, const epcis::Namespaces& ns);

// The shared normalisers. Identifier: CURIE expansion, then EPC URN or
// Digital Link -> canonical Digital Link, other URIs unchanged.
Result<std::string> NormalizeIdentifierValue(std::string_view value, const epcis::Namespaces& ns);
// Event side: the normalised value, or the CURIE-expanded text if it fails.
std::string EventIdentifier(std::string_view value, const epcis::Namespaces& ns);
std::string EventVocabulary(epcis::Vocab vocab, std::string_view value, const epcis::Namespaces& ns);
// An event type: the five standard names stay bare, anything else is
// CURIE-expanded.
std::string EventTypeName(std::string_view value, const epcis::Namespaces& ns);

}  // namespace orelog::query
