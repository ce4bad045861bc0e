// ParseQuery: one handler per parameter family. Every error message starts
// with the parameter's name (the HTTP layer relies on it).
#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include "base/bytes.h"
#include "base/sha256.h"
#include "epcis/gs1_keys.h"
#include "query/event_view.h"
#include "query/instant.h"
#include "query/query.h"
#include "query/query_string.h"

namespace orelog::query {
namespace {

using epcis::Vocab;

constexpr std::array<std::string_view, 5> kEventTypes{"ObjectEvent", "AggregationEvent", "TransactionEvent",
                                                      "TransformationEvent", "AssociationEvent"};

// Top-level members EXISTS_<field> accepts by bare name.
constexpr std::array<std::string_view, 27> kEventFields{
    "eventID",          "eventTime",          "recordTime",         "eventTimeZoneOffset", "errorDeclaration",
    "certificationInfo", "epcList",           "quantityList",       "childEPCs",           "childQuantityList",
    "parentID",         "inputEPCList",       "inputQuantityList",  "outputEPCList",       "outputQuantityList",
    "transformationID", "action",             "bizStep",            "disposition",         "persistentDisposition",
    "readPoint",        "bizLocation",        "bizTransactionList", "sourceList",          "destinationList",
    "sensorElementList", "ilmd"};

// Standard parameters this server does not evaluate (yet): named as such
// rather than "unknown".
constexpr std::array<std::string_view, 26> kUnsupported{
    "WD_readPoint",          "WD_bizLocation",       "EQ_persistentDisposition_set", "EQ_persistentDisposition_unset",
    "EQ_transformationID",   "GE_errorDeclarationTime", "LT_errorDeclarationTime",   "EQ_errorReason",
    "EQ_correctiveEventID",  "EQ_type",              "EQ_deviceID",                  "EQ_dataProcessingMethod",
    "EQ_microorganism",      "EQ_bizRules",          "EQ_stringValue",               "EQ_booleanValue",
    "EQ_hexBinaryValue",     "EQ_uriValue",          "GE_time",                      "LT_time",
    "GE_startTime",          "LT_startTime",         "GE_endTime",                   "LT_endTime",
    "GE_percRank",           "LT_percRank"};

constexpr std::array<std::string_view, 6> kReportNumbers{"value", "minValue", "maxValue",
                                                         "meanValue", "sDev", "percValue"};

template <size_t N>
bool In(const std::array<std::string_view, N>& set, std::string_view v) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

Status Bad(std::string_view param, std::string_view why) {
  return Status::Invalid(std::string(param) + ": " + std::string(why));
}
std::string Quoted(std::string_view v) {
  std::string q(1, '"');  // appended: GCC 12 misreports "x" + std::string (-Wrestrict)
  q.append(v);
  q.push_back('"');
  return q;
}

// An absolute URI: scheme ":" something, no whitespace or characters RFC
// 3986 never allows unencoded.
bool IsUri(std::string_view v) {
  size_t colon = v.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == v.size()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(v[0])) return false;
  for (size_t i = 1; i < colon; ++i) {
    char c = v[i];
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  }
  return v.find_first_of(" <>\"{}\\^`") == std::string_view::npos;
}

bool IsUom(std::string_view u) {
  return u.size() >= 2 && u.size() <= 4 &&
         std::all_of(u.begin(), u.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

Result<std::vector<std::string>> Alternatives(std::string_view param, std::string_view value) {
  std::vector<std::string> out;
  if (value.empty()) return Bad(param, "needs a value");
  while (true) {
    size_t bar = value.find('|');
    std::string_view alt = value.substr(0, bar);
    if (alt.empty()) return Bad(param, "empty alternative between '|'");
    out.emplace_back(alt);
    if (out.size() > kMaxAlternatives) return Bad(param, "more than " + std::to_string(kMaxAlternatives) + " values");
    if (bar == std::string_view::npos) break;
    value.remove_prefix(bar + 1);
  }
  return out;
}

Result<uint64_t> PositiveInteger(std::string_view param, std::string_view v, uint64_t max) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || v.size() > 19 || ec != std::errc() || end != v.data() + v.size() || v[0] == '0' || n > max) {
    return Bad(param, Quoted(v) + " is not an integer from 1 to " + std::to_string(max));
  }
  return n;
}

Result<std::string> Uri(std::string_view param, std::string_view v, const epcis::Namespaces& ns) {
  std::string expanded = epcis::ExpandCurie(v, ns);
  if (!IsUri(expanded)) return Bad(param, Quoted(v) + " is not a URI");
  return expanded;
}

// A URI, normalised like event values (EventIdentifier): an EPC URN or
// Digital Link that does not normalise (a wrong check digit, as in
// openepcis SimpleEventQuery.json's GLN) is kept verbatim and then matches
// only that same text; captured events never hold such values.
Result<std::string> Identifier(std::string_view param, std::string_view v, const epcis::Namespaces& ns) {
  ORELOG_ASSIGN_OR_RETURN(std::string uri, Uri(param, v, ns));
  return EventIdentifier(uri, ns);
}

Result<IdMatch> ParseIdMatch(std::string_view param, std::string_view v, const epcis::Namespaces& ns) {
  if (v.find('*') != std::string_view::npos) {
    if (!v.starts_with("urn:epc:idpat:")) {
      return Bad(param, Quoted(v) + ": '*' is only allowed in urn:epc:idpat: patterns");
    }
    auto dl = epcis::EpcUrnToDigitalLink(v);
    if (!dl.ok()) return Bad(param, dl.status().message());
    return IdMatch{std::move(dl).value(), true};
  }
  ORELOG_ASSIGN_OR_RETURN(std::string id, Identifier(param, v, ns));
  return IdMatch{std::move(id), false};
}

class Parser {
 public:
  explicit Parser(const epcis::Namespaces& ns) : ns_(ns) {}

