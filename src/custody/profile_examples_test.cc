// The examples of the minerals profile (samples/profile/) and the illustrative
// demo (samples/demo/, docs/demo.md) are data other code is tested against, so
// they are held to the profile here: strict JSON, EPCIS validation, lot and
// site identifiers, the orl namespace, and the worked figures of docs/demo.md
// recomputed from the data with integer arithmetic (no custody code involved).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "epcis/strict_json.h"
#include "epcis/validate.h"
#include "testutil/shared_data.h"

namespace orelog::custody {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr std::string_view kOrlIri = "https://ns.orelog.dev/minerals#";
constexpr std::string_view kBusinessLocation = "urn:epcglobal:epcis:vtype:BusinessLocation";

struct Sample {
  std::string name;  // file name, e.g. "04-cu-lot.jsonld"
  json::object doc;
};

// Every *.jsonld of samples/<folder>, in file-name order (the capture order).
std::vector<Sample> LoadFolder(const std::string& folder) {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(fs::path(ORELOG_SOURCE_DIR) / "samples" / folder)) {
    if (entry.path().extension() == ".jsonld") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Sample> out;
  for (const auto& p : paths) {
    epcis::JsonError where;
    auto parsed = epcis::ParseStrictJson(testing::ReadFileOrDie(p), &where);
    if (!parsed.ok()) {
      ADD_FAILURE() << p.filename() << ": " << parsed.status().ToString() << " at " << where.pointer;
      continue;
    }
    if (!parsed.value().is_object()) {
      ADD_FAILURE() << p.filename() << " is not a JSON object";
      continue;
    }
    out.push_back({p.filename().string(), std::move(parsed.value().get_object())});
  }
  return out;
}

const json::array& Events(const json::object& doc) {
  return doc.at("epcisBody").at("eventList").get_array();
}

std::string Str(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : std::string(); }

class SampleFolder : public ::testing::TestWithParam<std::string> {};

TEST_P(SampleFolder, EveryDocumentIsStrictJsonAndValidEpcis) {
  const auto samples = LoadFolder(GetParam());
  ASSERT_GE(samples.size(), 9u) << "samples/" << GetParam() << " holds too few documents";
  for (const auto& s : samples) {
    for (const auto& v : epcis::ValidateDocument(s.doc, 5)) {
      ADD_FAILURE() << s.name << ": " << v.pointer << ": " << v.message;
    }
  }
}

TEST_P(SampleFolder, DeclaresTheOrlNamespace) {
  for (const auto& s : LoadFolder(GetParam())) {
    bool declared = false;
    for (const auto& c : s.doc.at("@context").get_array()) {
      if (c.is_object() && c.get_object().contains("orl")) declared = Str(c.get_object().at("orl")) == kOrlIri;
    }
    EXPECT_TRUE(declared) << s.name << " does not bind orl to " << kOrlIri;
  }
}

// The lots of every quantity list are LGTIN classes or https URIs (profile §2).
TEST_P(SampleFolder, LotsAreLgtinClassesOrHttpsUris) {
  size_t lots = 0;
  for (const auto& s : LoadFolder(GetParam())) {
    const json::array& events = Events(s.doc);
    for (size_t i = 0; i < events.size(); ++i) {
      for (const char* list : {"quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"}) {
        const json::value* q = events[i].get_object().if_contains(list);
        if (q == nullptr) continue;
        for (const auto& el : q->get_array()) {
          const std::string id = Str(el.at("epcClass"));
          ++lots;
          EXPECT_TRUE(id.starts_with("urn:epc:class:lgtin:") || id.starts_with("https://"))
              << s.name << " event " << i << " " << list << ": " << id;
          EXPECT_TRUE(el.get_object().contains("quantity") && el.get_object().contains("uom"))
              << s.name << " event " << i << ": a lot without its mass";
        }
      }
    }
  }
  EXPECT_GT(lots, 0u);
}

// Sites: every readPoint, bizLocation and location source/destination is a
// BusinessLocation of some document of the same folder, with an orl:role.
TEST_P(SampleFolder, EveryLocationUsedIsADefinedSite) {
  const auto samples = LoadFolder(GetParam());
  std::set<std::string> sites;
  for (const auto& s : samples) {
    const json::value* md = s.doc.contains("epcisHeader") ? s.doc.at("epcisHeader").get_object().if_contains("epcisMasterData")
                                                          : nullptr;
    if (md == nullptr) continue;
    for (const auto& voc : md->at("vocabularyList").get_array()) {
      if (Str(voc.at("type")) != kBusinessLocation) continue;
      for (const auto& el : voc.at("vocabularyElementList").get_array()) {
        bool has_role = false;
        for (const auto& a : el.at("attributes").get_array()) has_role |= Str(a.at("id")) == "orl:role";
        EXPECT_TRUE(has_role) << Str(el.at("id")) << " has no orl:role";
        sites.insert(Str(el.at("id")));
      }
    }
  }
  ASSERT_FALSE(sites.empty()) << "no site master data in samples/" << GetParam();
  size_t uses = 0;
  for (const auto& s : samples) {
    const json::array& events = Events(s.doc);
    for (size_t i = 0; i < events.size(); ++i) {
      const json::object& e = events[i].get_object();
      std::vector<std::string> used;
      for (const char* m : {"readPoint", "bizLocation"}) {
        if (const json::value* v = e.if_contains(m)) used.push_back(Str(v->at("id")));
      }
      for (const auto& [list, member] : {std::pair{"sourceList", "source"}, std::pair{"destinationList", "destination"}}) {
        const json::value* l = e.if_contains(list);
        if (l == nullptr) continue;
        for (const auto& x : l->get_array()) {
          if (Str(x.at("type")) == "location") used.push_back(Str(x.at(member)));
        }
      }
      for (const auto& id : used) {
        ++uses;
        EXPECT_TRUE(sites.contains(id)) << s.name << " event " << i << " uses undefined site " << id;
      }
    }
  }
  EXPECT_GT(uses, 0u);
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleFolder, ::testing::Values("profile", "demo"));

// ---- The worked figures of docs/demo.md, recomputed from samples/demo ----
//
// Masses are integer grams; percentages are integer units of 1e-5 % (so
// 2.34375 % is 234375 and 26.5 % is 2650000), ppm integer units of 1e-3 ppm.
// A conversion that is not exact fails the test: the figures are meant to be
// exact decimals, not roundings.
constexpr int64_t kPct = 10'000'000;  // 100 % in 1e-5 % units

int64_t Exact(double v, int64_t scale, const std::string& what) {
  const int64_t n = std::llround(v * static_cast<double>(scale));
  EXPECT_EQ(static_cast<double>(n) / static_cast<double>(scale), v) << what << " is not a multiple of 1/" << scale;
  return n;
}

// a * b / c, which must divide exactly.
int64_t MulDiv(int64_t a, int64_t b, int64_t c, const std::string& what) {
  const __int128 p = static_cast<__int128>(a) * b;
  EXPECT_EQ(p % c, 0) << what << " is not exact";
  return static_cast<int64_t>(p / c);
}

constexpr std::string_view kH2O = "https://identifiers.org/inchikey:XLYOFNOQVPJJNP-UHFFFAOYSA-N";
constexpr std::string_view kCu = "https://identifiers.org/inchikey:RYGMFSIKBFXOCR-UHFFFAOYSA-N";
constexpr std::string_view kSb = "https://identifiers.org/inchikey:WATWJIUSRGPENY-UHFFFAOYSA-N";
constexpr std::string_view kAu = "https://identifiers.org/inchikey:PCHJSUWPFVWCPO-UHFFFAOYSA-N";

std::string Lot(std::string_view item, std::string_view lot) {
  return "urn:epc:class:lgtin:0614141." + std::string(item) + "." + std::string(lot);
}

// What the demo says about each lot: its wet mass when it came into being
// (commissioning or flow output) and its assays by role and substance.
struct LotFacts {
  int64_t wet_g = -1;
  std::map<std::string, std::map<std::string, double>> assays;  // role -> substance -> value
};

class DemoFigures : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& s : LoadFolder("demo")) {
      for (const auto& ev : Events(s.doc)) {
        const json::object& e = ev.get_object();
        auto born = [&](const json::value& q) {
          LotFacts& f = lots_[Str(q.at("epcClass"))];
          ASSERT_EQ(Str(q.at("uom")), "KGM");
          if (f.wet_g < 0) f.wet_g = Exact(q.at("quantity").to_number<double>(), 1000, "a mass in kg");
        };
        if (Str(e.at("type")) == "TransformationEvent") {
          for (const auto& q : e.at("outputQuantityList").get_array()) born(q);
        } else if (Str(e.at("type")) == "ObjectEvent" && Str(e.at("action")) == "ADD") {
          for (const auto& q : e.at("quantityList").get_array()) born(q);
        } else if (Str(e.at("type")) == "ObjectEvent" && Str(e.at("bizStep")) == "inspecting") {
          const std::string role = e.contains("orl:assayRole") ? Str(e.at("orl:assayRole")) : "producer";
          const std::string lot = Str(e.at("quantityList").at(0).at("epcClass"));
          for (const auto& el : e.at("sensorElementList").get_array()) {
            for (const auto& r : el.at("sensorReport").get_array()) {
              lots_[lot].assays[role][Str(r.at("chemicalSubstance"))] = r.at("value").to_number<double>();
            }
          }
        }
      }
    }
  }

  const LotFacts& Of(const std::string& lot) {
    EXPECT_TRUE(lots_.contains(lot)) << lot;
    return lots_[lot];
  }
  // Grade of a producer assay in 1e-5 % units.
  int64_t Grade(const std::string& lot, std::string_view substance, const std::string& role = "producer") {
    const auto& by_role = Of(lot).assays;
    static const std::map<std::string, double> kNone;
    const auto r = by_role.find(role);
    const auto& a = r == by_role.end() ? kNone : r->second;
    auto it = a.find(std::string(substance));
    EXPECT_NE(it, a.end()) << lot << " has no " << role << " report of " << substance;
    return it == a.end() ? 0 : Exact(it->second, 100'000, lot + " grade");
  }
  int64_t DryGrams(const std::string& lot) {
    return MulDiv(Of(lot).wet_g, kPct - Grade(lot, kH2O), kPct, lot + " dry mass");
  }
  int64_t Contained(const std::string& lot, std::string_view substance) {
    return MulDiv(DryGrams(lot), Grade(lot, substance), kPct, lot + " contained metal");
  }

  std::map<std::string, LotFacts> lots_;
};

