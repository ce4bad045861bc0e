// The illustrative demo end to end through the server: every document of
// samples/demo captured over HTTP (POST /capture), then the figures of
// docs/demo.md §3 (the hand-computed numbers of the domain reference) and
// every injected flag of §4 asserted through the custody endpoints, for a
// token holder and for the public; a passport verified offline.
#include <algorithm>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "passport/passport.h"
#include "repo/agreement_store.h"
#include "repo/registry_store.h"
#include "server/epcis_test_fixture.h"
#include "testutil/shared_data.h"

namespace orelog::server {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr char kLgtin[] = "urn:epc:class:lgtin:0614141.";
constexpr char kDesadv[] = "urn:epcglobal:cbv:bt:0614141000005:";
constexpr char kConcentrator[] = "urn:epc:id:sgln:0614141.20001.0";

std::string Encode(const std::string& id) {
  std::string out;
  for (char ch : id) out += ch == ':' ? std::string("%3A") : std::string(1, ch);
  return out;
}

class DemoTest : public EpcisHttpTest {
 protected:
  void SetUp() override {
    EpcisHttpTest::SetUp();
    ServerOptions so;
    so.custody.royalty_rates = {{"Cu", 120'00}, {"Sb", 250'00}};  // the demo's rates (docs/demo.md §5)
    Start({}, so);
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(ORELOG_SOURCE_DIR) / "samples" / "demo")) {
      if (e.path().extension() == ".jsonld") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_EQ(files.size(), 12u);
    Client c(server_->port());
    for (const fs::path& f : files) {
      auto r = Post(c, "/capture", alice_, orelog::testing::ReadFileOrDie(f));
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 202) << f << ": " << r->body;
    }
    // The registry, as `orelog demo` seeds it.
    const std::string text = orelog::testing::ReadFileOrDie(fs::path(ORELOG_SOURCE_DIR) / "samples" / "demo" / "participants.json");
    const json::value participants = json::parse(text);
    for (const json::value& p : participants.as_array()) {
      auto input = repo::ParseParticipantInput(json::serialize(p));
      ASSERT_OK(input);
      ASSERT_OK(repo::RegisterParticipant(*ledger_, dir_, *input, "https://operator.orelog.example"));
    }
    // The agreements register, as `orelog demo` seeds it: the MoU.
    const json::value releases =
        json::parse(orelog::testing::ReadFileOrDie(fs::path(ORELOG_SOURCE_DIR) / "samples" / "demo" / "agreements.json"));
    for (const json::value& r : releases.as_array()) {
      auto input = repo::ParseReleaseInput(json::serialize(r));
      ASSERT_OK(input);
      ASSERT_OK(repo::ReleaseAgreement(*ledger_, dir_, *input, "https://operator.orelog.example"));
    }
    TreeSize();
  }

  json::object Get(const std::string& target, bool full = true) {
    Client c(server_->port());
    std::vector<std::string> headers;
    if (full) headers.push_back(Bearer(alice_));
    auto r = c.Request("GET", target, headers);
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 200) << target << ": " << r->body;
    body_ = r->body;
    return ParseObject(r->body);
  }

  json::object Element(const json::object& lot_view, const std::string& element) {
    for (const json::value& e : lot_view.at("elements").as_array()) {
      if (e.at("element").as_string() == element) return e.as_object();
    }
    ADD_FAILURE() << "no " << element;
    return {};
  }

  std::string body_;
};