  Status Add(const std::string& name, const std::string& value) {
    if (name == "eventType") return List(name, value, q_.event_types, &Parser::EventType);
    if (name == "GE_eventTime") return Time(name, value, q_.ge_event_time);
    if (name == "LT_eventTime") return Time(name, value, q_.lt_event_time);
    if (name == "GE_recordTime") return Time(name, value, q_.ge_record_time);
    if (name == "LT_recordTime") return Time(name, value, q_.lt_record_time);
    if (name == "EQ_action") return List(name, value, q_.actions, &Parser::Action);
    if (name == "EQ_bizStep") return List(name, value, q_.biz_steps, &Parser::BizStep);
    if (name == "EQ_disposition") return List(name, value, q_.dispositions, &Parser::Disposition);
    if (name == "EQ_readPoint") return List(name, value, q_.read_points, &Parser::Id);
    if (name == "EQ_bizLocation") return List(name, value, q_.biz_locations, &Parser::Id);
    if (name == "EQ_eventID") return List(name, value, q_.event_ids, &Parser::EventId);
    if (name == "EQ_chemicalSubstance") return List(name, value, q_.chemical_substances, &Parser::PlainUri);
    if (name == "MATCH_epc") return Matches(name, value, q_.match_epc);
    if (name == "MATCH_parentID") return Matches(name, value, q_.match_parent_id);
    if (name == "MATCH_inputEPC") return Matches(name, value, q_.match_input_epc);
    if (name == "MATCH_outputEPC") return Matches(name, value, q_.match_output_epc);
    if (name == "MATCH_anyEPC") return Matches(name, value, q_.match_any_epc);
    if (name == "MATCH_epcClass") return Matches(name, value, q_.match_epc_class);
    if (name == "MATCH_inputEPCClass") return Matches(name, value, q_.match_input_epc_class);
    if (name == "MATCH_outputEPCClass") return Matches(name, value, q_.match_output_epc_class);
    if (name == "MATCH_anyEPCClass") return Matches(name, value, q_.match_any_epc_class);
    if (name.starts_with("EQ_bizTransaction_")) {
      return Typed(name, name.substr(18), value, Vocab::kBizTransactionType, q_.biz_transactions);
    }
    if (name.starts_with("EQ_source_")) return Typed(name, name.substr(10), value, Vocab::kSourceDestType, q_.sources);
    if (name.starts_with("EQ_destination_")) {
      return Typed(name, name.substr(15), value, Vocab::kSourceDestType, q_.destinations);
    }
    if (name.starts_with("EXISTS_")) return Exists(name, name.substr(7), value);
    if (name == "orderBy") return Order(name, value);
    if (name == "orderDirection") return OrderDirection(name, value);
    if (name == "perPage") {
      ORELOG_ASSIGN_OR_RETURN(q_.per_page, PositiveInteger(name, value, kMaxPerPage));
      return Status::Ok();
    }
    if (name == "eventCountLimit") {
      ORELOG_ASSIGN_OR_RETURN(q_.event_count_limit, PositiveInteger(name, value, UINT32_MAX));
      return Status::Ok();
    }
    if (name == "maxEventCount") {
      ORELOG_ASSIGN_OR_RETURN(q_.max_event_count, PositiveInteger(name, value, UINT32_MAX));
      return Status::Ok();
    }
    if (name == "nextPageToken") {
      auto t = DecodePageToken(value);
      if (!t.ok()) return Bad(name, t.status().message());
      q_.page_token = std::move(t).value();
      return Status::Ok();
    }
    if (In(kUnsupported, name)) return Bad(name, "not supported by this server");
    if (auto number = Number(name, value); number.has_value()) return *number;
    return Bad(name, "unknown query parameter");
  }

