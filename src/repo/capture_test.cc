#include "repo/capture.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "epcis/disclosure.h"
#include "epcis/leaf.h"
#include "repo/repo_test_fixture.h"

namespace orelog::repo {
namespace {
namespace json = boost::json;
using orelog::testing::SqlInt;
using orelog::testing::StatusIs;

class CaptureTest : public RepoFixture {};

TEST_F(CaptureTest, CapturesADocumentWithItsPrivateRowsInTheSameCommit) {
  CaptureOutcome out = capturer_->CaptureDocument(Doc(ObjEv(1) + "," + ObjEv(2) + "," + ObjEv(3)), "miner-1",
                                                  ErrorBehaviour::kRollback);
  ASSERT_OK(out.status);
  EXPECT_TRUE(out.job.success);
  EXPECT_EQ(out.job.captured, 3u);
  EXPECT_EQ(out.job.duplicates, 0u);
  EXPECT_EQ(Entries(), 3);
  EXPECT_EQ(Count("events"), 3);
  EXPECT_EQ(Count("capture_jobs"), 1);
  EXPECT_GT(Count("full_terms"), 3);
  // Every entry is a v1 event leaf whose publicId has its events row.
  for (uint64_t i = 0; i < 3; ++i) {
    auto entry = ledger_->Entry(i);
    ASSERT_OK(entry);
    auto env = epcis::DecodeLeaf(AsChars(*entry));
    ASSERT_OK(env);
    EXPECT_EQ(env->submitter, "miner-1");
    auto stored = reader_->FindEvent(env->public_id, Access::kPublic);
    ASSERT_OK(stored);
    EXPECT_EQ(stored->index, i);
    auto full = reader_->EventAt(i, Access::kFull);
    ASSERT_OK(full);
    json::object f = json::parse(full->form).as_object();
    EXPECT_EQ(f.at("recordTime").as_string(), env->received_at);
    // No eventID was sent: the repository fills in the CBV hash.
    EXPECT_TRUE(f.at("eventID").as_string().starts_with("ni:///sha-256;"));
  }
  auto job = reader_->Job(out.job.id, "miner-1");
  ASSERT_OK(job);
  EXPECT_EQ(job->captured, 3u);
  EXPECT_TRUE(StatusIs(reader_->Job(out.job.id, "someone-else"), Code::kNotFound));
}

TEST_F(CaptureTest, RollbackStoresNothingOfADocumentWithAnInvalidEvent) {
  std::string bad = R"({"type":"ObjectEvent","eventTime":"2026-10-01T08:00:00Z","eventTimeZoneOffset":"+00:00",)"
                    R"("epcList":["urn:epc:id:sgtin:0614141.107346.9"]})";  // no action
  CaptureOutcome out = capturer_->CaptureDocument(Doc(ObjEv(1) + "," + bad), "miner-1", ErrorBehaviour::kRollback);
  EXPECT_TRUE(StatusIs(out.status, Code::kInvalidArgument));
  EXPECT_EQ(out.exception, kValidationException);
  EXPECT_EQ(out.pointer, "/epcisBody/eventList/1/action");
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].index, 1u);
  EXPECT_EQ(Entries(), 0);
  EXPECT_EQ(Count("events"), 0);
  EXPECT_EQ(Count("capture_jobs"), 0);
}

