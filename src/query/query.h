// The EPCIS 2.0 query of GET /events, parsed from its URL query string
// (EPCIS 2.0 §8.2.7, REST bindings `openapi.yaml`). The grammar, the value
// normalisation and the limits are documented in docs/query.md.
//
// Parsing is strict: an unknown or repeated parameter, or a malformed value,
// is InvalidArgument whose message starts with the parameter's name, e.g.
// "EQ_action: \"SHIPPED\" is not ADD, OBSERVE or DELETE". The HTTP layer
// answers it with 400 epcisException:QueryParameterException.
//
// Values are normalised at parse time exactly as event values are at match
// time (see event_view.h), so equivalent spellings match: CBV bare words,
// URNs and Web URIs; EPC URNs and GS1 Digital Links; timestamps in any
// offset.
//
// Pure; no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "epcis/vocabulary.h"
#include "orelog/status.h"
#include "query/decimal.h"
#include "query/page_token.h"

namespace orelog::query {

inline constexpr uint32_t kDefaultPerPage = 30;
inline constexpr uint32_t kMaxPerPage = 1000;
inline constexpr size_t kMaxParameters = 64;        // distinct parameters in one query
inline constexpr size_t kMaxAlternatives = 256;     // '|'-separated values of one parameter
inline constexpr size_t kMaxQueryText = 16 * 1024;  // bytes of the raw query string

// An identifier or class to match (MATCH_* parameters). `value` is the
// normalised identifier (canonical Digital Link for GS1 keys). A pattern
// (urn:epc:idpat:...:*) has `pattern` set and `value` is the Digital Link of
// the key it fixes; it matches that key and every identifier that extends
// it (serials of a GTIN, lots of a GTIN, assets of a GRAI type, ...).
struct IdMatch {
  std::string value;
  bool pattern = false;

  bool operator==(const IdMatch&) const = default;
};

enum class Cmp { kEq, kGt, kGe, kLt, kLe };

// A numeric condition: <CMP>_<field>[_<uom>]. For quantities field is
// "quantity"; for sensor reports one of value, minValue, maxValue,
// meanValue, sDev, percValue. `values` has one element except for EQ, whose
// '|' alternatives are ORed.
struct NumberCondition {
  std::string parameter;  // as written, for messages
  std::string field;
  std::optional<std::string> uom;
  Cmp cmp = Cmp::kEq;
  std::vector<Decimal> values;
};

// An empty vector or map means "parameter absent"; a present parameter
// always carries at least one alternative.
struct EventQuery {
  std::vector<std::string> event_types;  // bare standard names or expanded URIs
  std::optional<int64_t> ge_event_time, lt_event_time;    // epoch ms
  std::optional<int64_t> ge_record_time, lt_record_time;  // epoch ms
  std::vector<std::string> actions;       // ADD | OBSERVE | DELETE
  std::vector<std::string> biz_steps;     // Web URIs
  std::vector<std::string> dispositions;  // Web URIs
  std::vector<std::string> read_points;   // normalised identifiers
  std::vector<std::string> biz_locations;
  std::vector<std::string> event_ids;     // verbatim
  std::vector<IdMatch> match_epc, match_parent_id, match_input_epc, match_output_epc, match_any_epc;
  std::vector<IdMatch> match_epc_class, match_input_epc_class, match_output_epc_class, match_any_epc_class;
  // Keyed by the normalised type (a Web URI for CBV types); values normalised.
  std::map<std::string, std::vector<std::string>> biz_transactions, sources, destinations;
  std::vector<std::string> exists;  // field names; extension names expanded
  // All quantity conditions must hold for one and the same quantity
  // element; all sensor conditions (chemical substance and values) for one
  // and the same sensorReport.
  std::vector<NumberCondition> quantity_conditions;
  std::vector<std::string> chemical_substances;
  std::vector<NumberCondition> sensor_conditions;

  OrderBy order_by = OrderBy::kCaptureOrder;
  // Default: DESC when orderBy is given (EPCIS), ASC in capture order.
  Direction direction = Direction::kAsc;
  uint32_t per_page = kDefaultPerPage;
  std::optional<uint64_t> event_count_limit;  // total over all pages
  std::optional<uint64_t> max_event_count;    // more matches -> QueryTooLargeException
  std::optional<PageToken> page_token;        // validated against this query
  // 16 hex digits identifying the filters and order (not perPage or the
  // token): what a page token is bound to.
  std::string fingerprint;
};

// Parses the raw query (the part after '?', still percent-encoded).
// Percent-decoding: %XX everywhere; '+' is a literal plus sign, not a space
// (RFC 3986, not HTML forms), so "GE_eventTime=2026-01-01T00:00:00+01:00"
// works unencoded; no valid value contains a space. Empty '&' segments are
// skipped. CURIEs in values are expanded with `ns` (the standard prefixes,
// plus any the client declared, e.g. through GS1-Extensions).
Result<EventQuery> ParseQuery(std::string_view query_string, const epcis::Namespaces& ns);
Result<EventQuery> ParseQuery(std::string_view query_string);  // standard prefixes only

}  // namespace orelog::query