  Result<EventQuery> Finish(const std::vector<QueryParam>& params) {
    if (q_.event_count_limit && q_.max_event_count) {
      return Bad("maxEventCount", "cannot be combined with eventCountLimit");
    }
    if (!direction_given_) q_.direction = q_.order_by == OrderBy::kCaptureOrder ? Direction::kAsc : Direction::kDesc;
    q_.fingerprint = Fingerprint(params);
    if (q_.page_token) {
      const PageToken& t = *q_.page_token;
      if (t.order_by != q_.order_by || t.direction != q_.direction || t.fingerprint != q_.fingerprint) {
        return Bad("nextPageToken", "does not belong to this query (filters or order differ)");
      }
    }
    return std::move(q_);
  }

 private:
  using ValueFn = Result<std::string> (Parser::*)(std::string_view param, std::string_view v);

  Status List(std::string_view param, std::string_view value, std::vector<std::string>& out, ValueFn fn) {
    ORELOG_ASSIGN_OR_RETURN(std::vector<std::string> alts, Alternatives(param, value));
    for (const auto& a : alts) {
      ORELOG_ASSIGN_OR_RETURN(std::string v, (this->*fn)(param, a));
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }

  Result<std::string> EventType(std::string_view param, std::string_view v) {
    if (In(kEventTypes, v)) return std::string(v);
    if (v.find(':') == std::string_view::npos) return Bad(param, Quoted(v) + " is not an EPCIS event type");
    return Uri(param, v, ns_);
  }
  Result<std::string> Action(std::string_view param, std::string_view v) {
    if (v == "ADD" || v == "OBSERVE" || v == "DELETE") return std::string(v);
    return Bad(param, Quoted(v) + " is not ADD, OBSERVE or DELETE");
  }
  Result<std::string> Vocabulary(std::string_view param, Vocab vocab, std::string_view v) {
    auto r = epcis::NormalizeVocabulary(vocab, v, ns_);
    if (!r.ok()) return Bad(param, r.status().message());
    if (!IsUri(*r)) return Bad(param, Quoted(v) + " is not a URI");
    return r;
  }
  Result<std::string> BizStep(std::string_view param, std::string_view v) {
    return Vocabulary(param, Vocab::kBizStep, v);
  }
  Result<std::string> Disposition(std::string_view param, std::string_view v) {
    return Vocabulary(param, Vocab::kDisposition, v);
  }
  Result<std::string> Id(std::string_view param, std::string_view v) { return Identifier(param, v, ns_); }
  Result<std::string> PlainUri(std::string_view param, std::string_view v) { return Uri(param, v, ns_); }
  Result<std::string> EventId(std::string_view param, std::string_view v) {
    if (!IsUri(v)) return Bad(param, Quoted(v) + " is not a URI");
    return std::string(v);  // compared verbatim
  }

  Status Time(std::string_view param, std::string_view v, std::optional<int64_t>& out) {
    auto ms = InstantMillis(v);
    if (!ms.ok()) return Bad(param, ms.status().message());
    out = *ms;
    return Status::Ok();
  }

  Status Matches(std::string_view param, std::string_view value, std::vector<IdMatch>& out) {
    ORELOG_ASSIGN_OR_RETURN(std::vector<std::string> alts, Alternatives(param, value));
    for (const auto& a : alts) {
      ORELOG_ASSIGN_OR_RETURN(IdMatch m, ParseIdMatch(param, a, ns_));
      out.push_back(std::move(m));
    }
    return Status::Ok();
  }

  Status Typed(std::string_view param, std::string_view type, std::string_view value, Vocab vocab,
               std::map<std::string, std::vector<std::string>>& out) {
    if (type.empty()) return Bad(param, "needs a type after the last '_'");
    ORELOG_ASSIGN_OR_RETURN(std::string t, Vocabulary(param, vocab, type));
    if (out.count(t) != 0) return Bad(param, "names the same type as another parameter");
    ORELOG_ASSIGN_OR_RETURN(std::vector<std::string> alts, Alternatives(param, value));
    std::vector<std::string>& ids = out[t];
    for (const auto& a : alts) {
      ORELOG_ASSIGN_OR_RETURN(std::string id, Identifier(param, a, ns_));
      ids.push_back(std::move(id));
    }
    return Status::Ok();
  }

  Status Exists(std::string_view param, std::string_view field, std::string_view value) {
    if (value != "" && value != "true" && value != "false") {
      return Bad(param, "value must be empty, true or false");
    }
    for (std::string_view reserved : {"ILMD_", "INNER_", "ERROR_DECLARATION_", "SENSORELEMENT_", "SENSORMETADATA_",
                                      "SENSORREPORT_"}) {
      if (field.starts_with(reserved)) return Bad(param, "not supported by this server");
    }
    std::string name;
    if (In(kEventFields, field)) {
      name = std::string(field);
    } else if (field.find(':') != std::string_view::npos && field.find_first_of(" |") == std::string_view::npos &&
               field.front() != ':' && field.back() != ':') {
      name = epcis::ExpandCurie(field, ns_);
    } else {
      return Bad(param, Quoted(field) + " is neither an event field nor an extension (prefix:name or URI)");
    }
    if (value != "false") q_.exists.push_back(std::move(name));  // false: no constraint
    return Status::Ok();
  }

  Status Order(std::string_view param, std::string_view v) {
    if (v == "eventTime") {
      q_.order_by = OrderBy::kEventTime;
    } else if (v == "recordTime") {
      q_.order_by = OrderBy::kRecordTime;
    } else {
      return Bad(param, Quoted(v) + " is not eventTime or recordTime");
    }
    return Status::Ok();
  }

  Status OrderDirection(std::string_view param, std::string_view v) {
    if (v != "ASC" && v != "DESC") return Bad(param, Quoted(v) + " is not ASC or DESC");
    q_.direction = v == "ASC" ? Direction::kAsc : Direction::kDesc;
    direction_given_ = true;
    return Status::Ok();
  }

  // <CMP>_quantity[_<UOM>] and <CMP>_<sensor number>_<UOM>; nullopt if the
  // name is not of that shape.
  std::optional<Status> Number(std::string_view param, std::string_view value) {
    if (param.size() < 4 || param[2] != '_') return std::nullopt;
    std::string_view op = param.substr(0, 2);
    Cmp cmp;
    if (op == "EQ") {
      cmp = Cmp::kEq;
    } else if (op == "GT") {
      cmp = Cmp::kGt;
    } else if (op == "GE") {
      cmp = Cmp::kGe;
    } else if (op == "LT") {
      cmp = Cmp::kLt;
    } else if (op == "LE") {
      cmp = Cmp::kLe;
    } else {
      return std::nullopt;
    }
    std::string_view rest = param.substr(3);
    std::string_view field = rest.substr(0, rest.find('_'));
    const bool quantity = field == "quantity";
    if (!quantity && !In(kReportNumbers, field)) return std::nullopt;
    NumberCondition c{std::string(param), std::string(field), std::nullopt, cmp, {}};
    if (field.size() < rest.size()) {
      std::string_view uom = rest.substr(field.size() + 1);
      if (!IsUom(uom)) return Bad(param, Quoted(uom) + " is not a unit code ([A-Z0-9]{2,4})");
      c.uom = std::string(uom);
    } else if (!quantity) {
      return Bad(param, "needs a unit: " + std::string(param) + "_<UOM>");
    }
    auto alts = Alternatives(param, value);
    if (!alts.ok()) return alts.status();
    if (cmp != Cmp::kEq && alts->size() != 1) return Bad(param, "takes a single number");
    for (const auto& a : *alts) {
      auto d = ParseDecimal(a);
      if (!d.ok()) return Bad(param, d.status().message());
      c.values.push_back(std::move(d).value());
    }
    (quantity ? q_.quantity_conditions : q_.sensor_conditions).push_back(std::move(c));
    return Status::Ok();
  }

  // SHA-256 over the sorted (name, value) pairs that shape the result
  // (everything but perPage and nextPageToken); first 8 bytes in hex.
  static std::string Fingerprint(const std::vector<QueryParam>& params) {
    std::vector<const QueryParam*> sorted;
    for (const auto& p : params) {
      if (p.name != "perPage" && p.name != "nextPageToken") sorted.push_back(&p);
    }
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name < b->name; });
    std::string text;
    for (const QueryParam* p : sorted) text += p->name + '\0' + p->value + '\n';
    Hash h = Sha256().Digest(AsBytes(text));
    return HexEncode(ByteView(h.data(), 8));
  }

  const epcis::Namespaces& ns_;
  EventQuery q_;
  bool direction_given_ = false;
};

}  // namespace

Result<EventQuery> ParseQuery(std::string_view query_string, const epcis::Namespaces& ns) {
  if (query_string.size() > kMaxQueryText) {
    return Status::Invalid("query string longer than " + std::to_string(kMaxQueryText) + " bytes");
  }
  ORELOG_ASSIGN_OR_RETURN(std::vector<QueryParam> params, SplitQueryString(query_string));
  std::set<std::string_view> seen;
  Parser parser(ns);
  for (const QueryParam& p : params) {
    if (!seen.insert(p.name).second) return Bad(p.name, "repeated parameter");
    if (seen.size() > kMaxParameters) {
      return Bad(p.name, "more than " + std::to_string(kMaxParameters) + " parameters");
    }
    ORELOG_RETURN_IF_ERROR(parser.Add(p.name, p.value));
  }
  return parser.Finish(params);
}

Result<EventQuery> ParseQuery(std::string_view query_string) {
  return ParseQuery(query_string, epcis::StandardNamespaces());
}

}  // namespace orelog::query
