// Who sees which form of an event (docs/participants.md §3.1), at the store:
// the submitter, the parties named as source or destination, and audit
// viewers see the full form; everyone else the public form, by ID, by
// eventID and through query filters alike.
#include <gtest/gtest.h>

#include "query/query.h"
#include "repo/repo_test_fixture.h"

namespace orelog::repo {
namespace {
using orelog::testing::StatusIs;

constexpr char kAlice[] = "https://alice.example";
constexpr char kBob[] = "https://bob.example";
constexpr char kCarol[] = "https://carol.example";
constexpr char kDave[] = "https://dave.example";

// An event with a withheld purchase order (default policy), naming `source`
// as owning party in its sourceList (if not empty).
std::string Event(int serial, const std::string& source, const std::string& po) {
  std::string extra = R"("eventID":"urn:uuid:00000000-0000-4000-8000-00000000000)" + std::to_string(serial) +
                      R"(","bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:0614141073467:)" +
                      po + R"("}])";
  if (!source.empty()) {
    extra += R"(,"sourceList":[{"type":"owning_party","source":")" + source + R"("}])";
  }
  return ObjEv(serial, extra);
}

class EntitlementTest : public RepoFixture {
 protected:
  void SetUp() override {
    RepoFixture::SetUp();
    auto out = capturer_->CaptureDocument(Doc(Event(1, kBob, "PO-SECRET-1") + "," + Event(2, "", "PO-SECRET-2")), kAlice,
                                          ErrorBehaviour::kRollback);
    ASSERT_OK(out.status);
    ASSERT_EQ(out.job.captured, 2u);
  }

  // Log indices of the events a query returns to `viewer`.
  std::vector<uint64_t> Hits(const std::string& qs, const Viewer& viewer) {
    auto q = query::ParseQuery(qs);
    EXPECT_OK(q);
    auto r = reader_->Query(*q, viewer);
    EXPECT_OK(r);
    std::vector<uint64_t> out;
    if (r.ok()) {
      for (const StoredEvent& e : r->events) out.push_back(e.index);
    }
    return out;
  }
};

TEST_F(EntitlementTest, SubmitterNamedPartyAndAuditSeeTheFullFormOthersThePublicOne) {
  struct Case {
    Viewer viewer;
    bool first_full, second_full;
  };
  const Case cases[] = {{Viewer::All(), true, true},           {Viewer::Party(kAlice), true, true},
                        {Viewer::Party(kBob), true, false},     {Viewer::Party(kCarol), false, false},
                        {Viewer::Public(), false, false},       {Viewer::Party(""), false, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.viewer.party);
    for (uint64_t i : {0u, 1u}) {
      auto e = reader_->EventAt(i, c.viewer);
      ASSERT_OK(e);
      const bool want = i == 0 ? c.first_full : c.second_full;
      EXPECT_EQ(e->full, want);
      EXPECT_EQ(e->form.find("PO-SECRET") != std::string::npos, want) << e->form;
      EXPECT_EQ(e->disclosures.empty(), !want);
      EXPECT_EQ(e->event_id.empty(), !want);
    }
  }
  EXPECT_EQ(Count("event_parties"), 1);  // bob, for the first event
}

TEST_F(EntitlementTest, AnEventIsNamedByItsWithheldEventIdOnlyByThoseEntitled) {
  const std::string first = "urn:uuid:00000000-0000-4000-8000-000000000001";
  auto bob = reader_->FindEvent(first, Viewer::Party(kBob));
  ASSERT_OK(bob);
  EXPECT_EQ(bob->index, 0u);
  EXPECT_TRUE(bob->full);
  EXPECT_TRUE(StatusIs(reader_->FindEvent(first, Viewer::Party(kCarol)), Code::kNotFound));
  EXPECT_TRUE(StatusIs(reader_->FindEvent(first, Viewer::Public()), Code::kNotFound));
  // The second event names only its submitter.
  const std::string second = "urn:uuid:00000000-0000-4000-8000-000000000002";
  EXPECT_TRUE(StatusIs(reader_->FindEvent(second, Viewer::Party(kBob)), Code::kNotFound));
  EXPECT_OK(reader_->FindEvent(second, Viewer::Party(kAlice)));
  // Its public ID names it for everyone, in the form each may see.
  auto pub = reader_->EventAt(1, Viewer::Public());
  ASSERT_OK(pub);
  auto by_public_id = reader_->FindEvent(pub->public_id, Viewer::Party(kBob));
  ASSERT_OK(by_public_id);
  EXPECT_FALSE(by_public_id->full);
}

