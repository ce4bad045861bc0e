// The participants registry over HTTP (docs/api.md "Participants"): public
// reads never show personal data; audit tokens read the owners'
// disclosures; only admin tokens change the registry, and a refused change
// writes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "base/bytes.h"
#include "repo/tokens.h"
#include "server/epcis_test_fixture.h"

namespace orelog::server {
namespace {
namespace json = boost::json;
using repo::Scope;
using repo::Scopes;

constexpr char kFwo[] = "urn:epc:id:pgln:0614141.00020";
constexpr char kInput[] = R"json({"participant": "urn:epc:id:pgln:0614141.00020",
  "name": "Frontier Works Organisation (illustrative)", "country": "PK",
  "roles": ["transporter", "processor"],
  "beneficialOwners": {"declared": true, "owners": [
    {"name": "Ayesha Example", "nationality": "PK", "level": "60.00", "control": "shares", "pep": false},
    {"name": "Bilal Example", "nationality": "AE", "level": "40", "control": "voting rights", "pep": true}]}})json";

class RegistryHttpTest : public EpcisHttpTest {
 protected:
  std::optional<HttpReply> Send(Client& c, const std::string& method, const std::string& target, const std::string& token,
                                const std::string& body = "") {
    std::vector<std::string> headers = {"Content-Type: application/json"};
    if (!token.empty()) headers.push_back(Bearer(token));
    return c.Request(method, target, headers, body);
  }
  static std::string Path(const std::string& id, const std::string& tail = "") {
    return "/participants/" + PercentEncode(id) + tail;
  }
  static std::string PercentEncode(const std::string& s) {
    std::string out;
    for (char ch : s) {
      if (ch == ':') out += "%3A";
      else out.push_back(ch);
    }
    return out;
  }
};

TEST_F(RegistryHttpTest, AdminRegistersPublicReadsAuditorSeesOwners) {
  const std::string admin = Token("operator", Scopes{Scope::kAdmin});
  const std::string auditor = Token("auditor", Scopes{Scope::kAudit});
  Start();
  Client c(server_->port());

  // Without admin: 401 / 403, and nothing written.
  const int64_t before = Entries();
  auto anon = Send(c, "POST", "/participants", "", kInput);
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401) << anon->body;
  for (const std::string& t : {alice_, auditor}) {
    auto refused = Send(c, "POST", "/participants", t, kInput);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << refused->body;
    EXPECT_EQ(refused->headers["content-type"], "application/problem+json");
  }
  EXPECT_EQ(Entries(), before);

  auto made = Send(c, "POST", "/participants", admin, kInput);
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 201) << made->body;
  json::object change = ParseObject(made->body);
  ASSERT_EQ(change["commitments"].as_array().size(), 2u);
  EXPECT_EQ(Entries(), before + 1);
  auto again = Send(c, "POST", "/participants", admin, kInput);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;  // registered already
  EXPECT_EQ(Entries(), before + 1);

  // Public reads: the record and commitments, never the owners' names.
  for (const std::string& target : {std::string("/participants"), Path(kFwo)}) {
    auto pub = Send(c, "GET", target, "");
    ASSERT_TRUE(pub);
    ASSERT_EQ(pub->status, 200) << pub->body;
    EXPECT_NE(pub->body.find("Frontier Works"), std::string::npos);
    EXPECT_EQ(pub->body.find("Ayesha"), std::string::npos) << target;
    EXPECT_EQ(pub->body.find("Bilal"), std::string::npos) << target;
  }
  auto one = ParseObject(Send(c, "GET", Path(kFwo), "")->body);
  EXPECT_EQ(one["beneficialOwners"].at("owners").as_array().size(), 2u);
  auto missing = Send(c, "GET", Path("urn:epc:id:pgln:0614141.00099"), "");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  // Owners: audit only.
  for (const std::string& t : {alice_, admin}) {
    auto refused = Send(c, "GET", Path(kFwo, "/owners"), t);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << refused->body;
    EXPECT_EQ(refused->body.find("Ayesha"), std::string::npos);
  }
  auto owners = Send(c, "GET", Path(kFwo, "/owners"), auditor);
  ASSERT_TRUE(owners);
  ASSERT_EQ(owners->status, 200) << owners->body;
  EXPECT_NE(owners->body.find("Ayesha Example"), std::string::npos);
  // That read of personal data is in the read log; the refused ones are not.
  auto reads = Send(c, "GET", "/reads", auditor);
  ASSERT_TRUE(reads);
  ASSERT_EQ(reads->status, 200) << reads->body;
  EXPECT_EQ(reads->body.find("\"party\":\"alice\""), std::string::npos) << reads->body;
  const json::array read_list = json::parse(reads->body).at("reads").as_array();
  ASSERT_EQ(read_list.size(), 1u) << reads->body;
  EXPECT_EQ(read_list[0].at("request"), json::value("GET " + Path(kFwo, "/owners")));

  // Erasure (admin): the disclosure goes, the commitment stays public.
  const std::string commitment(change["commitments"].at(0).as_string());
  auto erased = Send(c, "POST", Path(kFwo, "/owners/" + commitment + "/erase"), admin, R"({"reason":"lawful request 2026-12"})");
  ASSERT_TRUE(erased);
  ASSERT_EQ(erased->status, 200) << erased->body;
  json::object after = ParseObject(Send(c, "GET", Path(kFwo, "/owners"), auditor)->body);
  int erased_count = 0;
  for (const json::value& o : after["owners"].as_array()) erased_count += o.as_object().contains("erased") ? 1 : 0;
  EXPECT_EQ(erased_count, 1);
  EXPECT_NE(Send(c, "GET", Path(kFwo), "")->body.find(commitment), std::string::npos);
}

