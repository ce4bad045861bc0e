// Conformance against the Python reference implementation's published
// vectors (shared/conformance/epcis/RalphTro-epcis-event-hash-generator,
// tests/examples/*.jsonld + .hashes + .prehashes; see SOURCES.md there).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "epcis/event_hash.h"
#include "testutil/shared_data.h"

namespace orelog::epcis {
namespace {

namespace fs = std::filesystem;
using testing::ReadFileOrDie;
using testing::SharedDir;

fs::path Examples() {
  return SharedDir() / "conformance/epcis/RalphTro-epcis-event-hash-generator/tests/examples";
}
fs::path Derived() {
  return SharedDir() /
         "conformance/epcis/derived/python-reference-outputs/RalphTro-epcis-event-hash-generator/tests/examples";
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// Hashes `input` in the Python-reference order and compares each event with
// the expected line of `hashes_file`. An excepted file (reason set) must
// still differ, so that a fixed exception is noticed and dropped.
void CheckAgainstHashesFile(const fs::path& hashes_file, const fs::path& input, const char* reason, int& passed,
                            int& excepted) {
  const auto hashes = Lines(ReadFileOrDie(hashes_file));
  auto got = HashEventsInJson(ReadFileOrDie(input), HashOptions::kPythonReference);
  if (reason != nullptr) {
    bool differs = !got.ok() || got->size() != hashes.size() ||
                   !std::equal(hashes.begin(), hashes.end(), got->begin(),
                               [](const std::string& h, const HashedEvent& e) { return h == e.hash; });
    EXPECT_TRUE(differs) << "excepted file now passes; drop the exception: " << reason;
    ++excepted;
    return;
  }
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), hashes.size());
  for (size_t i = 0; i < hashes.size(); ++i) {
    EXPECT_EQ((*got)[i].hash, hashes[i]) << "event " << i << ": " << (*got)[i].pre_hash;
    if ((*got)[i].hash == hashes[i]) ++passed;
  }
}

// Upstream .prehashes files that do not produce their .hashes (SOURCES.md).
const std::set<std::string> kStalePrehashes = {
    "epcisDocWithAllGS1Keys", "epcisDocWithCustomSchemaInContext",
    "epcisDocWithDefaultSchemaInContext", "epcisXmlQueryDocHavingEventWithIgnoreFields"};

// Vectors we deliberately do not reproduce, with the reason.
struct Exception {
  const char* file;
  int event;
  const char* reason;
};
const Exception kExceptions[] = {
    {"epcisDocHavingEventWithIgnoreFields", 0,
     "the reference drops fields listed in the non-standard document field "
     "repository-x:ignoreFields; orelog never honours it (two different events could hash alike)"},
    {"epcisQueryDocHavingEventWithIgnoreFields", 0, "as above: ignoreFields"},
};

const Exception* FindException(const std::string& file, int event) {
  for (const auto& e : kExceptions) {
    if (file == e.file && event == e.event) return &e;
  }
  return nullptr;
}

TEST(EventHashConformance, RalphTroJsonVectors) {
  int files = 0, passed = 0, excepted = 0, prehash_checked = 0, documented_checked = 0;
  int documented_exact = 0;  // the documented order gives the very same hash
  std::set<std::string> documented_differs;
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(Examples())) {
    if (entry.path().extension() == ".jsonld") inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& input : inputs) {
    const std::string stem = input.stem().string();
    SCOPED_TRACE(stem);
    ++files;
    const std::string text = ReadFileOrDie(input);
    const auto hashes = Lines(ReadFileOrDie(Examples() / (stem + ".hashes")));
    fs::path pre_path = Examples() / (stem + ".prehashes");
    if (kStalePrehashes.count(stem) || !fs::exists(pre_path)) {
      pre_path = Derived() / (stem + ".jsonld.prehashes");
    }
    const auto prehashes = Lines(ReadFileOrDie(pre_path));

    auto python = HashEventsInJson(text, HashOptions::kPythonReference);
    ASSERT_TRUE(python.ok()) << python.status().ToString();
    auto documented = HashEventsInJson(text, HashOptions::kDocumented);
    ASSERT_TRUE(documented.ok()) << documented.status().ToString();
    ASSERT_EQ(python->size(), hashes.size());
    for (size_t i = 0; i < hashes.size(); ++i) {
      SCOPED_TRACE("event " + std::to_string(i));
      const HashedEvent& got = (*python)[i];
      if (const Exception* ex = FindException(stem, static_cast<int>(i))) {
        EXPECT_NE(got.hash, hashes[i]) << "excepted vector now passes; drop the exception: " << ex->reason;
        ++excepted;
        continue;
      }
      EXPECT_EQ(got.hash, hashes[i]) << got.pre_hash;
      if (got.hash == hashes[i]) ++passed;
      if (i < prehashes.size()) {
        EXPECT_EQ(got.pre_hash, prehashes[i]);
        ++prehash_checked;
      }
      // The documented order emits the same parts, only (possibly) reordered.
      const HashedEvent& doc = (*documented)[i];
      EXPECT_EQ(doc.pre_hash.size(), got.pre_hash.size());
      std::string a = doc.pre_hash, b = got.pre_hash;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      EXPECT_EQ(a, b);
      ++documented_checked;
      if (doc.hash == hashes[i]) {
        ++documented_exact;
      } else {
        documented_differs.insert(stem + " #" + std::to_string(i));
      }
    }
  }
  EXPECT_EQ(files, 22);
  // 43 JSON event vectors: every one passes except the ignoreFields ones.
  EXPECT_EQ(passed, 41);
  EXPECT_EQ(excepted, 2);
  EXPECT_EQ(prehash_checked, 41);
  EXPECT_EQ(documented_checked, 41);
  // Order-sensitive events (source+destination lists, ...; epcis.md §3.3):
  // ReferenceEventHashAlgorithm3, epcisDocWithVariousEventTypes #0 #1,
  // epcisDocWithShippingAndTransportingEvent #0.
  EXPECT_EQ(documented_exact, 37);
  EXPECT_EQ(documented_differs,
            (std::set<std::string>{"ReferenceEventHashAlgorithm3 #0", "epcisDocWithShippingAndTransportingEvent #0",
                                   "epcisDocWithVariousEventTypes #0", "epcisDocWithVariousEventTypes #1"}));
}

}  // namespace
}  // namespace orelog::epcis