TEST_F(EntitlementTest, FiltersOnWithheldValuesHitOnlyForThoseEntitled) {
  const std::string po1 = "EQ_bizTransaction_po=urn:epcglobal:cbv:bt:0614141073467:PO-SECRET-1";
  EXPECT_EQ(Hits(po1, Viewer::All()), (std::vector<uint64_t>{0}));
  EXPECT_EQ(Hits(po1, Viewer::Party(kBob)), (std::vector<uint64_t>{0}));
  EXPECT_EQ(Hits(po1, Viewer::Party(kAlice)), (std::vector<uint64_t>{0}));
  EXPECT_TRUE(Hits(po1, Viewer::Party(kCarol)).empty());
  EXPECT_TRUE(Hits(po1, Viewer::Public()).empty());
  const std::string po2 = "EQ_bizTransaction_po=urn:epcglobal:cbv:bt:0614141073467:PO-SECRET-2";
  EXPECT_TRUE(Hits(po2, Viewer::Party(kBob)).empty());  // bob is not named in the second event
  EXPECT_EQ(Hits(po2, Viewer::Party(kAlice)), (std::vector<uint64_t>{1}));
  // Unfiltered, everyone sees both events, each in its own form.
  EXPECT_EQ(Hits("", Viewer::Party(kDave)).size(), 2u);
}

TEST_F(EntitlementTest, FiltersOnPublicOnlyValuesHitTheFormThatHasThem) {
  // The public form's placeholder for the withheld PO, and its public ID
  // (its eventID when the client's is withheld), are in no full form.
  auto pub = reader_->EventAt(0, Viewer::Public());
  ASSERT_OK(pub);
  const size_t at = pub->form.find("urn:orelog:sd:");
  ASSERT_NE(at, std::string::npos) << pub->form;
  const std::string placeholder = pub->form.substr(at, pub->form.find('"', at) - at);
  const std::string by_placeholder = "EQ_bizTransaction_po=" + placeholder;
  const std::string by_public_id = "EQ_eventID=" + pub->public_id;
  for (const std::string& qs : {by_placeholder, by_public_id}) {
    SCOPED_TRACE(qs);
    EXPECT_EQ(Hits(qs, Viewer::Public()), (std::vector<uint64_t>{0}));
    EXPECT_EQ(Hits(qs, Viewer::Party(kCarol)), (std::vector<uint64_t>{0}));  // sees the public form
    EXPECT_TRUE(Hits(qs, Viewer::Party(kBob)).empty());                     // sees the full form
    EXPECT_TRUE(Hits(qs, Viewer::All()).empty());
  }
}

TEST_F(EntitlementTest, EntitledToAllNeedsEveryEvent) {
  EXPECT_TRUE(*reader_->EntitledToAll(Viewer::Party(kAlice), {0, 1}));
  EXPECT_TRUE(*reader_->EntitledToAll(Viewer::Party(kBob), {0}));
  EXPECT_FALSE(*reader_->EntitledToAll(Viewer::Party(kBob), {0, 1}));
  EXPECT_FALSE(*reader_->EntitledToAll(Viewer::Public(), {0}));
  EXPECT_TRUE(*reader_->EntitledToAll(Viewer::Public(), {}));
  EXPECT_TRUE(*reader_->EntitledToAll(Viewer::All(), {0, 1}));
  EXPECT_TRUE(StatusIs(reader_->EntitledToAll(Viewer::Party(kAlice), {7}), Code::kNotFound));
}

TEST_F(EntitlementTest, AVersion3RepositoryGetsItsEventPartiesFromTheStoredFullForms) {
  reader_.reset();
  const auto db = dir_ / Ledger::kDatabaseFile;
  ASSERT_TRUE(orelog::testing::SqlExec(db, "DROP TABLE event_parties; DROP TABLE batch_nonces; "
                                           "DROP TABLE agreement_releases; DROP TABLE agreement_disclosures; "
                                           "UPDATE repo_meta SET value = 'orelog-repo-v3' WHERE key = 'format'"));
  EXPECT_TRUE(StatusIs(EventReader::Open(dir_), Code::kFailedPrecondition, "v3"));
  ASSERT_OK(EnsureRepoSchema(dir_));
  EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT count(*) FROM event_parties WHERE party = 'https://bob.example' AND idx = 0"), 1);
  EXPECT_EQ(Count("event_parties"), 1);
  auto r = EventReader::Open(dir_);
  ASSERT_OK(r);
  auto e = (*r)->EventAt(0, Viewer::Party(kBob));
  ASSERT_OK(e);
  EXPECT_TRUE(e->full);
}

}  // namespace
}  // namespace orelog::repo
