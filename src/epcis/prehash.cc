// The pre-hash renderer: walks an event in canonical property order.
//
// Grammar of the output (no separators anywhere):
//   leaf       = key "=" value
//   list       = listName element*            (elements sorted, name once)
//   object     = name field* extension*       (readPoint, sensorMetadata, ...)
//   extension  = "{" nsIRI "}" local ( "=" value | extension* )
// Elements of every list and the extensions of every object are sorted by
// byte (= code point) order of their rendered strings.
#include <algorithm>
#include <optional>
#include <span>

#include <boost/json.hpp>

#include "epcis/event_hash.h"
#include "epcis/gs1_keys.h"
#include "epcis/timestamp.h"

namespace orelog::epcis {
namespace {

namespace json = boost::json;

enum class Norm { kPlain, kTime, kOffset, kBizStep, kDisp, kBtt, kSdt, kMeas, kComp, kAction };
enum class Shape {
  kScalar,      // key=value
  kRepeated,    // a scalar or an array of scalars: key=v per element
  kList,        // key then elem=v per element
  kObject,      // key then the fields of the object
  kObjectList,  // [key] then (wrapper + fields) per element
  kIlmd,        // key then extensions only
};

struct Field {
  std::string_view name;
  Shape shape;
  Norm norm = Norm::kPlain;
  std::string_view elem = {};  // list element name or object-list wrapper
  std::span<const Field> sub = {};
  bool list_name = true;  // kObjectList: emit the list name once
};

constexpr Field kQuantityElement[] = {
    {"epcClass", Shape::kScalar}, {"quantity", Shape::kScalar}, {"uom", Shape::kScalar}};
constexpr Field kBizTransaction[] = {{"type", Shape::kScalar, Norm::kBtt},
                                     {"bizTransaction", Shape::kScalar}};
constexpr Field kSource[] = {{"type", Shape::kScalar, Norm::kSdt}, {"source", Shape::kScalar}};
constexpr Field kDestination[] = {{"type", Shape::kScalar, Norm::kSdt},
                                  {"destination", Shape::kScalar}};
constexpr Field kPoint[] = {{"id", Shape::kScalar}};
constexpr Field kPersistent[] = {{"set", Shape::kRepeated, Norm::kDisp},
                                 {"unset", Shape::kRepeated, Norm::kDisp}};
constexpr Field kSensorMetadata[] = {
    {"time", Shape::kScalar, Norm::kTime},      {"startTime", Shape::kScalar, Norm::kTime},
    {"endTime", Shape::kScalar, Norm::kTime},   {"deviceID", Shape::kScalar},
    {"deviceMetadata", Shape::kScalar},         {"rawData", Shape::kScalar},
    {"dataProcessingMethod", Shape::kScalar},   {"bizRules", Shape::kScalar}};
constexpr Field kSensorReport[] = {
    {"type", Shape::kScalar, Norm::kMeas},   {"exception", Shape::kScalar, Norm::kMeas},
    {"deviceID", Shape::kScalar},            {"deviceMetadata", Shape::kScalar},
    {"rawData", Shape::kScalar},             {"dataProcessingMethod", Shape::kScalar},
    // bizRules is a sensorReport field in the EPCIS 2.0 JSON Schema but is
    // missing from the CBV order table; placed as in sensorMetadata.
    {"bizRules", Shape::kScalar},
    {"time", Shape::kScalar, Norm::kTime},   {"microorganism", Shape::kScalar},
    {"chemicalSubstance", Shape::kScalar},   {"value", Shape::kScalar},
    {"component", Shape::kScalar, Norm::kComp}, {"stringValue", Shape::kScalar},
    {"booleanValue", Shape::kScalar},        {"hexBinaryValue", Shape::kScalar},
    {"uriValue", Shape::kScalar},            {"minValue", Shape::kScalar},
    {"maxValue", Shape::kScalar},            {"meanValue", Shape::kScalar},
    {"sDev", Shape::kScalar},                {"percRank", Shape::kScalar},
    {"percValue", Shape::kScalar},           {"uom", Shape::kScalar},
    {"coordinateReferenceSystem", Shape::kScalar}};
constexpr Field kSensorElement[] = {
    {"sensorMetadata", Shape::kObject, Norm::kPlain, {}, kSensorMetadata},
    {"sensorReport", Shape::kObjectList, Norm::kPlain, "sensorReport", kSensorReport, false}};

constexpr Field kEventTime{"eventTime", Shape::kScalar, Norm::kTime};
constexpr Field kOffset{"eventTimeZoneOffset", Shape::kScalar, Norm::kOffset};
constexpr Field kCertification{"certificationInfo", Shape::kRepeated};
constexpr Field kEpcList{"epcList", Shape::kList, Norm::kPlain, "epc"};
constexpr Field kParentId{"parentID", Shape::kScalar};
constexpr Field kInputEpcs{"inputEPCList", Shape::kList, Norm::kPlain, "epc"};
constexpr Field kChildEpcs{"childEPCs", Shape::kList, Norm::kPlain, "epc"};
constexpr Field kQuantities{"quantityList", Shape::kObjectList, Norm::kPlain, "quantityElement",
                            kQuantityElement};
constexpr Field kChildQuantities{"childQuantityList", Shape::kObjectList, Norm::kPlain,
                                 "quantityElement", kQuantityElement};
constexpr Field kInputQuantities{"inputQuantityList", Shape::kObjectList, Norm::kPlain,
                                 "quantityElement", kQuantityElement};
constexpr Field kOutputEpcs{"outputEPCList", Shape::kList, Norm::kPlain, "epc"};
constexpr Field kOutputQuantities{"outputQuantityList", Shape::kObjectList, Norm::kPlain,
                                  "quantityElement", kQuantityElement};
constexpr Field kAction{"action", Shape::kScalar, Norm::kAction};
constexpr Field kTransformationId{"transformationID", Shape::kScalar};
constexpr Field kBizStep{"bizStep", Shape::kScalar, Norm::kBizStep};
constexpr Field kDisposition{"disposition", Shape::kScalar, Norm::kDisp};
constexpr Field kPersistentDisposition{"persistentDisposition", Shape::kObject, Norm::kPlain, {},
                                       kPersistent};
constexpr Field kReadPoint{"readPoint", Shape::kObject, Norm::kPlain, {}, kPoint};
constexpr Field kBizLocation{"bizLocation", Shape::kObject, Norm::kPlain, {}, kPoint};
constexpr Field kBizTransactions{"bizTransactionList", Shape::kObjectList, Norm::kPlain, "",
                                 kBizTransaction};
constexpr Field kSources{"sourceList", Shape::kObjectList, Norm::kPlain, "", kSource};
constexpr Field kDestinations{"destinationList", Shape::kObjectList, Norm::kPlain, "",
                              kDestination};
constexpr Field kSensorElements{"sensorElementList", Shape::kObjectList, Norm::kPlain,
                                "sensorElement", kSensorElement};
constexpr Field kIlmd{"ilmd", Shape::kIlmd};

// CBV 2.0 canonical order (README table of the reference implementation).
constexpr Field kDocumentedOrder[] = {
    kEventTime, kOffset, kCertification, kEpcList, kParentId, kInputEpcs, kChildEpcs, kQuantities,
    kChildQuantities, kInputQuantities, kOutputEpcs, kOutputQuantities, kAction, kTransformationId,
    kBizStep, kDisposition, kPersistentDisposition, kReadPoint, kBizLocation, kBizTransactions,
    kSources, kDestinations, kSensorElements, kIlmd};
// The Python reference's ordered walk; the remaining standard fields are
// sorted together with the extensions (see kPythonRemainder).
constexpr Field kPythonOrder[] = {
    kEventTime, kOffset, kCertification, kParentId, kEpcList, kInputEpcs, kChildEpcs, kQuantities,
    kChildQuantities, kInputQuantities, kOutputEpcs, kOutputQuantities, kAction, kTransformationId,
    kBizStep, kDisposition, kPersistentDisposition, kReadPoint, kBizLocation, kSensorElements};
constexpr Field kPythonRemainder[] = {kBizTransactions, kSources, kDestinations, kIlmd};

// Event fields that are never hashed.
constexpr std::string_view kIgnored[] = {"type", "recordTime", "eventID", "errorDeclaration",
                                         "@context", "rdfs:comment"};

constexpr std::string_view kEventTypes[] = {"ObjectEvent", "AggregationEvent", "TransactionEvent",
                                            "TransformationEvent", "AssociationEvent"};

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

class Renderer {
 public:
  explicit Renderer(const Namespaces& ns) : ns_(ns) {}

