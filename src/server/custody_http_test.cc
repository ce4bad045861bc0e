// The custody endpoints over HTTP: figures of the antimony blend of the
// domain reference, public vs full answers, settlement, flags, and a
// passport verified offline (and refused once tampered with).
#include <gtest/gtest.h>

#include <set>

#include <boost/json.hpp>

#include "base/ed25519.h"
#include "passport/passport.h"
#include "server/epcis_test_fixture.h"

namespace orelog::server {
namespace {

namespace json = boost::json;

constexpr char kLotA[] = "urn:epc:class:lgtin:4012345.011111.SB-A";
constexpr char kLotB[] = "urn:epc:class:lgtin:4012345.011111.SB-B";
constexpr char kBlend[] = "urn:epc:class:lgtin:4012345.011111.SB-BLEND";
constexpr char kMineQa[] = "urn:epc:id:sgln:0614141.00001.0";
constexpr char kMineCt[] = "urn:epc:id:sgln:0614141.00002.0";
constexpr char kYard[] = "urn:epc:id:sgln:0614141.00003.0";
constexpr char kShipment[] = "urn:epcglobal:cbv:bt:0614141000005:DESADV-SB-1";
constexpr char kSb[] = "https://identifiers.org/inchikey:WATWJIUSRGPENY-UHFFFAOYSA-N";

std::string Site(const std::string& id, const std::string& role, const std::string& name) {
  return R"({"id":")" + id + R"(","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":")" + name +
         R"("},{"id":"urn:epcglobal:cbv:mda#countryCode","attribute":"PK"},{"id":"orl:role","attribute":")" + role +
         R"("}]})";
}

std::string Commission(const std::string& lot, int kg, const std::string& site, const std::string& time) {
  return R"({"type":"ObjectEvent","eventTime":")" + time + R"(","eventTimeZoneOffset":"+05:00","action":"ADD",)"
         R"("bizStep":"commissioning","quantityList":[{"epcClass":")" + lot + R"(","quantity":)" + std::to_string(kg) +
         R"(,"uom":"KGM"}],"bizLocation":{"id":")" + site + R"("}})";
}

std::string Assay(const std::string& lot, const std::string& pct, const std::string& time, const std::string& extra = "") {
  return R"({"type":"ObjectEvent","eventTime":")" + time + R"(","eventTimeZoneOffset":"+05:00","action":"OBSERVE",)"
         R"("bizStep":"inspecting","quantityList":[{"epcClass":")" + lot + R"("}],)"
         R"("sensorElementList":[{"sensorReport":[{"type":"MassConcentration","chemicalSubstance":")" + kSb +
         R"(","value":)" + pct + R"(,"uom":"P1"}]}])" + extra + "}";
}

std::string Document() {
  std::string events = Commission(kLotA, 4000, kMineQa, "2025-11-01T08:00:00+05:00") + "," +
                       Commission(kLotB, 2000, kMineCt, "2025-11-01T09:00:00+05:00") + "," +
                       Assay(kLotA, "58", "2025-11-02T08:00:00+05:00") + "," +
                       Assay(kLotB, "40", "2025-11-02T09:00:00+05:00") + "," +
                       R"({"type":"TransformationEvent","eventTime":"2025-11-03T08:00:00+05:00","eventTimeZoneOffset":"+05:00",)"
                       R"("bizStep":"commissioning","inputQuantityList":[{"epcClass":")" + kLotA +
                       R"(","quantity":4000,"uom":"KGM"},{"epcClass":")" + kLotB +
                       R"(","quantity":2000,"uom":"KGM"}],"outputQuantityList":[{"epcClass":")" + kBlend +
                       R"(","quantity":6000,"uom":"KGM"}],"bizLocation":{"id":")" + kYard + R"("}},)" +
                       R"({"type":"ObjectEvent","eventTime":"2025-11-04T08:00:00+05:00","eventTimeZoneOffset":"+05:00",)"
                       R"("action":"OBSERVE","bizStep":"shipping","quantityList":[{"epcClass":")" + kBlend +
                       R"(","quantity":6000,"uom":"KGM"}],"bizLocation":{"id":")" + kYard +
                       R"("},"bizTransactionList":[{"type":"desadv","bizTransaction":")" + kShipment + R"("}]},)" +
                       Assay(kBlend, "52.10", "2025-11-05T08:00:00+05:00",
                             R"(,"orl:assayRole":"seller","bizTransactionList":[{"type":"desadv","bizTransaction":")" +
                                 std::string(kShipment) + R"("}])") +
                       "," +
                       Assay(kBlend, "51.50", "2025-11-05T09:00:00+05:00",
                             R"(,"orl:assayRole":"buyer","bizTransactionList":[{"type":"desadv","bizTransaction":")" +
                                 std::string(kShipment) + R"("}])");
  return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"orl":"https://ns.orelog.dev/minerals#"}],)"
         R"("type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-11-06T00:00:00Z",)"
         R"("epcisHeader":{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation",)"
         R"("vocabularyElementList":[)" +
         Site(kMineQa, "mine", "Qila Abdullah") + "," + Site(kMineCt, "mine", "Krinj") + "," +
         Site(kYard, "blending_yard", "FWO yard") + R"(]}]}},"epcisBody":{"eventList":[)" + events + "]}}";
}