namespace orelog::epcis {
namespace {

// tests/expected_equal: several spellings of one event must hash equal (the
// other files there are XML).
TEST(EventHashConformance, ExpectedEqualJson) {
  const std::string text = ReadFileOrDie(
      SharedDir() / "conformance/epcis/RalphTro-epcis-event-hash-generator/tests/expected_equal/ReferenceEventHashAlgorithm.json");
  for (auto order : {HashOptions::kDocumented, HashOptions::kPythonReference}) {
    auto got = HashEventsInJson(text, order);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_EQ(got->size(), 2u);
    for (const auto& e : *got) {
      EXPECT_EQ(e.hash, "ni:///sha-256;6ae96341e0acc6d7a261364751f60e68278a81cdf51da0abb6b4e617014e39d7?ver=CBV2.0");
    }
  }
}

// An original minerals event that separates the two orders: the Python tool
// and epcis2.js give pre-hash strings that differ only in field order.
TEST(EventHashConformance, OrderProbe) {
  const fs::path dir = SharedDir() / "conformance/epcis/derived/order-probe";
  const std::string text = ReadFileOrDie(dir / "minerals-order-probe.jsonld");
  auto python = HashEventsInJson(text, HashOptions::kPythonReference);
  auto documented = HashEventsInJson(text, HashOptions::kDocumented);
  ASSERT_TRUE(python.ok()) << python.status().ToString();
  ASSERT_TRUE(documented.ok()) << documented.status().ToString();
  ASSERT_EQ(python->size(), 1u);
  ASSERT_EQ(documented->size(), 1u);
  EXPECT_EQ((*python)[0].pre_hash, Lines(ReadFileOrDie(dir / "minerals-order-probe.python-ref.prehashes"))[0]);
  EXPECT_EQ((*python)[0].hash, Lines(ReadFileOrDie(dir / "minerals-order-probe.python-ref.hashes"))[0]);
  EXPECT_EQ((*documented)[0].pre_hash, Lines(ReadFileOrDie(dir / "minerals-order-probe.epcis2js.prehashes"))[0]);
  EXPECT_EQ((*documented)[0].hash, Lines(ReadFileOrDie(dir / "minerals-order-probe.epcis2js.hashes"))[0]);
}

// Events of the gs1/EPCIS and OpenEPCIS JSON examples on which the Python
// reference's output is not reproduced, with the reason (derived/README.md).
const std::pair<const char*, const char*> kDerivedExceptions[] = {
    {"gs1-EPCIS/XML/WithEventHashID/event_with_identical_hash_id_7",
     "the reference leaves gs1:Temperature unexpanded in sensorReport.type (it expands gs1:Angle "
     "elsewhere) and drops the sensorMetadata extension; SOURCES.md: not a valid equal-hash set"},
    {"gs1-EPCIS/JSON/WithSensorData/SensorDataExample9", "reference writes JSON true as Python's True"},
    {"gs1-EPCIS/JSON/WithFullCombinationOfFields/object_event_all_possible_fields",
     "reference writes JSON true as Python's True"},
    {"gs1-EPCIS/JSON/WithFullCombinationOfFields/association_event_all_possible_fields",
     "reference writes JSON true as Python's True"},
    {"gs1-EPCIS/JSON/WithFullCombinationOfFields/transaction_event_all_possible_fields",
     "reference writes JSON true as Python's True"},
    {"gs1-EPCIS/JSON/WithFullCombinationOfFields/aggregation_event_all_possible_fields",
     "reference writes True and leaves the CURIE cbv:Comp-latitude unexpanded"},
    {"gs1-EPCIS/JSON/WithSensorData/SensorDataExample7",
     "reference re-renders the numeric-looking string \"111100001111000011110000\" through a float"},
    {"gs1-EPCIS/JSON/WithSensorData/SensorDataExample12",
     "reference repeats sensorElementList for nested sensor extensions and leaves cbvmda: unexpanded"},
    {"gs1-EPCIS/JSON/WithSensorData/SensorDataExample8",
     "sensorReport.bizRules (a JSON Schema field missing from the CBV order table): orelog places it "
     "after dataProcessingMethod; both reference tools re-emit it at the end with its wrapper path"},
};

// The Python reference's outputs for the gs1/EPCIS and OpenEPCIS JSON examples.
TEST(EventHashConformance, DerivedJsonCorpus) {
  const fs::path derived = SharedDir() / "conformance/epcis/derived/python-reference-outputs";
  const fs::path corpus = SharedDir() / "conformance/epcis";
  int passed = 0, excepted = 0;
  for (const char* repo : {"gs1-EPCIS", "openepcis-test-resources"}) {
    for (const auto& entry : fs::recursive_directory_iterator(derived / repo)) {
      if (entry.path().extension() != ".hashes") continue;
      fs::path rel = fs::relative(entry.path(), derived).replace_extension();
      fs::path input;
      for (const char* ext : {".jsonld", ".json"}) {
        fs::path p = corpus / rel;
        p += ext;
        if (fs::exists(p)) input = p;
      }
      if (input.empty()) continue;  // XML only: XML capture is a later issue
      SCOPED_TRACE(rel.string());
      const char* reason = nullptr;
      for (const auto& [name, why] : kDerivedExceptions) {
        if (rel.string() == name) reason = why;
      }
      CheckAgainstHashesFile(entry.path(), input, reason, passed, excepted);
    }
  }
  EXPECT_EQ(passed, 46);
  EXPECT_EQ(excepted, 9);
}

}  // namespace
}  // namespace orelog::epcis