  // A scalar JSON value, normalised; "" with ok for null (absent).
  Result<std::string> Value(std::string_view key, const json::value& v, Norm norm) const {
    if (v.is_number()) {
      if (norm != Norm::kPlain) return Status::Invalid("field \"" + std::string(key) + "\" must be a string");
      return FormatNumber(v);
    }
    if (v.is_bool()) {
      if (norm != Norm::kPlain) return Status::Invalid("field \"" + std::string(key) + "\" must be a string");
      return std::string(v.get_bool() ? "true" : "false");
    }
    if (!v.is_string()) {
      return Status::Invalid("field \"" + std::string(key) + "\" must be a string or number");
    }
    std::string_view s = Trim(v.get_string());
    Result<std::string> out = std::string();
    switch (norm) {
      case Norm::kPlain: out = NormalizeIdentifier(ExpandCurie(s, ns_)); break;
      case Norm::kTime: out = NormalizeTimestamp(s); break;
      case Norm::kOffset: {
        Status st = ValidateTimeZoneOffset(s);
        if (!st.ok()) return st;
        out = std::string(s);
        break;
      }
      case Norm::kAction:
        if (s != "ADD" && s != "OBSERVE" && s != "DELETE") {
          return Status::Invalid("action \"" + std::string(s) + "\" must be ADD, OBSERVE or DELETE");
        }
        out = std::string(s);
        break;
      case Norm::kBizStep: out = NormalizeVocabulary(Vocab::kBizStep, s, ns_); break;
      case Norm::kDisp: out = NormalizeVocabulary(Vocab::kDisposition, s, ns_); break;
      case Norm::kBtt: out = NormalizeVocabulary(Vocab::kBizTransactionType, s, ns_); break;
      case Norm::kSdt: out = NormalizeVocabulary(Vocab::kSourceDestType, s, ns_); break;
      case Norm::kMeas: out = NormalizeVocabulary(Vocab::kMeasurement, s, ns_); break;
      case Norm::kComp: out = NormalizeVocabulary(Vocab::kComponent, s, ns_); break;
    }
    if (!out.ok()) return out.status().With(std::string(key));
    return out;
  }

