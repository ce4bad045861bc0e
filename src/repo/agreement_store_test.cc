#include "repo/agreement_store.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "agreements/terms.h"
#include "epcis/leaf.h"
#include "repo/repo_test_fixture.h"
#include "repo/schema.h"

namespace orelog::repo {
namespace {

using orelog::testing::SqlExec;
using orelog::testing::SqlInt;
using orelog::testing::StatusIs;

constexpr char kAdmin[] = "urn:epc:id:pgln:0614141.99999";

// The operator's form: lists in any order, withheld terms in plaintext.
constexpr char kMou[] = R"json({"agreement": "AGR-1", "release": "AGR-1-r1", "date": "2025-09-08",
  "tag": "signed", "type": "mou", "title": "MoU (illustrative)",
  "parties": [{"party": "urn:epc:id:pgln:0614141.00020", "roles": ["signatory", "seller"]},
              {"party": "urn:epc:id:pgln:0614141.00010", "roles": ["buyer"]}],
  "minerals": ["Sb", "Cu"], "scope": "exports", "value": "~US$500 M (reported)",
  "documents": [{"title": "full text", "disclosure": "withheld", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}],
  "withheldTerms": [{"term": "royalty rate", "text": "5 % (illustrative)"}]})json";

class AgreementStoreTest : public RepoFixture {
 protected:
  Result<AgreementChange> Release(std::string_view text) {
    auto in = ParseReleaseInput(text);
    if (!in.ok()) return in.status();
    return ReleaseAgreement(*ledger_, dir_, *in, kAdmin);
  }
  std::string Amend(std::string_view release, std::string_view tag, std::string_view terms) {
    std::string t = kMou;
    t.replace(t.find("AGR-1-r1"), 8, release);
    t.replace(t.find("\"signed\""), 8, "\"" + std::string(tag) + "\"");
    const size_t at = t.find("\"withheldTerms\"");
    return t.substr(0, at) + "\"withheldTerms\": " + std::string(terms) + "}";
  }
  std::string Audit() {
    auto a = AuditAgreements(dir_);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? *a : "audit failed";
  }
};

TEST_F(AgreementStoreTest, AReleaseIsOneEntryWithItsRowsAndNoPlaintext) {
  auto change = Release(kMou);
  ASSERT_OK(change);
  ASSERT_EQ(change->commitments.size(), 1u);
  auto bytes = ledger_->Entry(change->index);
  ASSERT_OK(bytes);
  auto env = epcis::DecodeLeaf(AsChars(*bytes));
  ASSERT_OK(env);
  EXPECT_EQ(env->type, epcis::kEntryTypeAgreementRelease);
  EXPECT_EQ(env->policy_version, "0");
  EXPECT_EQ(env->submitter, kAdmin);
  const std::string leaf(AsChars(*bytes));
  EXPECT_EQ(leaf.find("5 %"), std::string::npos);  // the term's text is not in the log
  EXPECT_NE(leaf.find(change->commitments[0]), std::string::npos);
  auto terms = AgreementTerms(dir_, "AGR-1");
  ASSERT_OK(terms);
  ASSERT_EQ(terms->size(), 1u);
  auto term = agreements::VerifyTermDisclosure((*terms)[0].disclosure, change->commitments[0]);
  ASSERT_OK(term);
  EXPECT_EQ(term->text, "5 % (illustrative)");
  auto reg = LoadAgreements(dir_);
  ASSERT_OK(reg);
  const agreements::Agreement* a = reg->Find("AGR-1");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->in_force());
  EXPECT_EQ(a->current.parties[0].party, "urn:epc:id:pgln:0614141.00010");  // sorted
  EXPECT_EQ(a->current.minerals, (std::vector<std::string>{"Cu", "Sb"}));
  EXPECT_EQ(Audit(), "");
}

