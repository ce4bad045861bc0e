// CaptureOptions::custody: off, the events are captured without custody rows.
#include <gtest/gtest.h>

#include "repo/repo_test_fixture.h"

namespace orelog::repo {
namespace {

// A profile document: a site in master data, an extraction and a transformation.
std::string CustodyDoc(const std::string& lot) {
  return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",)"
         R"({"orl":"https://ns.orelog.dev/minerals#"}],"type":"EPCISDocument","schemaVersion":"2.0",)"
         R"("creationDate":"2026-11-01T00:00:00Z","epcisHeader":{"epcisMasterData":{"vocabularyList":[)"
         R"({"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[)"
         R"({"id":"urn:epc:id:sgln:0614141.10001.0","attributes":[{"id":"orl:role","attribute":"mine"}]}]}]}},)"
         R"("epcisBody":{"eventList":[)"
         R"({"type":"ObjectEvent","eventTime":"2026-10-01T08:00:00Z","eventTimeZoneOffset":"+00:00","action":"ADD",)"
         R"("bizStep":"commissioning","quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.011111.)" + lot +
         R"(","quantity":1000,"uom":"KGM"}],"bizLocation":{"id":"urn:epc:id:sgln:0614141.10001.0"}},)"
         R"({"type":"TransformationEvent","eventTime":"2026-10-02T08:00:00Z","eventTimeZoneOffset":"+00:00",)"
         R"("bizStep":"commissioning","inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.011111.)" + lot +
         R"(","quantity":1000,"uom":"KGM"}],"outputQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.011111.)" +
         lot + R"(C","quantity":1000,"uom":"KGM"}],"bizLocation":{"id":"urn:epc:id:sgln:0614141.10001.0"}}]}})";
}

using CaptureCustodyOption = RepoFixture;

TEST_F(CaptureCustodyOption, OnByDefaultWritesFactsEdgesAndSites) {
  CaptureOutcome out = capturer_->CaptureDocument(CustodyDoc("L1"), "urn:epc:id:pgln:0614141.00001", ErrorBehaviour::kRollback);
  ASSERT_OK(out.status);
  EXPECT_EQ(out.job.captured, 2u);
  EXPECT_EQ(Count("custody_facts"), 2);
  EXPECT_EQ(Count("lot_edges"), 1);
  EXPECT_EQ(Count("custody_sites"), 1);
}

TEST_F(CaptureCustodyOption, OffCapturesTheEventsOnly) {
  CaptureOptions co;
  co.custody = false;
  Capturer bare(*ledger_, co);
  CaptureOutcome out = bare.CaptureDocument(CustodyDoc("L2"), "urn:epc:id:pgln:0614141.00001", ErrorBehaviour::kRollback);
  ASSERT_OK(out.status);
  EXPECT_EQ(out.job.captured, 2u);
  EXPECT_EQ(Count("events"), 2);
  EXPECT_EQ(Count("custody_facts"), 0);
  EXPECT_EQ(Count("lot_edges"), 0);
  EXPECT_EQ(Count("custody_sites"), 0);
  EXPECT_EQ(Count("master_data"), 1);  // ordinary master data is still kept
}

}  // namespace
}  // namespace orelog::repo