  // Renders one standard field into `out` ("" if absent or empty).
  Status RenderField(const Field& f, const json::value& v, std::string& out) const {
    if (v.is_null()) return Status::Ok();
    switch (f.shape) {
      case Shape::kScalar: {
        if (v.is_array() || v.is_object()) {
          return Status::Invalid("field \"" + std::string(f.name) + "\" must be a single value");
        }
        ORELOG_ASSIGN_OR_RETURN(std::string s, Value(f.name, v, f.norm));
        out += std::string(f.name) + "=" + s;
        return Status::Ok();
      }
      case Shape::kRepeated:
      case Shape::kList: {
        std::vector<std::string> items;
        auto add = [&](const json::value& item) -> Status {
          if (item.is_null()) return Status::Ok();
          if (item.is_array() || item.is_object()) {
            return Status::Invalid("elements of \"" + std::string(f.name) + "\" must be single values");
          }
          ORELOG_ASSIGN_OR_RETURN(std::string s, Value(f.name, item, f.norm));
          items.push_back(std::string(f.shape == Shape::kList ? f.elem : f.name) + "=" + s);
          return Status::Ok();
        };
        if (v.is_array()) {
          for (const auto& item : v.get_array()) ORELOG_RETURN_IF_ERROR(add(item));
        } else if (f.shape == Shape::kRepeated) {
          ORELOG_RETURN_IF_ERROR(add(v));
        } else {
          return Status::Invalid("field \"" + std::string(f.name) + "\" must be an array");
        }
        if (items.empty()) return Status::Ok();
        std::sort(items.begin(), items.end());
        if (f.shape == Shape::kList) out += f.name;
        for (const auto& s : items) out += s;
        return Status::Ok();
      }
      case Shape::kObject: {
        if (!v.is_object()) return Status::Invalid("field \"" + std::string(f.name) + "\" must be an object");
        ORELOG_ASSIGN_OR_RETURN(std::string body, Object(f.name, v.get_object(), f.sub));
        if (!body.empty()) out += std::string(f.name) + body;
        return Status::Ok();
      }
      case Shape::kObjectList: {
        if (!v.is_array()) return Status::Invalid("field \"" + std::string(f.name) + "\" must be an array");
        std::vector<std::string> items;
        for (const auto& item : v.get_array()) {
          if (!item.is_object()) {
            return Status::Invalid("elements of \"" + std::string(f.name) + "\" must be objects");
          }
          ORELOG_ASSIGN_OR_RETURN(std::string body, Object(f.name, item.get_object(), f.sub));
          if (!body.empty()) items.push_back(std::string(f.elem) + body);
        }
        if (items.empty()) return Status::Ok();
        std::sort(items.begin(), items.end());
        if (f.list_name) out += f.name;
        for (const auto& s : items) out += s;
        return Status::Ok();
      }
      case Shape::kIlmd: {
        if (!v.is_object()) return Status::Invalid("field \"ilmd\" must be an object");
        ORELOG_ASSIGN_OR_RETURN(std::string body, Object(f.name, v.get_object(), {}));
        if (!body.empty()) out += std::string(f.name) + body;
        return Status::Ok();
      }
    }
    return Status::Internal("unknown field shape");
  }

