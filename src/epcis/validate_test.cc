// The EPCIS validator against the corpus (derived/json-schema-validation.tsv
// is the JSON Schema's verdict on every JSON file) and the OpenEPCIS Invalid/
// cases with the JSON pointer of the member at fault. The differential test
// against python3-jsonschema is tests/schema_oracle.py (ctest epcis.schema_oracle).
#include "epcis/validate.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "epcis/timestamp.h"
#include "epcis/validate_values.h"
#include "testutil/shared_data.h"

namespace orelog::epcis {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using testing::ReadFileOrDie;
using testing::SharedDir;

fs::path Corpus() { return SharedDir() / "conformance/epcis"; }
constexpr std::string_view kOpenEpcis = "openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/";

json::object Parse(const std::string& text) {
  json::parse_options options;
  options.max_depth = 1000;
  json::value v = json::parse(text, {}, options);
  return v.as_object();
}

std::vector<Violation> ValidateText(const std::string& text) { return ValidateDocument(Parse(text)); }

// Corpus documents the schema accepts and orelog rejects on purpose, with the
// pointer of the member at fault and the rule (docs/validation.md).
struct Stricter {
  std::string_view file;
  std::string_view pointer;
  std::string_view rule;
};
const Stricter kStricter[] = {
    {"gs1-EPCIS/JSON/WithFullCombinationOfFields/transformation_event_all_possible_fields.jsonld", "/@context",
     "redefines the protected standard prefix cbvmda"},
    {"openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/Documents/"
     "TransformationEvent_all_possible_fields.json",
     "/@context", "redefines the protected standard prefix cbvmda"},
    {"openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/Documents/"
     "Combination_of_different_event.json",
     "/epcisBody/eventList/0/epcList/0", "GRAI 8003/030013450007718765: wrong check digit"},
    {"openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Query/Combination_of_different_event.json",
     "/epcisBody/queryResults/resultsBody/eventList/0/epcList/0", "wrong GRAI check digit"},
    {"openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Query/queryDocument.json",
     "/epcisBody/queryResults/resultsBody/eventList/0/epcList/0", "wrong GRAI check digit"},
};
// "component": "example:x" without a declared "example" prefix (GS1's
// all-possible-fields template, copied by OpenEPCIS).
constexpr std::string_view kUndeclaredExample = "/sensorElementList/0/sensorReport/0/component";
const std::string_view kUndeclaredExampleFiles[] = {
    "gs1-EPCIS/JSON/WithFullCombinationOfFields/association_event_all_possible_fields.jsonld",
    "gs1-EPCIS/JSON/WithFullCombinationOfFields/object_event_all_possible_fields.jsonld",
    "gs1-EPCIS/JSON/WithFullCombinationOfFields/transaction_event_all_possible_fields.jsonld",
    "openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/Documents/AggregationEvent_all_possible_fields.json",
    "openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/Documents/AssociationEvent_all_possible_fields.json",
    "openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/Documents/JumbledFieldsOrder.json",
    "openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/Documents/ObjectEvent_all_possible_fields.json",
    "openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/Documents/TransactionEvent_all_possible_fields.json",
    "openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Query/JumbledFieldsOrder.json",
    "openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Query/ObjectEventWithAllPossibleFields.json",
};

// The expected deliberate rejection of `file`, or nullopt.
std::optional<std::pair<std::string, std::string>> ExpectedStricter(std::string_view file) {
  for (const auto& s : kStricter) {
    if (s.file == file) return std::make_pair(std::string(s.pointer), std::string(s.rule));
  }
  for (std::string_view f : kUndeclaredExampleFiles) {
    if (f == file) {
      const bool query = file.find("/Query/") != std::string_view::npos;
      return std::make_pair(std::string(query ? "/epcisBody/queryResults/resultsBody/eventList/0"
                                              : "/epcisBody/eventList/0") +
                                std::string(kUndeclaredExample),
                            std::string("undeclared prefix example:"));
    }
  }
  return std::nullopt;
}

TEST(ValidateConformance, VerdictsEqualTheJsonSchemaTable) {
  std::istringstream table(ReadFileOrDie(Corpus() / "derived/json-schema-validation.tsv"));
  int valid = 0, invalid = 0, stricter = 0;
  std::string line;
  std::getline(table, line);  // header
  while (std::getline(table, line)) {
    std::istringstream cols(line);
    std::string file, schema, result;
    std::getline(cols, file, '\t');
    std::getline(cols, schema, '\t');
    std::getline(cols, result, '\t');
    if (schema != "EPCIS-JSON-Schema.json") continue;  // query-schema.json: GET parameters, not documents
    SCOPED_TRACE(file);
    const auto got = ValidateText(ReadFileOrDie(Corpus() / file));
    const bool schema_valid = result == "VALID";
    if (auto expected = ExpectedStricter(file)) {
      ASSERT_TRUE(schema_valid) << "a deliberate difference must concern a schema-valid file";
      ASSERT_FALSE(got.empty()) << expected->second << ": the rule no longer fires";
      EXPECT_EQ(got[0].pointer, expected->first) << got[0].message;
      ++stricter;
      continue;
    }
    if (schema_valid) {
      EXPECT_TRUE(got.empty()) << got[0].pointer << ": " << got[0].message;
      ++valid;
    } else {
      EXPECT_FALSE(got.empty());
      ++invalid;
    }
  }
  // 144 documents: 122 schema-valid (107 accepted + 15 deliberately rejected), 22 invalid
  // (the table's other 3 lines are query-schema.json cases).
  EXPECT_EQ(valid, 107);
  EXPECT_EQ(stricter, 15);
  EXPECT_EQ(invalid, 22);
}

// Every JSON case under the OpenEPCIS Invalid/ folders, with the member at fault.
const std::map<std::string, std::string> kInvalidCases = {
    {"Capture/Invalid/Combination_of_events_with_missing_mandatory_fields.json", "/epcisBody/eventList/0/action"},
    {"Capture/Invalid/Combination_of_multiple_invalid_fields.json", "/epcisBody/eventList/0/bizStep"},
    {"Capture/Invalid/Combination_of_non_standard_bizStep_and_disposition.json", "/epcisBody/eventList/0/bizStep"},
    {"Capture/Invalid/EPCISDocument_without_context.json", "/@context"},
    {"Capture/Invalid/ObjectEvent_with_ilmd_field_without_namespace.json",
     "/epcisBody/eventList/0/ilmd/materialType"},
    {"Capture/Invalid/ObjectEvent_with_invalid_action.json", "/epcisBody/eventList/0/action"},
    {"Capture/Invalid/ObjectEvent_with_invalid_certificationInfo.json",
     "/epcisBody/eventList/0/certificationInfo/0"},
    {"Capture/Invalid/ObjectEvent_with_invalid_eventTime_format.json", "/epcisBody/eventList/0/eventTime"},
    {"Capture/Invalid/ObjectEvent_with_non_standard_bizStep.json", "/epcisBody/eventList/0/bizStep"},
    {"Capture/Invalid/ObjectEvent_with_non_standard_bizStep_in_second_event.json", "/epcisBody/eventList/1/bizStep"},
    {"Capture/Invalid/ObjectEvent_with_non_standard_disposition.json", "/epcisBody/eventList/0/disposition"},
    {"Capture/Invalid/ObjectEvent_with_quantity_as_text.json", "/epcisBody/eventList/0/quantityList/0/quantity"},
    {"Capture/Invalid/ObjectEvent_with_unknown_field_in_quantityList.json",
     "/epcisBody/eventList/0/quantityList/0/weight"},
    {"Capture/Invalid/ObjectEvent_without_action_and_eventTime.json", "/epcisBody/eventList/0/eventTime"},
    {"Capture/Invalid/ObjectEvent_without_identifier_list.json", "/epcisBody/eventList/0/epcList"},
    {"Query/Invalid/QueryDocument_with_invalid_action.json", "/epcisBody/queryResults/resultsBody/eventList/0/action"},
    {"Query/Invalid/QueryDocument_with_invalid_eventType.json", "/epcisBody/queryResults/resultsBody/eventList/0/type"},
};

TEST(ValidateConformance, OpenEpcisInvalidCasesNameTheMemberAtFault) {
  const fs::path root = Corpus() / kOpenEpcis;
  int seen = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string rel = fs::relative(entry.path(), root).string();
    // Queries/Invalid holds query-schema cases (GET parameters), not documents.
    if (entry.path().extension() != ".json" || rel.find("/Invalid/") == std::string::npos ||
        rel.starts_with("Query/Queries/")) {
      continue;
    }
    SCOPED_TRACE(rel);
    ++seen;
    auto it = kInvalidCases.find(rel);
    ASSERT_NE(it, kInvalidCases.end()) << "new Invalid/ case: add it to the table";
    const auto got = ValidateText(ReadFileOrDie(entry.path()));
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got[0].pointer, it->second) << got[0].message;
  }
  EXPECT_EQ(seen, static_cast<int>(kInvalidCases.size()));
}