TEST_F(AgreementStoreTest, RefusedReleasesWriteNothing) {
  auto first = Release(kMou);
  ASSERT_OK(first);
  EXPECT_TRUE(StatusIs(Release(kMou), Code::kAlreadyExists));
  EXPECT_TRUE(StatusIs(Release(Amend("AGR-1-r2", "signed", "[]")), Code::kFailedPrecondition));
  EXPECT_TRUE(StatusIs(Release(Amend("AGR-1-r2", "amended", R"([{"commitment": "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"}])")),
                       Code::kNotFound));
  EXPECT_TRUE(StatusIs(Release(Amend("AGR-1-r2", "amended", R"([{"term": "x"}])")), Code::kInvalidArgument));
  EXPECT_TRUE(StatusIs(ledger_->Entry(first->index + 1), Code::kNotFound));  // nothing appended
  EXPECT_EQ(Count("agreement_releases"), 1);
  EXPECT_EQ(Count("agreement_disclosures"), 1);
  // An amendment that keeps the stored term, then the termination.
  auto amended = Release(Amend("AGR-1-r2", "amended", "[{\"commitment\": \"" + first->commitments[0] + "\"}]"));
  ASSERT_OK(amended);
  EXPECT_TRUE(amended->commitments.empty());
  ASSERT_OK(Release(Amend("AGR-1-r3", "terminated", "[]")));
  auto history = AgreementReleases(dir_, "AGR-1");
  ASSERT_OK(history);
  EXPECT_EQ(history->size(), 3u);
  EXPECT_FALSE(LoadAgreements(dir_)->Find("AGR-1")->in_force());
  EXPECT_TRUE(StatusIs(AgreementReleases(dir_, "AGR-2"), Code::kNotFound));
  EXPECT_EQ(Audit(), "");
}

TEST_F(AgreementStoreTest, AuditFindsATamperedRow) {
  ASSERT_OK(Release(kMou));
  ASSERT_TRUE(SqlExec(dir_ / Ledger::kDatabaseFile, "UPDATE agreement_releases SET payload = replace(payload, 'exports', 'imports')"));
  EXPECT_NE(Audit().find("differs from its log entry"), std::string::npos);
}

TEST_F(AgreementStoreTest, Version4RepositoryIsUpgradedAndItsFactsGainLinks) {
  const std::string lot = R"("quantityList":[{"epcClass":"urn:epc:class:lgtin:0614141.026030.L1","quantity":10,"uom":"KGM"}],)"
                          R"("bizTransactionList":[{"type":"orl:agreement","bizTransaction":"urn:orelog:agreement:AGR-1"}])";
  auto out = capturer_->CaptureDocument(Doc(ObjEv(1, lot), R"({"orl":"https://ns.orelog.dev/minerals#"})"), "urn:epc:id:pgln:0614141.00020",
                                        ErrorBehaviour::kRollback);
  ASSERT_OK(out.status);
  const auto db = dir_ / Ledger::kDatabaseFile;
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM custody_facts WHERE full_facts LIKE '%\"agr\":[\"AGR-1\"]%' "
                       "AND public_facts LIKE '%\"agr\":[\"undisclosed\"]%'"), 1);
  // What version 4 was: no agreements tables, facts without links.
  ASSERT_TRUE(SqlExec(db, "DROP TABLE agreement_releases; DROP TABLE agreement_disclosures; DELETE FROM custody_facts; "
                          "UPDATE repo_meta SET value = 'orelog-repo-v4' WHERE key = 'format'"));
  EXPECT_TRUE(StatusIs(LoadAgreements(dir_), Code::kFailedPrecondition, "v4"));
  ASSERT_OK(EnsureRepoSchema(dir_));
  ASSERT_OK(EnsureRepoSchema(dir_));  // idempotent
  EXPECT_EQ(SqlInt(db, std::string("SELECT count(*) FROM repo_meta WHERE value = '") + kRepoFormat + "'"), 1);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM custody_facts WHERE full_facts LIKE '%\"agr\":[\"AGR-1\"]%' "
                       "AND public_facts LIKE '%\"agr\":[\"undisclosed\"]%'"), 1);
  ASSERT_OK(Release(kMou));
}

TEST(ReleaseInputTest, StrictAndSorted) {
  auto in = ParseReleaseInput(kMou);
  ASSERT_OK(in);
  EXPECT_EQ(in->release.parties[1].roles, (std::vector<std::string>{"seller", "signatory"}));
  ASSERT_EQ(in->terms.size(), 1u);
  EXPECT_EQ(in->terms[0].term->term, "royalty rate");
  std::string extra = kMou;
  extra.insert(1, R"("price": "secret", )");
  EXPECT_FALSE(ParseReleaseInput(extra).ok());
  EXPECT_FALSE(ParseReleaseInput("[]").ok());
}

}  // namespace
}  // namespace orelog::repo