  // The fields of a standard object in `spec` order, then its extensions sorted.
  Result<std::string> Object(std::string_view where, const json::object& obj,
                             std::span<const Field> spec) const {
    std::string out;
    for (const Field& f : spec) {
      if (const json::value* v = obj.if_contains(f.name)) {
        ORELOG_RETURN_IF_ERROR(RenderField(f, *v, out).With(std::string(where)));
      }
    }
    std::vector<std::string> ext;
    for (const auto& [key, v] : obj) {
      if (std::any_of(spec.begin(), spec.end(), [&](const Field& f) { return f.name == key; })) continue;
      ORELOG_RETURN_IF_ERROR(Extension(where, key, v, ext, 0));
    }
    std::sort(ext.begin(), ext.end());
    for (const auto& s : ext) out += s;
    return out;
  }

  // "{ns}local" for an extension key, or InvalidArgument.
  // Inside an extension (depth > 0) a key without a prefix is a child
  // element without a namespace (as in XML) and is written verbatim.
  Result<std::string> ExtensionName(std::string_view where, std::string_view key, int depth) const {
    if (key.starts_with("http://") || key.starts_with("https://")) {
      size_t cut = key.find_last_of("/#");
      return Braced(key.substr(0, cut + 1), key.substr(cut + 1));
    }
    size_t colon = key.find(':');
    if (colon == std::string_view::npos && depth > 0 && !key.empty() && key[0] != '@') {
      return std::string(key);
    }
    if (colon == std::string_view::npos || colon == 0) {
      return Status::Invalid(std::string(where) + ": unknown field \"" + std::string(key) +
                             "\" (extensions need a namespace prefix)");
    }
    auto it = ns_.find(key.substr(0, colon));
    if (it == ns_.end()) {
      return Status::Invalid(std::string(where) + ": field \"" + std::string(key) +
                             "\" uses an undeclared namespace prefix");
    }
    return Braced(it->second, key.substr(colon + 1));
  }

  // "{" ns "}" local, built by appends (GCC 12 -Wrestrict misfires on
  // const char* + std::string&& at -O3).
  static std::string Braced(std::string_view ns, std::string_view local) {
    std::string out;
    out.reserve(ns.size() + local.size() + 2);
    out.push_back('{');
    out.append(ns);
    out.push_back('}');
    out.append(local);
    return out;
  }

