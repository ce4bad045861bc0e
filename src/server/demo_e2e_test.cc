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
    Start();
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(ORELOG_SOURCE_DIR) / "samples" / "demo")) {
      if (e.path().extension() == ".jsonld") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_EQ(files.size(), 11u);
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
                                              "undisclosed_owners", "pep_owner"}))
      << body_;
  EXPECT_EQ(body_.find("DESADV"), std::string::npos);
  EXPECT_EQ(body_.find("SEAL-"), std::string::npos);
}

TEST_F(DemoTest, PassportOfTheBlendVerifiesOffline) {
  Get("/lots/" + Encode(std::string(kLgtin) + "026171.SB-BLEND-2025-11-001") + "/passport", /*full=*/false);
  auto vkey = tlog::ParseVerifierKey(vkey_);
  ASSERT_OK(vkey);
  auto verified = passport::Verify(body_, *vkey);
  ASSERT_OK(verified);
  EXPECT_GE(verified->leaves, 10u);
  EXPECT_EQ(verified->version, 2);
  // Part of a 99-event log: the multi-leaf proof has hashes, and each is
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