TEST_F(DemoFigures, CopperConcentrateLot) {
  const std::string cu = Lot("026030", "CU-CONC-2025-11-001");
  EXPECT_EQ(Of(cu).wet_g, 25'000'000);
  EXPECT_EQ(DryGrams(cu), 23'000'000);
  EXPECT_EQ(Contained(cu, kCu), 6'095'000);
  // Payable Cu: 96.5 % of the grade with a minimum deduction of one unit.
  const int64_t grade = Grade(cu, kCu);
  const int64_t payable = std::min(MulDiv(grade, 965, 1000, "96.5 %"), grade - 100'000);
  EXPECT_EQ(MulDiv(DryGrams(cu), payable, kPct, "payable"), 5'865'000);
  // Au 8.0 g/dmt (ppm) on 23 dmt is 184 g.
  EXPECT_EQ(MulDiv(DryGrams(cu), Exact(Of(cu).assays.at("producer").at(std::string(kAu)), 1000, "ppm"),
                   1'000'000'000, "Au"),
            184);
}

TEST_F(DemoFigures, CopperAssayExchangeGoesToTheUmpireAndSettlesUnderRuleA) {
  const std::string cu = Lot("026030", "CU-CONC-2025-11-001");
  const int64_t seller = Grade(cu, kCu, "seller"), buyer = Grade(cu, kCu, "buyer"), umpire = Grade(cu, kCu, "umpire");
  EXPECT_GT(std::abs(seller - buyer), 20'000);  // splitting limit 0.20 %
  ASSERT_TRUE(umpire > std::min(seller, buyer) && umpire < std::max(seller, buyer));
  // Rule (a): the mean of the umpire and the party result closer to it.
  const int64_t closer = std::abs(seller - umpire) <= std::abs(buyer - umpire) ? seller : buyer;
  EXPECT_EQ(umpire + closer, 2 * 2'658'500);  // final 26.585 %
}

TEST_F(DemoFigures, AntimonyAssayDisputeHasNoUmpire) {
  const std::string sb = Lot("026172", "SB-CONC-2025-12-001");
  EXPECT_EQ(std::abs(Grade(sb, kSb, "seller") - Grade(sb, kSb, "buyer")), 50'000);  // 0.50 %
  EXPECT_FALSE(Of(sb).assays.contains("umpire"));
}

TEST_F(DemoFigures, AntimonyConcentrateLot) {
  const std::string sb = Lot("026172", "SB-CONC-2025-12-001");
  EXPECT_EQ(Of(sb).wet_g, 12'000'000);
  EXPECT_EQ(DryGrams(sb), 11'640'000);
  EXPECT_EQ(Contained(sb, kSb), 6'402'000);
}

TEST_F(DemoFigures, AntimonyBlendOriginByContainedMetal) {
  const std::string a = Lot("026171", "SB-ORE-QA-2025-11-001"), b = Lot("026171", "SB-ORE-CT-2025-11-001");
  const std::string blend = Lot("026171", "SB-BLEND-2025-11-001");
  EXPECT_EQ(DryGrams(a), 4'000'000);
  EXPECT_EQ(DryGrams(b), 2'000'000);
  EXPECT_EQ(Of(blend).wet_g, Of(a).wet_g + Of(b).wet_g);
  const int64_t sb_a = Contained(a, kSb), sb_b = Contained(b, kSb);
  EXPECT_EQ(sb_a, 2'320'000);
  EXPECT_EQ(sb_b, 800'000);
  // Blend: 6.0 dmt at 52.0 % Sb; origin 74.36 % / 25.64 % by contained Sb (to 0.01 %).
  EXPECT_EQ(MulDiv(sb_a + sb_b, kPct, DryGrams(a) + DryGrams(b), "blend grade"), 5'200'000);
  auto share_bp = [&](int64_t part) { return (part * 20'000 / (sb_a + sb_b) + 1) / 2; };  // rounded half up
  EXPECT_EQ(share_bp(sb_a), 7436);
  EXPECT_EQ(share_bp(sb_b), 2564);
  EXPECT_FALSE(Of(blend).assays.contains("producer")) << "the blend's grade is computed, not assayed";
}

TEST_F(DemoFigures, RareEarthConcentrateLot) {
  const std::string ree = Lot("025309", "REE-CONC-2025-12-001");
  EXPECT_EQ(Of(ree).wet_g, 20'000'000);
  EXPECT_EQ(DryGrams(ree), 19'000'000);
  const int64_t treo = Contained(ree, "orl:TREO");
  const int64_t nd2o3 = Contained(ree, "orl:Nd2O3"), pr6o11 = Contained(ree, "orl:Pr6O11");
  EXPECT_EQ(treo, 8'550'000);
  EXPECT_EQ(nd2o3, 1'282'500);
  EXPECT_EQ(pr6o11, 427'500);
  EXPECT_EQ(5 * (nd2o3 + pr6o11), treo);  // NdPr oxides are 20 % of TREO
}

// Concentrator check-in / check-out (AMIRA P754): unaccounted Cu in basis
// points of the feed's Cu, rounded half up.
struct Period {
  const char* month;
  int64_t conc_dry_g, tail_dry_g, unaccounted_bp;
};

TEST_F(DemoFigures, ConcentratorMassBalance) {
  for (const Period& p : {Period{"2025-11", 18'500'000, 981'500'000, 16}, Period{"2025-12", 18'000'000, 982'000'000, 400}}) {
    SCOPED_TRACE(p.month);
    const std::string feed = Lot("026031", std::string("CU-ORE-") + p.month);
    const std::string conc = Lot("026030", std::string("CU-CONC-P-") + p.month);
    const std::string tail = Lot("026032", std::string("CU-TAIL-") + p.month);
    EXPECT_EQ(DryGrams(feed), 1'000'000'000);
    EXPECT_EQ(DryGrams(conc), p.conc_dry_g);
    EXPECT_EQ(DryGrams(tail), p.tail_dry_g);
    EXPECT_EQ(DryGrams(feed), DryGrams(conc) + DryGrams(tail)) << "solids balance";
    const int64_t in = Contained(feed, kCu), out = Contained(conc, kCu) + Contained(tail, kCu);
    EXPECT_EQ(in, 5'500'000);
    EXPECT_EQ(((in - out) * 20'000 / in + 1) / 2, p.unaccounted_bp);
  }
}

}  // namespace
}  // namespace orelog::custody
