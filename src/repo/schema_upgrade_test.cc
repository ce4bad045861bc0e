// The repository upgrade chain from version 1 (no custody, registry,
// entitlement, nonce or agreement tables) to the current version, in one
// transaction: the custody facts and lot edges are rebuilt from the stored
// forms exactly as capture wrote them, and the entitled parties are filled.
#include <gtest/gtest.h>

#include "repo/repo_test_fixture.h"

namespace orelog::repo {
namespace {

using orelog::testing::SqlExec;
using orelog::testing::SqlInt;

constexpr char kCommission[] =
    R"({"type":"ObjectEvent","eventTime":"2026-10-01T08:00:00.000+05:00","eventTimeZoneOffset":"+05:00",)"
    R"("action":"ADD","bizStep":"commissioning","quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.011111.A",)"
    R"("quantity":4000,"uom":"KGM"}],"bizLocation":{"id":"urn:epc:id:sgln:0614141.00001.0"},)"
    R"("sourceList":[{"type":"owning_party","source":"https://mine.example"}]})";
constexpr char kTransform[] =
    R"({"type":"TransformationEvent","eventTime":"2026-10-02T08:00:00.000+05:00","eventTimeZoneOffset":"+05:00",)"
    R"("bizStep":"commissioning","inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.011111.A",)"
    R"("quantity":4000,"uom":"KGM"}],"outputQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.011111.B",)"
    R"("quantity":3900,"uom":"KGM"}],"bizLocation":{"id":"urn:epc:id:sgln:0614141.00003.0"}})";

class SchemaUpgradeTest : public RepoFixture {};

TEST_F(SchemaUpgradeTest, AVersion1RepositoryBecomesCurrentWithItsCustodyTablesRebuilt) {
  auto out = capturer_->CaptureDocument(Doc(std::string(kCommission) + "," + kTransform), "https://operator.example",
                                        ErrorBehaviour::kRollback);
  ASSERT_OK(out.status);
  ASSERT_EQ(out.job.captured, 2u);
  const auto db = dir_ / Ledger::kDatabaseFile;
  ASSERT_EQ(Count("custody_facts"), 2);
  ASSERT_EQ(Count("lot_edges"), 1);
  reader_.reset();
  capturer_.reset();
  ledger_.reset();
  // Keep what capture wrote, then make the repository what version 1 was.
  ASSERT_TRUE(SqlExec(db, "CREATE TABLE kept_facts AS SELECT idx, full_facts, public_facts FROM custody_facts; "
                          "CREATE TABLE kept_edges AS SELECT input, output, idx FROM lot_edges; "
                          "DROP TABLE custody_facts; DROP TABLE custody_sites; DROP TABLE lot_edges; "
                          "DROP TABLE registry_entries; DROP TABLE participant_disclosures; DROP TABLE event_parties; "
                          "DROP TABLE batch_nonces; DROP TABLE agreement_releases; DROP TABLE agreement_disclosures; "
                          "ALTER TABLE tokens DROP COLUMN scopes; "
                          "UPDATE repo_meta SET value = 'orelog-repo-v1' WHERE key = 'format'"));
  EXPECT_TRUE(orelog::testing::StatusIs(EventReader::Open(dir_), Code::kFailedPrecondition, "v1"));
  ASSERT_OK(EnsureRepoSchema(dir_));
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM repo_meta WHERE key = 'format' AND value = '" + std::string(kRepoFormat) + "'"), 1);
  // Rebuilt exactly: same rows, none missing, none extra.
  EXPECT_EQ(Count("custody_facts"), 2);
  EXPECT_EQ(Count("lot_edges"), 1);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM (SELECT * FROM kept_facts EXCEPT "
                       "SELECT idx, full_facts, public_facts FROM custody_facts)"), 0);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM (SELECT * FROM kept_edges EXCEPT SELECT input, output, idx FROM lot_edges)"), 0);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM event_parties WHERE party = 'https://mine.example' AND idx = 0"), 1);
  auto r = EventReader::Open(dir_);
  ASSERT_OK(r);
  auto e = (*r)->EventAt(0, Viewer::Party("https://mine.example"));
  ASSERT_OK(e);
  EXPECT_TRUE(e->full);
}

}  // namespace
}  // namespace orelog::repo