namespace orelog::epcis {
namespace {

// epcis2.js 2.7.3 (documented order) on the same JSON examples. It has known
// bugs (derived/README.md); the events whose only divergence from the Python
// tool is field order must match kDocumented exactly.
TEST(EventHashConformance, Epcis2jsDocumentedOrder) {
  const fs::path derived = SharedDir() / "conformance/epcis/derived";
  const auto rows = Lines(ReadFileOrDie(derived / "python-vs-epcis2js-comparison.tsv"));
  int matched = 0, skipped = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    std::vector<std::string> col;
    std::istringstream in(rows[r]);
    for (std::string c; std::getline(in, c, '\t');) col.push_back(c);
    col.resize(4);
    const std::string& hint = col[3];
    bool order_only = true;
    std::istringstream hints(hint);
    for (std::string h; hints >> h;) {
      if (h != "src-dst-order" && h != "sensor-vs-biztx-order" && h != "ilmd-vs-source-order") order_only = false;
    }
    if (!order_only) {
      ++skipped;
      continue;
    }
    fs::path rel = fs::path(col[0]).replace_extension();
    fs::path input;
    for (const char* ext : {".jsonld", ".json"}) {
      fs::path p = SharedDir() / "conformance/epcis" / rel;
      p += ext;
      if (fs::exists(p)) input = p;
    }
    SCOPED_TRACE(col[0] + " #" + col[1]);
    ASSERT_FALSE(input.empty());
    const size_t index = std::stoul(col[1]);
    const auto want = Lines(ReadFileOrDie(derived / "epcis2js-2.7.3-outputs" / col[0]));
    auto got = HashEventsInJson(ReadFileOrDie(input), HashOptions::kDocumented);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_LT(index, got->size());
    ASSERT_LT(index, want.size());
    EXPECT_EQ((*got)[index].hash, want[index]) << (*got)[index].pre_hash;
    if ((*got)[index].hash == want[index]) ++matched;
  }
  // 96 events in the table: 61 agree or differ only in order; 35 hit an
  // epcis2.js bug (SSCC check digit, unexpanded CURIEs, truncated time,
  // extension placement) or a Python quirk (True, ignoreFields).
  EXPECT_EQ(matched, 61);
  EXPECT_EQ(skipped, 35);
}

}  // namespace
}  // namespace orelog::epcis

