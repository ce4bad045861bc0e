// Conformance: every GS1 example document (gs1-EPCIS/JSON/**.jsonld) is
// captured whole through the real capture path (strict parse, validation,
// hash, disclosure, leaf, rows), except the ones docs/validation.md lists
// with their reasons; and every OpenEPCIS Invalid/ capture document is
// refused with nothing stored.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "repo/repo_test_fixture.h"

namespace orelog::repo {
namespace {
namespace fs = std::filesystem;

class CaptureCorpusTest : public RepoFixture {};

TEST_F(CaptureCorpusTest, EveryGs1ExampleIsCapturedExceptTheListedOnes) {
  // docs/validation.md, "GS1 example documents that orelog does not accept".
  const std::map<std::string, std::string> refused = {
      {"WithFullCombinationOfFields/transformation_event_all_possible_fields.jsonld", "/@context"},
      {"WithFullCombinationOfFields/association_event_all_possible_fields.jsonld",
       "/epcisBody/eventList/0/sensorElementList/0/sensorReport/0/component"},
      {"WithFullCombinationOfFields/object_event_all_possible_fields.jsonld",
       "/epcisBody/eventList/0/sensorElementList/0/sensorReport/0/component"},
      {"WithFullCombinationOfFields/transaction_event_all_possible_fields.jsonld",
       "/epcisBody/eventList/0/sensorElementList/0/sensorReport/0/component"},
      // The event has two "eventID" members: JSON leaves the meaning open, the strict reader refuses it.
      {"AssociationEvent/AssociationEvent-h.jsonld", "/epcisBody/eventList/0/eventID"},
  };
  const fs::path root = orelog::testing::SharedDir() / "conformance/epcis/gs1-EPCIS/JSON";
  int documents = 0, events = 0, refusals = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".jsonld") continue;
    const std::string rel = fs::relative(entry.path(), root).string();
    std::string text = orelog::testing::ReadFileOrDie(entry.path());
    if (text.find("\"EPCISDocument\"") == std::string::npos && text.find("\"EPCISQueryDocument\"") == std::string::npos) {
      continue;  // not a document
    }
    ++documents;
    CaptureOutcome out = capturer_->CaptureDocument(text, "gs1-examples", ErrorBehaviour::kRollback);
    if (auto it = refused.find(rel); it != refused.end()) {
      ++refusals;
      EXPECT_FALSE(out.status.ok()) << rel;
      EXPECT_EQ(out.pointer, it->second) << rel << ": " << out.status.ToString();
      continue;
    }
    EXPECT_TRUE(out.status.ok()) << rel << ": " << out.status.ToString();
    if (!out.status.ok()) continue;
    EXPECT_TRUE(out.job.success) << rel;
    events += static_cast<int>(out.job.captured + out.job.duplicates);
  }
  EXPECT_EQ(refusals, static_cast<int>(refused.size()));
  EXPECT_GE(documents, 40);
  EXPECT_GE(events, 50);
  EXPECT_EQ(Count("events"), Entries());
  RecordProperty("documents", documents);
  RecordProperty("events", events);
}

TEST_F(CaptureCorpusTest, OpenEpcisInvalidCaptureDocumentsStoreNothing) {
  const fs::path dir = orelog::testing::SharedDir() /
                       "conformance/epcis/openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Capture/Invalid";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    std::string text = orelog::testing::ReadFileOrDie(entry.path());
    for (ErrorBehaviour b : {ErrorBehaviour::kRollback, ErrorBehaviour::kProceed}) {
      CaptureOutcome out = capturer_->CaptureDocument(text, "openepcis", b);
      if (b == ErrorBehaviour::kRollback) {
        EXPECT_FALSE(out.status.ok()) << entry.path().filename();
        EXPECT_FALSE(out.pointer.empty()) << entry.path().filename();
      } else if (out.status.ok()) {
        EXPECT_FALSE(out.job.success) << entry.path().filename();
      }
    }
  }
  EXPECT_EQ(files, 15);
  // proceed may store the valid events of these documents, never the invalid ones.
  EXPECT_EQ(Count("events"), Entries());
}

}  // namespace
}  // namespace orelog::repo