std::string Path(const std::string& prefix, const std::string& id, const std::string& suffix = "") {
  std::string enc;
  for (char ch : id) enc += ch == ':' ? std::string("%3A") : std::string(1, ch);
  return prefix + enc + suffix;
}

class CustodyHttpTest : public EpcisHttpTest {
 protected:
  void Capture() {
    Start();
    Client c(server_->port());
    auto r = Post(c, "/capture", alice_, Document());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 202) << r->body;
    TreeSize();  // a checkpoint covering every event (passports need one)
  }

  json::object Get(const std::string& target, const std::string& token = "") {
    Client c(server_->port());
    std::vector<std::string> headers;
    if (!token.empty()) headers.push_back(Bearer(token));
    auto r = c.Request("GET", target, headers);
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 200) << target << ": " << r->body;
    last_body_ = r->body;
    return ParseObject(r->body);
  }

  std::string last_body_;
};

TEST_F(CustodyHttpTest, OriginOfTheBlendByContainedAntimony) {
  Capture();
  for (const std::string& token : {std::string(), alice_}) {
    json::object o = Get(Path("/lots/", kBlend, "/origin"), token);
    const json::object& sb = o.at("elements").at(0).as_object();
    EXPECT_EQ(sb.at("element"), "Sb");
    EXPECT_EQ(sb.at("contained").at("t"), "3.090");  // measured: 6.000 t at the latest assay (buyer, 51.50 %)
    std::map<std::string, std::string> shares;
    for (const json::value& s : sb.at("origins").as_array()) {
      shares[std::string(s.at("site").at("name").as_string())] = std::string(s.at("sharePct").as_string());
    }
    EXPECT_EQ(shares["Qila Abdullah"], "74.36");
    EXPECT_EQ(shares["Krinj"], "25.64");
    EXPECT_FALSE(o.at("covered").at("exposed").as_bool());
  }
}

TEST_F(CustodyHttpTest, TraceListsTheTransformationBehindEachEdge) {
  Capture();
  json::object up = Get(Path("/lots/", kBlend, "/trace?direction=upstream&depth=3"));
  EXPECT_EQ(up.at("nodes").as_array().size(), 3u);
  ASSERT_EQ(up.at("edges").as_array().size(), 2u);
  EXPECT_EQ(up.at("edges").at(0).at("to"), kBlend);
  json::object down = Get(Path("/lots/", kLotA, "/trace?direction=downstream"));
  EXPECT_EQ(down.at("edges").at(0).at("to"), kBlend);
  Client c(server_->port());
  auto bad = c.Request("GET", Path("/lots/", kLotA, "/trace?depth=0"));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto unknown = c.Request("GET", "/lots/urn%3Anothing");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(CustodyHttpTest, SettlementAndDisputeNeedTheWithheldShipment) {
  Capture();
  // The shipment ID is a bizTransaction: withheld from public forms, so the
  // public book has no shipment and no dispute to show.
  Client c(server_->port());
  auto pub = c.Request("GET", Path("/shipments/", kShipment, "/settlement"));
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->status, 404) << pub->body;
  json::object s = Get(Path("/shipments/", kShipment, "/settlement"), alice_);
  const json::object& sb = s.at("elements").at(0).as_object();
  EXPECT_EQ(sb.at("sellerPct"), "52.100");
  EXPECT_EQ(sb.at("buyerPct"), "51.500");
  EXPECT_EQ(sb.at("status"), "umpire_required");  // 0.60 apart, Sb limit 0.30
  json::object full_flags = Get("/flags?kind=assay_dispute", alice_);
  ASSERT_EQ(full_flags.at("flags").as_array().size(), 1u);
  EXPECT_EQ(full_flags.at("flags").at(0).at("state"), "open");
  json::object public_flags = Get("/flags?kind=assay_dispute");
  EXPECT_TRUE(public_flags.at("flags").as_array().empty());
  EXPECT_EQ(last_body_.find("DESADV"), std::string::npos);
}