TEST_F(DemoTest, CopperLotSettlementAndPayables) {
  json::object lot = Get("/lots/" + Encode(std::string(kLgtin) + "026030.CU-CONC-2025-11-001"));
  EXPECT_EQ(lot.at("quantity").at("wet").at("t"), "25.000");
  EXPECT_EQ(lot.at("quantity").at("moisturePct"), "8.000");
  EXPECT_EQ(lot.at("quantity").at("dry").at("t"), "23.000");
  json::object cu = Element(lot, "Cu");
  EXPECT_EQ(cu.at("contained").at("t"), "6.095");
  EXPECT_EQ(Element(lot, "Au").at("contained").at("mg"), 184'000);  // 184.0 g
  EXPECT_EQ(Element(lot, "Ag").at("contained").at("mg"), 1'035'000);

  json::object s = Get("/shipments/" + Encode(std::string(kDesadv) + "DESADV-2025-B-CU-04") + "/settlement");
  json::object sc = Element(s, "Cu");
  EXPECT_EQ(sc.at("sellerPct"), "26.620");
  EXPECT_EQ(sc.at("buyerPct"), "26.410");
  EXPECT_EQ(sc.at("umpirePct"), "26.550");
  EXPECT_EQ(sc.at("status"), "settled_umpire");
  EXPECT_EQ(sc.at("finalPct"), "26.585");
  // Payable at the settled grade: min(26.585 × 0.965, 26.585 − 1) = 25.585 %.
  EXPECT_EQ(sc.at("payablePct"), "25.585");
  EXPECT_EQ(s.at("dry").at("t"), "23.000");
}

TEST_F(DemoTest, AntimonyBlendOriginAndConcentrate) {
  json::object origin = Get("/lots/" + Encode(std::string(kLgtin) + "026171.SB-BLEND-2025-11-001") + "/origin");
  json::object sb = Element(origin, "Sb");
  EXPECT_EQ(sb.at("contained").at("t"), "3.120");
  std::map<std::string, std::string> shares;
  for (const json::value& o : sb.at("origins").as_array()) {
    shares[std::string(o.at("site").at("id").as_string())] = std::string(o.at("sharePct").as_string());
  }
  EXPECT_EQ(shares["urn:epc:id:sgln:0614141.10002.0"], "74.36");  // Qila Abdullah
  EXPECT_EQ(shares.size(), 2u);
  EXPECT_FALSE(origin.at("covered").at("exposed").as_bool());

  json::object conc = Get("/lots/" + Encode(std::string(kLgtin) + "026172.SB-CONC-2025-12-001"));
  EXPECT_EQ(conc.at("quantity").at("dry").at("t"), "11.640");
  EXPECT_EQ(Element(conc, "Sb").at("contained").at("t"), "6.402");
}

TEST_F(DemoTest, RareEarthOxidesAsElements) {
  json::object lot = Get("/lots/" + Encode(std::string(kLgtin) + "025309.REE-CONC-2025-12-001"));
  EXPECT_EQ(lot.at("quantity").at("dry").at("t"), "19.000");
  EXPECT_EQ(Element(lot, "TREO").at("contained").at("t"), "8.550");
  // Nd2O3 6.75 % × 0.857356 and Pr6O11 2.25 % × 0.827704 of 19,000 kg dry.
  EXPECT_EQ(Element(lot, "Nd").at("contained").at("mg"), 1'099'559'070);
  EXPECT_EQ(Element(lot, "Pr").at("contained").at("mg"), 353'843'460);
}

TEST_F(DemoTest, ConcentratorBalances) {
  json::object b = Get("/balances?site=" + Encode(kConcentrator));
  std::map<std::string, json::object> by_period;
  for (const json::value& p : b.at("periods").as_array()) {
    by_period[std::string(p.at("period").as_string())] = p.at("elements").at(0).as_object();
  }
  EXPECT_EQ(by_period["2025-11"].at("unaccountedPct"), "0.16");
  EXPECT_EQ(by_period["2025-11"].at("recoveryPct"), "89.14");
  EXPECT_EQ(by_period["2025-11"].at("verdict"), "within_tolerance");
  EXPECT_EQ(by_period["2025-12"].at("unaccountedPct"), "4.00");
  EXPECT_EQ(by_period["2025-12"].at("verdict"), "unexplained_loss");
}

TEST_F(DemoTest, EveryInjectedFlag) {
  std::multiset<std::string> got;
  const json::object full = Get("/flags");
  for (const json::value& f : full.at("flags").as_array()) {
    got.insert(std::string(f.at("kind").as_string()) + ":" + std::string(f.at("state").as_string()));
  }
  const std::multiset<std::string> expected{
      "capacity:open",        "custody_gap:open",   "seal_mismatch:open", "quantity_mismatch:open",
      "assay_dispute:open",   "high_risk_area:open", "time_order:open",   "duplicate_commissioning:open",
      "coc_breach:open",      "unknown_origin:open", "mass_balance:open",
      "assay_dispute:resolved",  // the copper exchange, settled by the umpire
      // Registry flags: Loe Shilman's operator is not registered, Krinj's
      // has not declared its owners, one of Qila Abdullah's is a PEP.
      "unregistered_party:open", "undisclosed_owners:open", "pep_owner:open",
      // Agreement flags: the REE sample's export rests on no agreement (its
      // lot is the one left out of the MoU's links), and the Sb concentrate's
      // export has no royalty receipt.
      "export_without_agreement:open", "royalty_unpaid:open",
  };
  EXPECT_EQ(got, expected) << body_;
  // The public sees only flags that hold on all the data and need no
  // withheld member to find: no shipment-based flag (shipments are
  // bizTransactions, withheld), and no withheld value in any message.
  std::multiset<std::string> pub;
  const json::object public_flags = Get("/flags", /*full=*/false);
  for (const json::value& f : public_flags.at("flags").as_array()) {
    pub.insert(std::string(f.at("kind").as_string()));
  }
  EXPECT_EQ(pub, (std::multiset<std::string>{"capacity", "coc_breach", "duplicate_commissioning", "high_risk_area",
                                              "mass_balance", "unknown_origin", "unregistered_party",
                                              "undisclosed_owners", "pep_owner", "export_without_agreement",
                                              "royalty_unpaid"}))
      << body_;
  EXPECT_EQ(body_.find("DESADV"), std::string::npos);
  EXPECT_EQ(body_.find("SEAL-"), std::string::npos);
}

// The export disclosure report (docs/export-report.md) over the demo: six
// exports, one per row when grouped by every key; the full computation for a
// token holder, the public one for everyone (exchange assays read as
// producer assays, agreement links undisclosed).
std::vector<std::string> Rows(const json::object& report) {
  std::vector<std::string> out;
  for (const json::value& v : report.at("rows").as_array()) {
    const json::object& r = v.as_object();
    std::string line;
    for (const char* k : {"mineral", "province", "destination", "period"}) line += std::string(r.at(k).as_string()) + "|";
    line += std::to_string(r.at("exports").as_int64()) + "|";
    for (const json::value& l : r.at("lots").as_array()) {
      const std::string lot(l.as_string());
      line += lot.substr(lot.rfind('.') + 1) + " ";
    }
    line += "|" + std::to_string(r.at("wet").at("mg").as_int64()) + "|" + std::to_string(r.at("dry").at("mg").as_int64()) + "|";
    for (const auto& [el, m] : r.at("contained").as_object()) {
      line += std::string(el) + "=" + std::to_string(m.at("mg").as_int64()) + " ";
    }
    line += "|" + std::string(r.at("royalties").at("total").as_string()) + "|";
    for (const json::value& a : r.at("agreements").as_array()) line += std::string(a.as_string()) + " ";
    line += "|" + std::to_string(r.at("undisclosedAgreementLinks").as_int64());
    out.push_back(line);
  }
  return out;
}

TEST_F(DemoTest, ExportDisclosureReport) {
  const std::string target = "/reports/exports?groupBy=mineral,province,destination,period";
  const json::object full = Get(target);
  EXPECT_EQ(full.at("computedFrom"), "full");
  EXPECT_EQ(Rows(full), (std::vector<std::string>{
      "Cu|Balochistan|US|2025-10|1|SMP-CU-001 |500000000|460000000|Cu=124660000 |14.95|AGR-USSM-FWO-2025 |0",
      "Cu|Balochistan|US|2025-11|1|CU-CONC-2025-11-001 |25000000000|23000000000|Ag=1035000 As=34500000 Au=184000 "
      "Cu=6095000000 |731.40|AGR-USSM-FWO-2025 |0",
      "Sb|Balochistan|US|2025-10|1|SMP-SB-001 |250000000|245000000|Sb=110250000 |27.56|AGR-USSM-FWO-2025 |0",
      "Sb|Khyber Pakhtunkhwa|US|2025-12|1|SB-CONC-2025-12-001 |12000000000|11640000000|Sb=6402000000 |1600.50|"
      "AGR-USSM-FWO-2025 |0",
      "TREO|Khyber Pakhtunkhwa|US|2026-01|1|REE-CONC-2025-12-001 |20000000000|19000000000|Nd=1099559070 "
      "Pr=353843460 TREO=8550000000 |0.00|AGR-USSM-FWO-2025 |0",
      "TREO|unknown|US|2025-10|1|SMP-REE-001 |100000000|99000000|Nd=5262451 Pr=1556911 TREO=37620000 |0.00||0",
  })) << body_;
  // Every row names the export events behind it, which anyone can fetch.
  for (const json::value& row : full.at("rows").as_array()) {
    ASSERT_EQ(row.at("eventIDs").as_array().size(), 1u);
    const std::string id(row.at("eventIDs").as_array()[0].as_string());
    const json::object event = Get("/events/" + Encode(id), /*full=*/false);
    EXPECT_EQ(event.at("bizStep"), "departing") << id;
  }
  const json::object pub = Get(target, /*full=*/false);
  EXPECT_EQ(pub.at("computedFrom"), "public");
  EXPECT_EQ(Rows(pub), (std::vector<std::string>{
      "Cu|Balochistan|US|2025-10|1|SMP-CU-001 |500000000|460000000|Cu=124660000 |14.95||1",
      // Public: the exchange assays' roles are withheld, so the latest assay
      // (the umpire's 26.55 %) gives the grade.
      "Cu|Balochistan|US|2025-11|1|CU-CONC-2025-11-001 |25000000000|23000000000|Ag=1035000 As=34500000 Au=184000 "
      "Cu=6106500000 |732.78||1",
      "Sb|Balochistan|US|2025-10|1|SMP-SB-001 |250000000|245000000|Sb=110250000 |27.56||1",
      "Sb|Khyber Pakhtunkhwa|US|2025-12|1|SB-CONC-2025-12-001 |12000000000|11640000000|Sb=6343800000 |1585.95||1",
      "TREO|Khyber Pakhtunkhwa|US|2026-01|1|REE-CONC-2025-12-001 |20000000000|19000000000|Nd=1099559070 "
      "Pr=353843460 TREO=8550000000 |0.00||1",
      "TREO|unknown|US|2025-10|1|SMP-REE-001 |100000000|99000000|Nd=5262451 Pr=1556911 TREO=37620000 |0.00||0",
  })) << body_;
  EXPECT_EQ(body_.find("AGR-USSM"), std::string::npos);  // which agreement a link names is withheld
  // A read-full participant named in only some of the events the report
  // rests on (the port operator) gets the public computation; an auditor the full one.
  Client other(server_->port());
  for (const auto& [token, form] : {std::pair{Token("urn:epc:id:pgln:0614141.00030", repo::Scopes{repo::Scope::kReadFull}),
                                              "public"},
                                    std::pair{Token("https://auditor.example", repo::Scopes{repo::Scope::kAudit}), "full"}}) {
    auto r = other.Request("GET", target, {Bearer(token)});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(ParseObject(r->body).at("computedFrom"), form);
  }

  // CSV, by format=csv or by Accept.
  Client c(server_->port());
  for (const auto& [path, headers] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"/reports/exports?groupBy=destination&format=csv", {}},
           {"/reports/exports?groupBy=destination", {"Accept: text/csv"}}}) {
    auto r = c.Request("GET", path, headers);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->headers["content-type"].substr(0, 8), "text/csv");
    const std::string first = r->body.substr(0, r->body.find("\r\n"));
    EXPECT_EQ(first.substr(0, 30), "destination,exports,lots,wet_t");
    const std::string second = r->body.substr(first.size() + 2);
    EXPECT_EQ(second.substr(0, 5), "US,6,") << second;
    EXPECT_NE(second.find(",57.850,54.444,"), std::string::npos) << second;
    EXPECT_NE(second.find(",2361.24,"), std::string::npos) << second;  // 14.95 + 732.78 + 27.56 + 1585.95
  }
  auto bad = c.Request("GET", "/reports/exports?groupBy=country", {});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST_F(DemoTest, PassportOfTheBlendVerifiesOffline) {
  Get("/lots/" + Encode(std::string(kLgtin) + "026171.SB-BLEND-2025-11-001") + "/passport", /*full=*/false);
  auto vkey = tlog::ParseVerifierKey(vkey_);
  ASSERT_OK(vkey);
  auto verified = passport::Verify(body_, *vkey);
  ASSERT_OK(verified);
  EXPECT_GE(verified->leaves, 10u);
  EXPECT_EQ(verified->version, 2);
  // Part of a 103-event log: the multi-leaf proof has hashes, and each is
  // load-bearing.
  boost::json::object doc = boost::json::parse(body_).as_object();
  boost::json::array& proof = doc["proof"].as_array();
  ASSERT_FALSE(proof.empty());
  for (size_t i = 0; i < proof.size(); ++i) {
    boost::json::object bent = doc;
    bent["proof"].as_array()[i] = Base64Encode(Bytes(32, static_cast<uint8_t>(i)));
    auto refused = passport::Verify(boost::json::serialize(bent), *vkey);
    ASSERT_FALSE(refused.ok()) << "proof hash " << i;
    EXPECT_NE(refused.status().message().find("multi-leaf"), std::string::npos) << refused.status().message();
  }
}

}  // namespace
}  // namespace orelog::server
