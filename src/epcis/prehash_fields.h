// The CBV 2.0 field tables of the pre-hash renderer (internal to src/epcis):
// the standard fields of each object with their JSON shape and
// normalisation, the two top-level property orders, and the lookup that
// buckets an event's members by key in one pass.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <span>
#include <string_view>

namespace orelog::epcis::prehash {

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

inline constexpr Field kQuantityElement[] = {
    {"epcClass", Shape::kScalar}, {"quantity", Shape::kScalar}, {"uom", Shape::kScalar}};
inline constexpr Field kBizTransaction[] = {{"type", Shape::kScalar, Norm::kBtt},
                                     {"bizTransaction", Shape::kScalar}};
inline constexpr Field kSource[] = {{"type", Shape::kScalar, Norm::kSdt}, {"source", Shape::kScalar}};
inline constexpr Field kDestination[] = {{"type", Shape::kScalar, Norm::kSdt},
                                  {"destination", Shape::kScalar}};
inline constexpr Field kPoint[] = {{"id", Shape::kScalar}};
inline constexpr Field kPersistent[] = {{"set", Shape::kRepeated, Norm::kDisp},
                                 {"unset", Shape::kRepeated, Norm::kDisp}};
inline constexpr Field kSensorMetadata[] = {
    {"time", Shape::kScalar, Norm::kTime},      {"startTime", Shape::kScalar, Norm::kTime},
    {"endTime", Shape::kScalar, Norm::kTime},   {"deviceID", Shape::kScalar},
    {"deviceMetadata", Shape::kScalar},         {"rawData", Shape::kScalar},
    {"dataProcessingMethod", Shape::kScalar},   {"bizRules", Shape::kScalar}};
inline constexpr Field kSensorReport[] = {
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
inline constexpr Field kSensorElement[] = {
    {"sensorMetadata", Shape::kObject, Norm::kPlain, {}, kSensorMetadata},
    {"sensorReport", Shape::kObjectList, Norm::kPlain, "sensorReport", kSensorReport, false}};

inline constexpr Field kEventTime{"eventTime", Shape::kScalar, Norm::kTime};
inline constexpr Field kOffset{"eventTimeZoneOffset", Shape::kScalar, Norm::kOffset};
inline constexpr Field kCertification{"certificationInfo", Shape::kRepeated};
inline constexpr Field kEpcList{"epcList", Shape::kList, Norm::kPlain, "epc"};
inline constexpr Field kParentId{"parentID", Shape::kScalar};
inline constexpr Field kInputEpcs{"inputEPCList", Shape::kList, Norm::kPlain, "epc"};
inline constexpr Field kChildEpcs{"childEPCs", Shape::kList, Norm::kPlain, "epc"};
inline constexpr Field kQuantities{"quantityList", Shape::kObjectList, Norm::kPlain, "quantityElement",
                            kQuantityElement};
inline constexpr Field kChildQuantities{"childQuantityList", Shape::kObjectList, Norm::kPlain,
                                 "quantityElement", kQuantityElement};
inline constexpr Field kInputQuantities{"inputQuantityList", Shape::kObjectList, Norm::kPlain,
                                 "quantityElement", kQuantityElement};
inline constexpr Field kOutputEpcs{"outputEPCList", Shape::kList, Norm::kPlain, "epc"};
inline constexpr Field kOutputQuantities{"outputQuantityList", Shape::kObjectList, Norm::kPlain,
                                  "quantityElement", kQuantityElement};
inline constexpr Field kAction{"action", Shape::kScalar, Norm::kAction};
inline constexpr Field kTransformationId{"transformationID", Shape::kScalar};
inline constexpr Field kBizStep{"bizStep", Shape::kScalar, Norm::kBizStep};
inline constexpr Field kDisposition{"disposition", Shape::kScalar, Norm::kDisp};
inline constexpr Field kPersistentDisposition{"persistentDisposition", Shape::kObject, Norm::kPlain, {},
                                       kPersistent};
inline constexpr Field kReadPoint{"readPoint", Shape::kObject, Norm::kPlain, {}, kPoint};
inline constexpr Field kBizLocation{"bizLocation", Shape::kObject, Norm::kPlain, {}, kPoint};
inline constexpr Field kBizTransactions{"bizTransactionList", Shape::kObjectList, Norm::kPlain, "",
                                 kBizTransaction};
inline constexpr Field kSources{"sourceList", Shape::kObjectList, Norm::kPlain, "", kSource};
inline constexpr Field kDestinations{"destinationList", Shape::kObjectList, Norm::kPlain, "",
                              kDestination};
inline constexpr Field kSensorElements{"sensorElementList", Shape::kObjectList, Norm::kPlain,
                                "sensorElement", kSensorElement};
inline constexpr Field kIlmd{"ilmd", Shape::kIlmd};

// CBV 2.0 canonical order (README table of the reference implementation).
// The members of an event are bucketed by their index in this table.
inline constexpr Field kDocumentedOrder[] = {
    kEventTime, kOffset, kCertification, kEpcList, kParentId, kInputEpcs, kChildEpcs, kQuantities,
    kChildQuantities, kInputQuantities, kOutputEpcs, kOutputQuantities, kAction, kTransformationId,
    kBizStep, kDisposition, kPersistentDisposition, kReadPoint, kBizLocation, kBizTransactions,
    kSources, kDestinations, kSensorElements, kIlmd};
inline constexpr size_t kNumTopFields = std::size(kDocumentedOrder);

// Index in kDocumentedOrder of `name`; kNumTopFields if it is not there
// (the static_asserts below rule that out for every use).
constexpr uint8_t Top(std::string_view name) {
  for (size_t i = 0; i < kNumTopFields; ++i) {
    if (kDocumentedOrder[i].name == name) return static_cast<uint8_t>(i);
  }
  return kNumTopFields;
}
inline constexpr uint8_t kEventTimeIndex = Top("eventTime");

// The Python reference's ordered walk; the remaining standard fields are
// sorted together with the extensions (see kPythonRemainder).
inline constexpr uint8_t kPythonOrder[] = {
    Top("eventTime"), Top("eventTimeZoneOffset"), Top("certificationInfo"), Top("parentID"),
    Top("epcList"), Top("inputEPCList"), Top("childEPCs"), Top("quantityList"),
    Top("childQuantityList"), Top("inputQuantityList"), Top("outputEPCList"),
    Top("outputQuantityList"), Top("action"), Top("transformationID"), Top("bizStep"),
    Top("disposition"), Top("persistentDisposition"), Top("readPoint"), Top("bizLocation"),
    Top("sensorElementList")};
inline constexpr uint8_t kPythonRemainder[] = {Top("bizTransactionList"), Top("sourceList"),
                                        Top("destinationList"), Top("ilmd")};
// The Python walk and remainder together hold every field exactly once.
static_assert(std::size(kPythonOrder) + std::size(kPythonRemainder) == kNumTopFields);
static_assert([] {
  std::array<int, kNumTopFields + 1> seen{};
  for (uint8_t i : kPythonOrder) ++seen[i];
  for (uint8_t i : kPythonRemainder) ++seen[i];
  return std::all_of(seen.begin(), seen.end() - 1, [](int n) { return n == 1; }) && seen.back() == 0;
}());
static_assert(kEventTimeIndex < kNumTopFields);

inline constexpr std::string_view kEventTypes[] = {"ObjectEvent", "AggregationEvent", "TransactionEvent",
                                            "TransformationEvent", "AssociationEvent"};

// What a top-level member is: a standard field (its index in
// kDocumentedOrder), or one of these.
enum : uint8_t {
  kExtensionMember = 0xff,  // anything else: an extension (or an error)
  kIgnoredMember = 0xfe,    // recordTime, eventID, errorDeclaration, rdfs:comment: never hashed
  kTypeMember = 0xfd,       // "type": read, not hashed as a leaf
  kContextMember = 0xfc,    // "@context": read, not hashed
};

struct TopKey {
  std::string_view name;
  uint8_t what;
};

// Every top-level key with a meaning, sorted by length, so that a lookup
// compares a key only with the few names of its length.
inline constexpr auto kTopKeys = [] {
  std::array<TopKey, kNumTopFields + 6> keys{};
  for (size_t i = 0; i < kNumTopFields; ++i) keys[i] = {kDocumentedOrder[i].name, static_cast<uint8_t>(i)};
  keys[kNumTopFields + 0] = {"type", kTypeMember};
  keys[kNumTopFields + 1] = {"@context", kContextMember};
  keys[kNumTopFields + 2] = {"recordTime", kIgnoredMember};
  keys[kNumTopFields + 3] = {"eventID", kIgnoredMember};
  keys[kNumTopFields + 4] = {"errorDeclaration", kIgnoredMember};
  keys[kNumTopFields + 5] = {"rdfs:comment", kIgnoredMember};
  std::sort(keys.begin(), keys.end(),
            [](const TopKey& a, const TopKey& b) { return a.name.size() < b.name.size(); });
  return keys;
}();
inline constexpr size_t kMaxTopKeyLength = 32;
static_assert(kTopKeys.back().name.size() < kMaxTopKeyLength);

// kTopKeys[kFirstOfLength[n] .. kFirstOfLength[n + 1]) have length n.
inline constexpr auto kFirstOfLength = [] {
  std::array<uint8_t, kMaxTopKeyLength + 1> first{};
  for (size_t n = 0; n <= kMaxTopKeyLength; ++n) {
    size_t i = 0;
    while (i < kTopKeys.size() && kTopKeys[i].name.size() < n) ++i;
    first[n] = static_cast<uint8_t>(i);
  }
  return first;
}();

// `a == b`, rejecting on the first byte before calling memcmp (most keys
// compared here differ there).
inline bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || a[0] == b[0]) && a == b;
}

inline uint8_t ClassifyTopMember(std::string_view key) {
  if (key.size() >= kMaxTopKeyLength) return kExtensionMember;
  for (size_t i = kFirstOfLength[key.size()]; i < kFirstOfLength[key.size() + 1]; ++i) {
    if (SameName(kTopKeys[i].name, key)) return kTopKeys[i].what;
  }
  return kExtensionMember;
}

// Index of `key` in a standard object's `spec`, or -1 (an extension).
inline int SpecIndex(std::span<const Field> spec, std::string_view key) {
  for (size_t i = 0; i < spec.size(); ++i) {
    if (SameName(spec[i].name, key)) return static_cast<int>(i);
  }
  return -1;
}
inline constexpr size_t kMaxSpec = 32;  // fields of the largest standard object (sensorReport: 24)
static_assert(std::size(kSensorReport) <= kMaxSpec && std::size(kSensorMetadata) <= kMaxSpec);

}  // namespace orelog::epcis::prehash