TEST_F(CustodyHttpTest, PassportVerifiesOfflineAndRefusesTampering) {
  Capture();
  Get(Path("/lots/", kBlend, "/passport"));
  const std::string passport = last_body_;
  auto vkey = tlog::ParseVerifierKey(vkey_);
  ASSERT_OK(vkey);
  auto ok = passport::Verify(passport, *vkey);
  ASSERT_OK(ok);
  EXPECT_EQ(ok->leaves, 8u);  // 2 commissionings, 4 assays, the blend, the shipping
  EXPECT_FALSE(ok->full_access);

  EXPECT_EQ(ok->version, 2);
  auto sign = [&](json::object doc, const char* domain, const json::object& signed_part) {
    auto body = passport::SigningBody(signed_part);
    EXPECT_OK(body);
    auto sig = ledger_->SignDocument(domain, body.ok() ? *body : "");
    EXPECT_OK(sig);
    return json::serialize(passport::Signed(std::move(doc), vkey_, ByteView(sig->data(), sig->size())));
  };

  // A figure changed and the claims re-signed with the log's own key: the
  // signature holds, the recomputation does not.
  json::object doc = ParseObject(passport);
  doc["figures"].as_object()["origin"].as_object()["elements"].as_array()[0].as_object()["contained"].as_object()["mg"] =
      3'090'000'001;
  auto claims = passport::ClaimsOfDocument(doc);
  ASSERT_OK(claims);
  auto refused = passport::Verify(sign(doc, passport::kSignatureDomain, *claims), *vkey);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("figures"), std::string::npos) << refused.status().message();

  // Any claim changed breaks the signature.
  std::string flipped = passport;
  flipped[flipped.find("Qila")] = 'q';
  EXPECT_FALSE(passport::Verify(flipped, *vkey).ok());

  // Leaf bytes are not signed; the multi-leaf proof binds them: one entry
  // swapped for another logged entry, or one proof hash changed, fails.
  {
    json::object swapped = ParseObject(passport);
    json::array& leaves = swapped["leaves"].as_array();
    ASSERT_GE(leaves.size(), 2u);
    leaves[0].as_object()["entry"] = leaves[1].as_object()["entry"];
    auto r = passport::Verify(json::serialize(swapped), *vkey);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("multi-leaf inclusion proof"), std::string::npos) << r.status().message();
    // Here the lot's history is the whole log, so the proof is empty: any
    // hash added is one too many.
    json::object bent = ParseObject(passport);
    json::array& proof = bent["proof"].as_array();
    EXPECT_TRUE(proof.empty());
    proof.emplace_back(Base64Encode(Bytes(32, 0x5a)));
    EXPECT_FALSE(passport::Verify(json::serialize(bent), *vkey).ok());
    json::object dropped = ParseObject(passport);
    dropped["leaves"].as_array().pop_back();  // a claim: breaks the signature
    EXPECT_FALSE(passport::Verify(json::serialize(dropped), *vkey).ok());
  }

  // A version-1 document (an RFC 9162 proof per leaf, the whole document
  // signed) made from the same parts still verifies.
  {
    json::object v1 = ParseObject(passport);
    v1.erase("signature");
    v1.erase("proof");
    v1["version"] = 1;
    const uint64_t size = ok->tree_size;
    for (json::value& l : v1["leaves"].as_array()) {
      auto p = ledger_->InclusionProof(l.at("index").to_number<uint64_t>(), size);
      ASSERT_OK(p);
      json::array hashes;
      for (const Hash& h : *p) hashes.emplace_back(Base64Encode(h));
      l.as_object()["proof"] = std::move(hashes);
    }
    auto v1_ok = passport::Verify(sign(v1, passport::kSignatureDomainV1, v1), *vkey);
    ASSERT_OK(v1_ok);
    EXPECT_EQ(v1_ok->version, 1);
    EXPECT_EQ(v1_ok->leaves, ok->leaves);
    // ... and is not accepted under the version-2 domain.
    EXPECT_FALSE(passport::Verify(sign(v1, passport::kSignatureDomain, v1), *vkey).ok());
  }

  // The full passport carries disclosures, each checked against its leaf.
  Get(Path("/lots/", kBlend, "/passport"), alice_);
  auto full = passport::Verify(last_body_, *vkey);
  ASSERT_OK(full);
  EXPECT_TRUE(full->full_access);
  EXPECT_GT(full->disclosures, 0u);
  EXPECT_GE(full->flags, 1u);  // the assay dispute, its evidence embedded
}

