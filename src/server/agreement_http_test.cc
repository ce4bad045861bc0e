// The agreements register over HTTP (docs/api.md "Agreements"): public reads
// show the compiled record and release history but never a withheld term;
// audit tokens read the terms' disclosures; only admin tokens release, and a
// refused release writes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "agreements/terms.h"
#include "repo/tokens.h"
#include "server/epcis_test_fixture.h"

namespace orelog::server {
namespace {
namespace json = boost::json;
using repo::Scope;
using repo::Scopes;

constexpr char kMou[] = R"json({"agreement": "AGR-USSM-FWO-2025", "release": "r1", "date": "2025-09-08",
  "tag": "signed", "type": "mou", "title": "MoU (illustrative)",
  "parties": [{"party": "urn:epc:id:pgln:0614141.00010", "roles": ["buyer"]}],
  "minerals": ["Cu"], "scope": "exports", "value": "~US$500 M (reported)",
  "documents": [{"title": "full text", "disclosure": "withheld", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}],
  "withheldTerms": [{"term": "price", "text": "LME less 3 % (illustrative)"}]})json";

class AgreementHttpTest : public EpcisHttpTest {
 protected:
  std::optional<HttpReply> Send(const std::string& method, const std::string& target, const std::string& token,
                                const std::string& body = "") {
    Client c(server_->port());
    std::vector<std::string> headers = {"Content-Type: application/json"};
    if (!token.empty()) headers.push_back(Bearer(token));
    return c.Request(method, target, headers, body);
  }
};

TEST_F(AgreementHttpTest, AdminReleasesPublicReadsAuditorSeesTerms) {
  const std::string admin = Token("operator", Scopes{Scope::kAdmin});
  const std::string auditor = Token("auditor", Scopes{Scope::kAudit});
  Start();
  const int64_t before = Entries();
  auto anon = Send("POST", "/agreements", "", kMou);
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401) << anon->body;
  for (const std::string& t : {alice_, auditor}) {
    auto refused = Send("POST", "/agreements", t, kMou);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << refused->body;
  }
  EXPECT_EQ(Entries(), before);

  auto created = Send("POST", "/agreements", admin, kMou);
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const json::object answer = ParseObject(created->body);
  const std::string commitment(answer.at("commitments").as_array()[0].as_string());
  EXPECT_EQ(Entries(), before + 1);
  // A second release with the same ID: refused, nothing written.
  auto again = Send("POST", "/agreements", admin, kMou);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;
  EXPECT_EQ(Entries(), before + 1);

  auto list = Send("GET", "/agreements", "");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  const json::object listed = ParseObject(list->body);
  ASSERT_EQ(listed.at("agreements").as_array().size(), 1u);
  EXPECT_EQ(listed.at("agreements").as_array()[0].at("status"), "signed");

  auto pub = Send("GET", "/agreements/AGR-USSM-FWO-2025", "");
  ASSERT_TRUE(pub);
  ASSERT_EQ(pub->status, 200) << pub->body;
  EXPECT_EQ(pub->body.find("LME"), std::string::npos);
  EXPECT_EQ(pub->body.find("termDisclosures"), std::string::npos);
  const json::object record = ParseObject(pub->body);
  EXPECT_EQ(record.at("value"), "~US$500 M (reported)");
  EXPECT_EQ(record.at("withheldTerms").as_array()[0].at("commitment").as_string(), commitment);
  ASSERT_EQ(record.at("releases").as_array().size(), 1u);
  EXPECT_EQ(record.at("releases").as_array()[0].at("tag"), "signed");

  auto audited = Send("GET", "/agreements/AGR-USSM-FWO-2025", auditor);
  ASSERT_TRUE(audited);
  ASSERT_EQ(audited->status, 200);
  const json::object full = ParseObject(audited->body);
  const std::string disclosure(full.at("termDisclosures").as_array()[0].at("disclosure").as_string());
  auto term = agreements::VerifyTermDisclosure(disclosure, commitment);
  ASSERT_TRUE(term.ok()) << term.status().ToString();
  EXPECT_EQ(term->text, "LME less 3 % (illustrative)");
  // The auditor's read of the withheld terms is in the read log; the public read is not.
  auto reads = Send("GET", "/reads", auditor);
  ASSERT_TRUE(reads);
  ASSERT_EQ(reads->status, 200) << reads->body;
  const json::array read_list = ParseObject(reads->body).at("reads").as_array();
  ASSERT_EQ(read_list.size(), 1u) << reads->body;
  EXPECT_EQ(read_list[0].at("request"), "GET /agreements/AGR-USSM-FWO-2025");
  EXPECT_EQ(read_list[0].at("scope"), "audit");

  auto missing = Send("GET", "/agreements/AGR-NONE", "");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto bad = Send("POST", "/agreements", admin, R"({"agreement": "x"})");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400) << bad->body;
  EXPECT_EQ(Entries(), before + 1);
}

}  // namespace
}  // namespace orelog::server