TEST(ValidateConformance, EveryViolationOfACombinedCaseIsReported) {
  const auto got = ValidateDocument(
      Parse(ReadFileOrDie(Corpus() / kOpenEpcis / "Capture/Invalid/Combination_of_multiple_invalid_fields.json")),
      10);
  std::vector<std::string> pointers;
  for (const auto& v : got) pointers.push_back(v.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/epcisBody/eventList/0/bizStep", "/epcisBody/eventList/1/disposition",
                                                "/epcisBody/eventList/2/sourceList/0/type",
                                                "/epcisBody/eventList/3/ilmd/materialType",
                                                "/epcisBody/eventList/4/eventTime"}));
}

// A minimal valid document around `event` (JSON text), with prefix ex: declared.
std::string Doc(const std::string& event) {
  return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://ex.example/"}],
    "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-01-01T00:00:00Z",
    "epcisBody":{"eventList":[)" + event + "]}}";
}
std::string Event(const std::string& extra) {
  return R"({"type":"ObjectEvent","eventTime":"2024-01-01T10:00:00+01:00","eventTimeZoneOffset":"+01:00",
    "action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2017"])" + extra + "}";
}
std::string PointerOf(const std::string& text) {
  auto got = ValidateText(text);
  return got.empty() ? "(valid)" : got[0].pointer;
}