TEST_F(CustodyHttpTest, CapturedFactsAreInTheCustodyTables) {
  Capture();
  EXPECT_EQ(SqlCount("SELECT count(*) FROM custody_facts"), 8);
  EXPECT_EQ(SqlCount("SELECT count(*) FROM lot_edges"), 2);
  EXPECT_EQ(SqlCount("SELECT count(*) FROM custody_sites"), 3);
}

TEST_F(CustodyHttpTest, OnlyReadScopesSeeFiguresFromWithheldData) {
  auto capture_only = repo::CreateToken(dir_, "carol", "", repo::Scopes{repo::Scope::kCapture, repo::Scope::kAdmin});
  auto auditor = repo::CreateToken(dir_, "regulator", "", repo::Scopes{repo::Scope::kAudit});
  ASSERT_OK(capture_only);
  ASSERT_OK(auditor);
  Capture();
  Client c(server_->port());
  // Without read-full or audit a token holder is answered like the public.
  auto pub = c.Request("GET", Path("/shipments/", kShipment, "/settlement"), {Bearer(*capture_only)});
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->status, 404) << pub->body;
  json::object flags = Get("/flags?kind=assay_dispute", *capture_only);
  EXPECT_TRUE(flags.at("flags").as_array().empty());
  EXPECT_EQ(last_body_.find("DESADV"), std::string::npos);
  // audit reads full forms.
  json::object s = Get(Path("/shipments/", kShipment, "/settlement"), *auditor);
  EXPECT_EQ(s.at("elements").at(0).at("status"), "umpire_required");
  EXPECT_EQ(Get("/flags?kind=assay_dispute", *auditor).at("flags").as_array().size(), 1u);
}

TEST_F(CustodyHttpTest, AReadFullPartyGetsFullFiguresOnlyWhereEntitledToEveryEventBehindThem) {
  auto auditor = repo::CreateToken(dir_, "regulator", "", repo::Scopes{repo::Scope::kAudit});
  ASSERT_OK(auditor);
  Capture();
  auto vkey = tlog::ParseVerifierKey(vkey_);
  ASSERT_OK(vkey);
  Client c(server_->port());
  // bob has read-full, but alice submitted every event and none names bob:
  // he is answered from the public forms, like the public.
  auto bobs = c.Request("GET", Path("/shipments/", kShipment, "/settlement"), {Bearer(bob_)});
  ASSERT_TRUE(bobs);
  EXPECT_EQ(bobs->status, 404) << bobs->body;
  EXPECT_TRUE(Get("/flags?kind=assay_dispute", bob_).at("flags").as_array().empty());
  const std::string public_origin = (Get(Path("/lots/", kBlend, "/origin")), last_body_);
  Get(Path("/lots/", kBlend, "/origin"), bob_);
  EXPECT_EQ(last_body_, public_origin);
  Get(Path("/lots/", kBlend, "/passport"), bob_);
  auto bobs_passport = passport::Verify(last_body_, *vkey);
  ASSERT_OK(bobs_passport);
  EXPECT_FALSE(bobs_passport->full_access);
  EXPECT_EQ(bobs_passport->disclosures, 0u);
  EXPECT_EQ(last_body_.find("DESADV"), std::string::npos);
  // alice, entitled to all of it, gets the figures from the full forms.
  EXPECT_EQ(Get(Path("/shipments/", kShipment, "/settlement"), alice_).at("elements").at(0).at("status"),
            "umpire_required");
  EXPECT_EQ(Get("/flags?kind=assay_dispute", alice_).at("flags").as_array().size(), 1u);
  // Her full answers are in the read log, with the events behind them; bob's are not.
  json::array reads = Get("/reads", *auditor).at("reads").as_array();
  std::set<std::string> requests;
  for (const json::value& r : reads) {
    EXPECT_NE(r.at("party"), "bob") << last_body_;
    requests.insert(std::string(r.at("request").as_string()));
    if (r.at("request").as_string().starts_with("GET /shipments/")) {
      EXPECT_GE(r.at("logIndices").as_array().size(), 3u) << last_body_;  // shipping and two assays at least
    }
  }
  EXPECT_TRUE(requests.count("GET " + Path("/shipments/", kShipment, "/settlement"))) << last_body_;
  EXPECT_TRUE(requests.count("GET /flags?kind=assay_dispute")) << last_body_;
}

}  // namespace
}  // namespace orelog::server