namespace orelog::epcis {
namespace {

// OpenEPCIS keeps XML/JSON twins (…/XML/X.xml ↔ …/JSON/X.json) that must hash
// equal. The Python reference could only hash the XML ones offline, so their
// outputs are the oracle for the JSON twins.
const std::pair<const char*, const char*> kTwinExceptions[] = {
    {"Capture/Documents/AggregationEvent_all_possible_fields", "XML twin: xsi:type attributes are hashed; numeric strings re-rendered through float"},
    {"Capture/Documents/AssociationEvent_all_possible_fields", "XML twin: xsi:type attributes are hashed"},
    {"Capture/Documents/ObjectEvent_all_possible_fields", "JSON string \"23.0\" vs XML 23 re-rendered through float"},
    {"Capture/Documents/TransactionEvent_all_possible_fields", "JSON string \"23.0\" vs XML 23 re-rendered through float"},
    {"Query/ObjectEventWithAllPossibleFields", "JSON string \"23.0\" vs XML 23 re-rendered through float"},
    {"Capture/Documents/TransformationEvent_all_possible_fields",
     "the JSON @context redefines the protected standard prefix cbvmda: orelog rejects it (InvalidArgument)"},
    {"Capture/Documents/AggregationEvent_with_sensorData",
     "XML twin: the QName value example:someSensorProperty stays unexpanded; sensorReport.bizRules re-emitted at the end"},
    {"Capture/Documents/SensorData_and_extension", "XML twin: QName value example:someSensorProperty stays unexpanded"},
    {"Capture/Documents/TransformationEvent_with_sensorData", "XML twin: QName value stays unexpanded"},
    {"Capture/Documents/TransformationEvent_with_userExtensions", "XML twin: QName value stays unexpanded"},
    {"Capture/Documents/SensorData_with_combined_events",
     "GRAI https://id.example.com/8003/952012200000001004 has a wrong check digit: orelog rejects it"},
    {"Query/SensorData_with_combined_events", "as above: wrong GRAI check digit"},
    {"Query/queryDocument", "GRAI https://id.example.com/8003/030013450007718765 has a wrong check digit"},
};

TEST(EventHashConformance, OpenEpcisJsonTwinsOfXml) {
  const fs::path derived = SharedDir() /
      "conformance/epcis/derived/python-reference-outputs/openepcis-test-resources/core/src/main/resources/2.0/EPCIS/XML";
  const fs::path json_dir =
      SharedDir() / "conformance/epcis/openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON";
  int passed = 0, excepted = 0;
  for (const auto& entry : fs::recursive_directory_iterator(derived)) {
    if (entry.path().extension() != ".hashes") continue;
    const std::string rel = fs::relative(entry.path(), derived).replace_extension().string();
    const fs::path twin = json_dir / (rel + ".json");
    if (!fs::exists(twin)) continue;  // XML only
    SCOPED_TRACE(rel);
    const char* reason = nullptr;
    for (const auto& [name, why] : kTwinExceptions) {
      if (rel == name) reason = why;
    }
    CheckAgainstHashesFile(entry.path(), twin, reason, passed, excepted);
  }
  EXPECT_EQ(passed, 40);
  EXPECT_EQ(excepted, 13);
}

}  // namespace
}  // namespace orelog::epcis