TEST(Validate, SemanticRules) {
  EXPECT_EQ(PointerOf(Doc(Event(""))), "(valid)");
  // Undeclared CURIE prefixes, in member names and in values.
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"ex:a":1)"))), "(valid)");
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"nope:a":1)"))), "/epcisBody/eventList/0/nope:a");
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"ex:a":{"nope:b":1})"))), "/epcisBody/eventList/0/ex:a/nope:b");
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"bizStep":"nope:step")"))), "/epcisBody/eventList/0/bizStep");
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"bizStep":"ex:step")"))), "(valid)");
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"https://ns.example/x":1)"))), "(valid)");
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"nope:a/b~c":1)"))), "/epcisBody/eventList/0/nope:a~1b~0c") << "RFC 6901 escapes";
  // GS1 check digits (SGTIN URN is fine; a Digital Link with a wrong GTIN check digit is not).
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"readPoint":{"id":"https://id.gs1.org/414/9520123456789"})"))),
            "/epcisBody/eventList/0/readPoint/id");
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"readPoint":{"id":"https://id.gs1.org/414/9520123456788"})"))), "(valid)");
  // Timestamps must be real instants.
  EXPECT_EQ(PointerOf(Doc(R"({"type":"ObjectEvent","eventTime":"2023-02-29T10:00:00Z","eventTimeZoneOffset":"+00:00",
    "action":"OBSERVE","epcList":[]})")), "/epcisBody/eventList/0/eventTime");
  // A schema violation is reported before a semantic one earlier in the event.
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"nope:a":1,"action":"FOO")"))), "/epcisBody/eventList/0/action");
  // ilmd only on ObjectEvent ADD; persistentDisposition forbidden on AggregationEvent.
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"ilmd":{"ex:lot":"1"})"))), "/epcisBody/eventList/0/ilmd");
  EXPECT_EQ(PointerOf(Doc(R"({"type":"AggregationEvent","eventTime":"2024-01-01T10:00:00Z","eventTimeZoneOffset":"+00:00",
    "action":"DELETE","persistentDisposition":{"set":["active"]}})")), "/epcisBody/eventList/0/persistentDisposition");
  // TransformationEvent: no action; needs inputs and outputs (or a transformationID).
  EXPECT_EQ(PointerOf(Doc(R"({"type":"TransformationEvent","eventTime":"2024-01-01T10:00:00Z",
    "eventTimeZoneOffset":"+00:00","inputEPCList":["urn:epc:id:sgtin:0614141.107346.2017"]})")),
            "/epcisBody/eventList/0/outputEPCList");
  EXPECT_EQ(PointerOf(Doc(R"({"type":"TransformationEvent","eventTime":"2024-01-01T10:00:00Z",
    "eventTimeZoneOffset":"+00:00","action":"ADD","inputEPCList":["urn:epc:id:sgtin:0614141.107346.2017"],
    "outputEPCList":["urn:epc:id:sgtin:0614141.107346.2018"]})")), "/epcisBody/eventList/0/action");
}

TEST(Validate, BareEventsNeedTheirOwnContext) {
  const std::string bare = R"({"type":"ObjectEvent","eventTime":"2024-01-01T10:00:00Z","eventTimeZoneOffset":"+00:00",
    "action":"OBSERVE","epcList":[],"ex:a":1)";
  EXPECT_EQ(PointerOf(bare + "}"), "/@context");
  EXPECT_EQ(PointerOf(bare + R"(,"@context":["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"]})"), "/ex:a");
  EXPECT_EQ(PointerOf(bare + R"(,"@context":[{"ex":"https://ex.example/"}]})"), "(valid)");
}

TEST(Validate, ProtectedPrefixesCannotBeRedefined) {
  std::string text = Doc(Event(""));
  text.replace(text.find(R"("ex":)"), 4, R"("cbv":"https://evil.example/","ex")");
  EXPECT_EQ(PointerOf(text), "/@context");
}

TEST(Validate, NestingDeeperThan64LevelsIsRejected) {
  auto nested = [](int levels) {  // an extension value with `levels` nested arrays
    return std::string(levels, '[') + std::string(levels, ']');
  };
  // The event sits at level 4 (document, epcisBody, eventList, event); its
  // member's value adds one level per array.
  EXPECT_EQ(PointerOf(Doc(Event(R"(,"ex:a":)" + nested(60)))), "(valid)");
  const std::string deep = PointerOf(Doc(Event(R"(,"ex:a":)" + nested(61))));
  EXPECT_EQ(deep, "/epcisBody/eventList/0/ex:a" + [] {
    std::string s;
    for (int i = 0; i < 60; ++i) s += "/0";
    return s;
  }());
}

TEST(ValidateValues, UriFormat) {
  for (const char* ok : {"urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/09521141012345/21/2017",
                         "ex:field", "ni:///sha-256;abc?ver=CBV2.0", "geo:52.5,13.4", "a:", "http://x/%20#frag"}) {
    EXPECT_TRUE(IsUriFormat(ok)) << ok;
  }
  for (const char* bad : {"", "materialType", "1ab:x", ":x", "http://a b", "http://x/%2", "http://x/#a#b",
                          "http://[::1]/", "ex:\xc3\xa9", "ex:{x}"}) {
    EXPECT_FALSE(IsUriFormat(bad)) << bad;
  }
}

// IsDateTime is exactly "NormalizeTimestamp succeeds" (one definition of a
// valid instant for the validator and the event hash).
RC_GTEST_PROP(ValidateValues, DateTimeAgreesWithNormalizeTimestamp, ()) {
  const char* kSamples[] = {"2024-02-29T23:59:59.9995Z", "0001-01-01T00:30:00+01:00", "9999-12-31T23:59:59.9995Z",
                            "2023-02-29T00:00:00Z",      "2024-01-01T24:00:00Z",      "2024-01-01T00:00:00+14:01",
                            "2024-01-01T00:00:00.Z",     "2024-01-01t00:00:00z",      "2024-01-01T00:00:60Z"};
  std::string s = *rc::gen::elementOf(std::vector<std::string>(std::begin(kSamples), std::end(kSamples)));
  const int edits = *rc::gen::inRange(0, 3);
  for (int i = 0; i < edits; ++i) {
    const size_t pos = *rc::gen::inRange<size_t>(0, s.size());
    s[pos] = *rc::gen::elementOf(std::string("0123456789+-:.TZ59"));
  }
  RC_ASSERT(IsDateTime(s) == NormalizeTimestamp(s).ok());
}

}  // namespace
}  // namespace orelog::epcis
