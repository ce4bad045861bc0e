// Conformance against the Python reference implementation's published
// vectors (shared/conformance/epcis/RalphTro-epcis-event-hash-generator,
// tests/examples/*.jsonld + .hashes + .prehashes; see SOURCES.md there).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
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
    }
  }
  EXPECT_EQ(files, 22);
  // 43 JSON event vectors: every one passes except the ignoreFields ones.
  EXPECT_EQ(passed, 41);
  EXPECT_EQ(excepted, 2);
  EXPECT_EQ(prehash_checked, 41);
  EXPECT_EQ(documented_checked, 41);
}

}  // namespace
}  // namespace orelog::epcis