  // Appends the rendering(s) of one extension field to `out` (arrays give one
  // string per element).
  Status Extension(std::string_view where, std::string_view key, const json::value& v,
                   std::vector<std::string>& out, int depth) const {
    if (depth > 64) return Status::Invalid("extension nesting too deep");
    ORELOG_ASSIGN_OR_RETURN(std::string name, ExtensionName(where, key, depth));
    if (v.is_null()) return Status::Ok();
    if (v.is_array()) {
      for (const auto& item : v.get_array()) ORELOG_RETURN_IF_ERROR(Extension(where, key, item, out, depth + 1));
      return Status::Ok();
    }
    if (v.is_object()) {
      std::vector<std::string> children;
      for (const auto& [k, child] : v.get_object()) {
        ORELOG_RETURN_IF_ERROR(Extension(where, k, child, children, depth + 1));
      }
      if (children.empty()) return Status::Ok();
      std::sort(children.begin(), children.end());
      for (const auto& c : children) name += c;
      out.push_back(std::move(name));
      return Status::Ok();
    }
    ORELOG_ASSIGN_OR_RETURN(std::string s, Value(key, v, Norm::kPlain));
    out.push_back(name + "=" + s);
    return Status::Ok();
  }

 private:
  const Namespaces& ns_;
};

bool Contains(std::span<const Field> spec, std::string_view key) {
  return std::any_of(spec.begin(), spec.end(), [&](const Field& f) { return f.name == key; });
}

}  // namespace

Result<std::vector<std::string>> PreHashParts(const json::object& event, const HashOptions& options) {
  // Copy the prefix map only when the event declares prefixes of its own.
  std::optional<Namespaces> own;
  if (const json::value* ctx = event.if_contains("@context")) {
    own = options.namespaces;
    ORELOG_RETURN_IF_ERROR(AddContextNamespaces(*ctx, *own));
  }
  const Namespaces& ns = own ? *own : options.namespaces;
  const json::value* type = event.if_contains("type");
  if (type == nullptr || !type->is_string()) return Status::Invalid("event has no \"type\"");
  std::string_view type_name = type->get_string();
  if (std::find(std::begin(kEventTypes), std::end(kEventTypes), type_name) == std::end(kEventTypes)) {
    return Status::Invalid("unknown event type \"" + std::string(type_name) + "\"");
  }
  if (!event.contains("eventTime")) return Status::Invalid("event has no \"eventTime\"");
  Renderer r(ns);
  std::vector<std::string> parts;
  parts.push_back("eventType=" + std::string(type_name));

  const bool python = options.order == HashOptions::kPythonReference;
  std::span<const Field> ordered = python ? std::span<const Field>(kPythonOrder)
                                          : std::span<const Field>(kDocumentedOrder);
  for (const Field& f : ordered) {
    if (const json::value* v = event.if_contains(f.name)) {
      std::string s;
      ORELOG_RETURN_IF_ERROR(r.RenderField(f, *v, s));
      if (!s.empty()) parts.push_back(std::move(s));
    }
  }
  std::vector<std::string> tail;  // sorted together
  if (python) {
    for (const Field& f : kPythonRemainder) {
      if (const json::value* v = event.if_contains(f.name)) {
        std::string s;
        ORELOG_RETURN_IF_ERROR(r.RenderField(f, *v, s));
        if (!s.empty()) tail.push_back(std::move(s));
      }
    }
  }
  for (const auto& [key, v] : event) {
    if (Contains(kDocumentedOrder, key) ||
        std::find(std::begin(kIgnored), std::end(kIgnored), key) != std::end(kIgnored)) {
      continue;
    }
    ORELOG_RETURN_IF_ERROR(r.Extension("event", key, v, tail, 0));
  }
  std::sort(tail.begin(), tail.end());
  for (auto& s : tail) parts.push_back(std::move(s));
  return parts;
}

Result<std::string> PreHashString(const json::object& event, const HashOptions& options) {
  ORELOG_ASSIGN_OR_RETURN(std::vector<std::string> parts, PreHashParts(event, options));
  std::string out;
  for (const auto& p : parts) out += p;
  return out;
}

}  // namespace orelog::epcis