TEST_F(RegistryHttpTest, KeysAreAddedRotatedAndRevoked) {
  const std::string admin = Token("operator", Scopes{Scope::kAdmin});
  Start();
  Client c(server_->port());
  ASSERT_EQ(Send(c, "POST", "/participants", admin, kInput)->status, 201);
  const std::string k1 = Base64UrlEncode(Bytes(32, 0x11)), k2 = Base64UrlEncode(Bytes(32, 0x22));
  auto added = Send(c, "POST", Path(kFwo, "/keys"), admin, R"({"publicKey":")" + k1 + R"("})");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 201) << added->body;
  const std::string id1(ParseObject(added->body)["keyId"].as_string());
  EXPECT_EQ(id1.rfind("k1:", 0), 0u);
  auto rotated = Send(c, "POST", Path(kFwo, "/keys"), admin, R"({"publicKey":")" + k2 + R"(","replaces":")" + id1 + R"("})");
  ASSERT_TRUE(rotated);
  ASSERT_EQ(rotated->status, 201) << rotated->body;
  const std::string id2(ParseObject(rotated->body)["keyId"].as_string());
  // The replaced key cannot be revoked again; the new one can.
  auto twice = Send(c, "POST", Path(kFwo, "/keys/" + id1 + "/revoke"), admin, R"({"reason":"x"})");
  ASSERT_TRUE(twice);
  EXPECT_GE(twice->status, 400) << twice->body;
  auto revoked = Send(c, "POST", Path(kFwo, "/keys/" + id2 + "/revoke"), admin, R"({"reason":"lost laptop"})");
  ASSERT_TRUE(revoked);
  ASSERT_EQ(revoked->status, 200) << revoked->body;
  json::object p = ParseObject(Send(c, "GET", Path(kFwo), "")->body);
  ASSERT_EQ(p["keys"].as_array().size(), 2u);
  for (const json::value& k : p["keys"].as_array()) EXPECT_EQ(k.at("state"), "revoked");
  // A malformed key is refused before anything is written.
  const int64_t before = Entries();
  auto bad = Send(c, "POST", Path(kFwo, "/keys"), admin, R"({"publicKey":"abc"})");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400) << bad->body;
  EXPECT_EQ(Entries(), before);
}

}  // namespace
}  // namespace orelog::server