TEST_F(CaptureTest, ProceedStoresTheValidEventsAndListsTheOthers) {
  std::string bad = R"({"type":"ObjectEvent","eventTime":"2026-10-01T08:00:00Z","eventTimeZoneOffset":"+00:00",)"
                    R"("action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.8"],"ex:x":1})";  // undeclared prefix
  CaptureOutcome out =
      capturer_->CaptureDocument(Doc(bad + "," + ObjEv(1) + "," + ObjEv(2)), "miner-1", ErrorBehaviour::kProceed);
  ASSERT_OK(out.status);
  EXPECT_FALSE(out.job.success);
  EXPECT_EQ(out.job.captured, 2u);
  ASSERT_EQ(out.job.errors.size(), 1u);
  EXPECT_EQ(out.job.errors[0].index, 0u);
  EXPECT_EQ(out.job.errors[0].pointer, "/epcisBody/eventList/0/ex:x");
  EXPECT_EQ(Entries(), 2);
  auto job = reader_->Job(out.job.id, "miner-1");
  ASSERT_OK(job);
  EXPECT_FALSE(job->success);
  ASSERT_EQ(job->errors.size(), 1u);
  EXPECT_EQ(job->errors[0].pointer, "/epcisBody/eventList/0/ex:x");
}

TEST_F(CaptureTest, DuplicatesAreDetectedPerSubmitter) {
  std::string doc = Doc(ObjEv(1) + "," + ObjEv(2));
  ASSERT_OK(capturer_->CaptureDocument(doc, "miner-1", ErrorBehaviour::kRollback).status);
  CaptureOutcome again = capturer_->CaptureDocument(doc, "miner-1", ErrorBehaviour::kRollback);
  ASSERT_OK(again.status);
  EXPECT_EQ(again.job.captured, 0u);
  EXPECT_EQ(again.job.duplicates, 2u);
  EXPECT_EQ(Entries(), 2);
  auto retry_job = reader_->Job(again.job.id, "miner-1");  // the retry's job is recorded too
  EXPECT_TRUE(retry_job.ok()) << retry_job.status().ToString();
  // Another party capturing the same events gets entries of its own.
  CaptureOutcome other = capturer_->CaptureDocument(doc, "port-1", ErrorBehaviour::kRollback);
  ASSERT_OK(other.status);
  EXPECT_EQ(other.job.captured, 2u);
  EXPECT_EQ(Entries(), 4);
  // One document holding the same event twice: one entry.
  CaptureOutcome twice = capturer_->CaptureDocument(Doc(ObjEv(7) + "," + ObjEv(7)), "miner-1", ErrorBehaviour::kRollback);
  ASSERT_OK(twice.status);
  EXPECT_EQ(twice.job.captured, 1u);
  EXPECT_EQ(twice.job.duplicates, 1u);
  EXPECT_EQ(Entries(), 5);
  // Single events: a duplicate is reported with the earlier index.
  std::string ev = R"({"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",)" + ObjEv(9).substr(1);
  EventOutcome first = capturer_->CaptureEvent(ev, "miner-1");
  ASSERT_OK(first.status);
  EventOutcome dup = capturer_->CaptureEvent(ev, "miner-1");
  EXPECT_TRUE(StatusIs(dup.status, Code::kAlreadyExists));
  EXPECT_TRUE(dup.duplicate);
  EXPECT_EQ(dup.index, first.index);
  EXPECT_EQ(Entries(), 6);
}

TEST_F(CaptureTest, ACorrectionIsANewEntryLinkedToTheEventItCorrects) {
  std::string id = R"("eventID":"urn:uuid:5a7b8c9d-0000-4000-8000-000000000001")";
  ASSERT_OK(capturer_->CaptureDocument(Doc(ObjEv(1, id)), "miner-1", ErrorBehaviour::kRollback).status);
  std::string correction = ObjEv(1, id + R"(,"errorDeclaration":{"declarationTime":"2026-10-02T00:00:00Z","reason":"incorrect_data"})");
  CaptureOutcome out = capturer_->CaptureDocument(Doc(correction), "miner-1", ErrorBehaviour::kRollback);
  ASSERT_OK(out.status);
  EXPECT_EQ(out.job.captured, 1u);  // the CBV hash ignores errorDeclaration; dedup must not
  EXPECT_EQ(Entries(), 2);
  EXPECT_EQ(SqlInt(dir_ / Ledger::kDatabaseFile, "SELECT corrects FROM events WHERE idx = 1"), 0);
  // Both carry the eventID; the correction has a random public ID of its own.
  auto original = reader_->EventAt(0, Access::kFull);
  auto corrected = reader_->EventAt(1, Access::kFull);
  ASSERT_OK(original);
  ASSERT_OK(corrected);
  EXPECT_EQ(original->event_id, "urn:uuid:5a7b8c9d-0000-4000-8000-000000000001");
  EXPECT_EQ(corrected->event_id, original->event_id);
  EXPECT_NE(corrected->public_id, original->public_id);
  // Asking for the eventID gives the latest capture, i.e. the correction; the
  // eventID is public here (nothing withheld), so the public finds it too.
  for (Access access : {Access::kFull, Access::kPublic}) {
    auto latest = reader_->FindEvent("urn:uuid:5a7b8c9d-0000-4000-8000-000000000001", access);
    ASSERT_OK(latest);
    EXPECT_EQ(latest->index, 1u);
  }
}

TEST_F(CaptureTest, WithheldValuesStayOutOfEveryPublicForm) {
  std::string extra =
      R"("eventID":"ni:///sha-256;00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff?ver=CBV2.0",)"
      R"("bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:0614141073467:PO-SECRET-77"}],)"
      R"("ex:unitPrice":{"currency":"USD","amount":"98765.43"})";
  CaptureOutcome out =
      capturer_->CaptureDocument(Doc(ObjEv(1, extra), R"({"ex":"https://ns.example.com/epcis/"})"), "miner-1",
                                 ErrorBehaviour::kRollback);
  ASSERT_OK(out.status);
  auto entry = ledger_->Entry(0);
  ASSERT_OK(entry);
  std::string leaf(AsChars(*entry));
  auto pub = reader_->EventAt(0, Access::kPublic);
  ASSERT_OK(pub);
  for (const std::string* text : {&leaf, &pub->form}) {
    EXPECT_EQ(text->find("PO-SECRET-77"), std::string::npos) << *text;
    EXPECT_EQ(text->find("98765.43"), std::string::npos) << *text;
    EXPECT_EQ(text->find("00112233445566778899"), std::string::npos) << *text;  // the client's ni:/// eventID
  }
  auto env = epcis::DecodeLeaf(leaf);
  ASSERT_OK(env);
  EXPECT_TRUE(env->public_id.starts_with("urn:uuid:"));
  EXPECT_TRUE(pub->disclosures.empty());  // not for the public
  auto full = reader_->EventAt(0, Access::kFull);
  ASSERT_OK(full);
  EXPECT_NE(full->form.find("PO-SECRET-77"), std::string::npos);
  // Every stored disclosure verifies against the committed public form.
  json::array disclosures = json::parse(full->disclosures).as_array();
  EXPECT_EQ(disclosures.size(), 3u);  // bizTransaction, ex:unitPrice, eventID
  for (const json::value& d : disclosures) EXPECT_OK(epcis::VerifyDisclosure(env->payload, d.as_string()));
  // The public can find it by its public ID only; token holders by the client's eventID too.
  EXPECT_OK(reader_->FindEvent(env->public_id, Access::kPublic));
  EXPECT_TRUE(StatusIs(reader_->FindEvent("ni:///sha-256;00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff?ver=CBV2.0",
                                          Access::kPublic),
                       Code::kNotFound));
  EXPECT_OK(reader_->FindEvent("ni:///sha-256;00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff?ver=CBV2.0",
                               Access::kFull));
}

TEST_F(CaptureTest, QuantitiesAreExactDecimalsEndToEnd) {
  std::string q = R"("quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.011111.LOT-7","quantity":25000.50,"uom":"KGM"}])";
  std::string ev = R"({"type":"ObjectEvent","eventTime":"2026-10-01T08:00:00Z","eventTimeZoneOffset":"+00:00","action":"ADD",)" +
                   q + "}";
  ASSERT_OK(capturer_->CaptureDocument(Doc(ev), "miner-1", ErrorBehaviour::kRollback).status);
  auto full = reader_->EventAt(0, Access::kFull);
  ASSERT_OK(full);
  EXPECT_NE(full->form.find(R"("quantity":25000.5)"), std::string::npos) << full->form;
  auto entry = ledger_->Entry(0);
  ASSERT_OK(entry);
  EXPECT_NE(std::string(AsChars(*entry)).find(R"("quantity":"25000.5")"), std::string::npos);
  // A number that a double cannot carry exactly is refused with its pointer.
  std::string inexact = ev;
  inexact.replace(inexact.find("25000.50"), 8, "0.10000000000000001");
  CaptureOutcome out = capturer_->CaptureDocument(Doc(inexact), "miner-1", ErrorBehaviour::kRollback);
  EXPECT_TRUE(StatusIs(out.status, Code::kInvalidArgument, "exactly"));
  EXPECT_EQ(out.pointer, "/epcisBody/eventList/0/quantityList/0/quantity");
  EXPECT_EQ(Entries(), 1);
}

TEST_F(CaptureTest, MasterDataInTheHeaderIsStoredAndQueryable) {
  std::string doc = Doc(ObjEv(1));
  std::string header =
      R"("epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation",)"
      R"("vocabularyElementList":[{"id":"urn:epc:id:sgln:0614141.07346.1234","attributes":[)"
      R"({"id":"urn:epcglobal:cbv:mda#name","attribute":"Chagai concentrator"},)"
      R"({"id":"urn:epcglobal:cbv:mda#countryCode","attribute":"PK"}]}]}]}},)";
  doc.insert(doc.find(R"("epcisBody")"), header);
  CaptureOutcome out = capturer_->CaptureDocument(doc, "miner-1", ErrorBehaviour::kRollback);
  ASSERT_OK(out.status);
  auto md = reader_->MasterData("urn:epcglobal:epcis:vtype:BusinessLocation", "urn:epc:id:sgln:0614141.07346.1234");
  ASSERT_OK(md);
  EXPECT_NE(md->find("Chagai concentrator"), std::string::npos);
  EXPECT_TRUE(StatusIs(reader_->MasterData("urn:epcglobal:epcis:vtype:BusinessLocation", "urn:x"), Code::kNotFound));
}

TEST_F(CaptureTest, LimitsAndMalformedDocumentsAreRefusedWithoutWriting) {
  std::string many;
  for (int i = 0; i < 51; ++i) many += (i ? "," : "") + ObjEv(i);
  CaptureOutcome out = capturer_->CaptureDocument(Doc(many), "miner-1", ErrorBehaviour::kRollback);
  EXPECT_EQ(out.exception, kCaptureLimitExceeded);
  struct Case {
    std::string body;
    std::string pointer;
  } cases[] = {
      {"{", ""},
      {R"({"type":"EPCISDocument"})", "/@context"},
      {Doc(ObjEv(1)).replace(Doc(ObjEv(1)).find("OBSERVE"), 7, "SHIPPED"), "/epcisBody/eventList/0/action"},
      {Doc(ObjEv(1, R"("ilmd":{"cbvmda:lotNumber":"L1"})")), "/epcisBody/eventList/0/ilmd"},
      {Doc(ObjEv(1, R"("bizStep":"x")")), "/epcisBody/eventList/0/bizStep"},
  };
  for (const Case& c : cases) {
    CaptureOutcome o = capturer_->CaptureDocument(c.body, "miner-1", ErrorBehaviour::kRollback);
    EXPECT_FALSE(o.status.ok()) << c.body;
    EXPECT_EQ(o.pointer, c.pointer) << c.body << ": " << o.status.ToString();
  }
  EXPECT_EQ(Entries(), 0);
  EXPECT_EQ(Count("capture_jobs"), 0);
}

}  // namespace
}  // namespace orelog::repo
