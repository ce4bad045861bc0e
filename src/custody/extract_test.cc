// Facts read from hand-written EPCIS events under the minerals profile, one
// or more per step, and the stored forms' round trips.
#include "custody/extract.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "epcis/strict_json.h"

namespace orelog::custody {
namespace {

namespace json = boost::json;

constexpr char kContext[] =
    R"("@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"orl": "https://ns.orelog.dev/minerals#"}])";

json::object Parse(const std::string& text) {
  auto v = epcis::ParseStrictJson(text);
  EXPECT_TRUE(v.ok()) << v.status().message() << "\n" << text;
  return v.ok() && v->is_object() ? v->get_object() : json::object{};
}

// Extracts with the standard prefixes plus the document's @context.
EventFacts Extract(const std::string& event_text) {
  const json::object ev = Parse(event_text);
  epcis::Namespaces ns = epcis::StandardNamespaces();
  return ExtractFacts(ev, ns, 7, "ev-7");
}

std::string Event(const std::string& members) {
  return std::string("{") + kContext + R"(, "eventTime": "2025-10-01T08:00:00Z", "eventTimeZoneOffset": "+00:00", )" +
         members + "}";
}

TEST(ExtractTest, CommissioningAtAMineWithBizStepSpellings) {
  for (const char* step : {"commissioning", "urn:epcglobal:cbv:bizstep:commissioning",
                           "https://ref.gs1.org/cbv/BizStep-commissioning", "cbv:BizStep-commissioning"}) {
    EventFacts f = Extract(Event(std::string(R"("type": "ObjectEvent", "action": "ADD", "bizStep": ")") + step +
                                 R"(", "bizLocation": {"id": "https://id.example/site/qa"},
      "quantityList": [{"epcClass": "https://id.example/lot/A", "quantity": 25, "uom": "TNE"}],
      "ilmd": {"orl:originDisclosure": "undisclosed"})"));
    EXPECT_EQ(f.step, Step::kExtraction) << step;
    EXPECT_EQ(f.index, 7u);
    EXPECT_EQ(f.event_id, "ev-7");
    EXPECT_EQ(f.site, "https://id.example/site/qa");
    ASSERT_EQ(f.lots.size(), 1u);
    EXPECT_EQ(f.lots[0].lot, "https://id.example/lot/A");
    EXPECT_EQ(f.lots[0].wet, 25'000'000'000);
    EXPECT_TRUE(f.origin_undisclosed);
    EXPECT_EQ(f.time_ms, 1'759'305'600'000);
    EXPECT_TRUE(f.problems.empty());
  }
}

std::string AssayEvent(const std::string& reports, const std::string& extra = "") {
  return Event(R"("type": "ObjectEvent", "action": "OBSERVE", "bizStep": "inspecting",
      "quantityList": [{"epcClass": "https://id.example/lot/A"}],
      "sensorElementList": [{"sensorMetadata": {"deviceID": "https://id.example/lab/1"}, "sensorReport": [)" +
               reports + "]}]" + extra);
}

const AssayValue* Find(const EventFacts& f, std::string_view element) {
  for (const AssayValue& a : f.assays) {
    if (a.element == element) return &a;
  }
  return nullptr;
}

TEST(ExtractTest, AssayWithMoistureRoleAndLab) {
  EventFacts f = Extract(AssayEvent(
      R"({"type": "gs1:MT-MassConcentration", "chemicalSubstance": "https://identifiers.org/inchikey:RYGMFSIKBFXOCR-UHFFFAOYSA-N", "value": 26.5, "uom": "P1"},
         {"type": "gs1:MT-MassConcentration", "chemicalSubstance": "https://identifiers.org/inchikey:XLYOFNOQVPJJNP-UHFFFAOYSA-N", "value": 8, "uom": "P1"},
         {"type": "gs1:MT-MassConcentration", "chemicalSubstance": "https://identifiers.org/inchikey:PCHJSUWPFVWCPO-UHFFFAOYSA-N", "value": 8, "uom": "59"})",
      R"(, "orl:assayRole": "seller")"));
  EXPECT_EQ(f.step, Step::kAssay);
  EXPECT_EQ(f.assay_role, "seller");
  EXPECT_EQ(f.lab, "https://id.example/lab/1");
  ASSERT_NE(Find(f, "Cu"), nullptr);
  EXPECT_EQ(Find(f, "Cu")->fraction, 265'000'000);
  ASSERT_NE(Find(f, "H2O"), nullptr);
  EXPECT_EQ(Find(f, "H2O")->fraction, 80'000'000);
  ASSERT_NE(Find(f, "Au"), nullptr);
  EXPECT_EQ(Find(f, "Au")->fraction, 8'000);  // 8 g/t
  // Without orl:assayRole the role is the producer's.
  EXPECT_EQ(Extract(AssayEvent(R"({"type": "gs1:MT-MassConcentration", "chemicalSubstance": "https://identifiers.org/inchikey:RYGMFSIKBFXOCR-UHFFFAOYSA-N", "value": 1, "uom": "P1"})"))
                .assay_role,
            "producer");
}

TEST(ExtractTest, OxideConvertsToTheElementAndTheElementWins) {
  const std::string oxide =
      R"({"type": "gs1:MT-MassConcentration", "chemicalSubstance": "orl:Nd2O3", "value": 10, "uom": "P1"})";
  const std::string element =
      R"({"type": "gs1:MT-MassConcentration", "chemicalSubstance": "https://identifiers.org/inchikey:QEFYFXOXNSNQGX-UHFFFAOYSA-N", "value": 7, "uom": "P1"})";
  EventFacts only_oxide = Extract(AssayEvent(oxide));
  ASSERT_EQ(only_oxide.assays.size(), 1u);
  EXPECT_EQ(only_oxide.assays[0].element, "Nd");
  EXPECT_EQ(only_oxide.assays[0].fraction, MulFraction(100'000'000, OxideToElement("Nd2O3")->factor));
  EXPECT_EQ(only_oxide.assays[0].fraction, 85'735'600);  // 10 % x 0.857356
  for (const std::string& reports : {oxide + "," + element, element + "," + oxide}) {
    EventFacts f = Extract(AssayEvent(reports));
    ASSERT_EQ(f.assays.size(), 1u) << reports;
    EXPECT_EQ(f.assays[0].fraction, 70'000'000) << reports;
  }
  // Regression: of two reports of the same form, the first wins (a second
  // element report used to overwrite the first).
  const std::string element_again =
      R"({"type": "gs1:MT-MassConcentration", "chemicalSubstance": "https://identifiers.org/inchikey:QEFYFXOXNSNQGX-UHFFFAOYSA-N", "value": 9, "uom": "P1"})";
  for (const std::string& reports : {element + "," + element_again, oxide + "," + element + "," + element_again}) {
    EventFacts f = Extract(AssayEvent(reports));
    ASSERT_EQ(f.assays.size(), 1u) << reports;
    EXPECT_EQ(f.assays[0].fraction, 70'000'000) << reports;
  }
  // The full IRI of the oxide reads the same as its CURIE.
  EventFacts iri = Extract(AssayEvent(
      R"({"type": "gs1:MT-MassConcentration", "chemicalSubstance": "https://ns.orelog.dev/minerals#Nd2O3", "value": 10, "uom": "P1"})"));
  ASSERT_EQ(iri.assays.size(), 1u);
  EXPECT_EQ(iri.assays[0].fraction, 85'735'600);
}

TEST(ExtractTest, UnknownSubstancesAndUnitsAreProblems) {
  EventFacts f = Extract(AssayEvent(
      R"({"type": "gs1:MT-MassConcentration", "chemicalSubstance": "orl:Unobtainium", "value": 1, "uom": "P1"},
         {"type": "gs1:MT-MassConcentration", "chemicalSubstance": "https://identifiers.org/inchikey:RYGMFSIKBFXOCR-UHFFFAOYSA-N", "value": 1, "uom": "KGM"})"));
  EXPECT_TRUE(f.assays.empty());
  EXPECT_EQ(f.problems.size(), 2u);
  EXPECT_NE(f.step, Step::kAssay);  // nothing was read, so it is no assay
  EventFacts q = Extract(Event(R"("type": "ObjectEvent", "action": "ADD", "bizStep": "commissioning",
      "quantityList": [{"epcClass": "https://id.example/lot/A", "quantity": 25, "uom": "BAG"}])"));
  // A lot whose mass cannot be read is left out (an input read as "no
  // quantity" would take the whole lot), and the problem says which.
  EXPECT_TRUE(q.lots.empty());
  ASSERT_EQ(q.problems.size(), 1u);
  EXPECT_NE(q.problems[0].find("https://id.example/lot/A"), std::string::npos);
}

TEST(ExtractTest, TransformationWithLossesAndClaims) {
  EventFacts f = Extract(Event(R"("type": "TransformationEvent", "bizStep": "commissioning",
      "bizLocation": {"id": "https://id.example/site/conc"},
      "inputQuantityList": [{"epcClass": "https://id.example/lot/FEED", "quantity": 1000, "uom": "TNE"},
                            {"epcClass": "https://id.example/lot/OTHER"}],
      "outputQuantityList": [{"epcClass": "https://id.example/lot/CONC", "quantity": 18500, "uom": "KGM"},
                             {"epcClass": "https://id.example/lot/TAIL", "quantity": 981.5, "uom": "TNE"}],
      "https://ns.orelog.dev/minerals#lossOutputs": ["https://id.example/lot/TAIL"],
      "orl:cocModel": "segregated",
      "ilmd": {"orl:claim": "compliant"})"));
  EXPECT_EQ(f.step, Step::kTransformation);
  ASSERT_EQ(f.inputs.size(), 2u);
  EXPECT_EQ(f.inputs[0].wet, 1'000'000'000'000);
  EXPECT_FALSE(f.inputs[1].wet.has_value());  // the whole lot
  ASSERT_EQ(f.outputs.size(), 2u);
  EXPECT_EQ(f.outputs[0].wet, 18'500'000'000);
  EXPECT_EQ(f.outputs[1].wet, 981'500'000'000);
  EXPECT_EQ(f.loss_outputs, std::vector<std::string>{"https://id.example/lot/TAIL"});  // full IRI key
  EXPECT_EQ(f.coc_model, "segregated");  // CURIE key
  EXPECT_EQ(f.claims.size(), 2u);
  EXPECT_TRUE(f.lots.empty());
}

TEST(ExtractTest, PackingShippingAndReceipt) {
  EventFacts pack = Extract(Event(R"("type": "AggregationEvent", "action": "ADD", "bizStep": "packing",
      "parentID": "https://id.example/sscc/1",
      "childQuantityList": [{"epcClass": "https://id.example/lot/A", "quantity": 2, "uom": "TNE"}],
      "orl:seals": ["S1", "S2"])"));
  EXPECT_EQ(pack.step, Step::kPacking);
  EXPECT_EQ(pack.parent, "https://id.example/sscc/1");
  ASSERT_EQ(pack.lots.size(), 1u);
  EXPECT_EQ(pack.seals, (std::vector<std::string>{"S1", "S2"}));

  const std::string ship_members = R"("type": "ObjectEvent", "action": "OBSERVE", "bizStep": "urn:epcglobal:cbv:bizstep:departing",
      "readPoint": {"id": "https://id.example/site/port"},
      "quantityList": [{"epcClass": "https://id.example/lot/A", "quantity": 2, "uom": "TNE"}],
      "bizTransactionList": [{"type": "bol", "bizTransaction": "https://id.example/bol/9"},
                             {"type": "urn:epcglobal:cbv:btt:desadv", "bizTransaction": "https://id.example/desadv/3"}],
      "sourceList": [{"type": "owning_party", "source": "https://id.example/party/seller"}],
      "destinationList": [{"type": "https://ref.gs1.org/cbv/SDT-owning_party", "destination": "https://id.example/party/buyer"},
                          {"type": "possessing_party", "destination": "https://id.example/party/carrier"},
                          {"type": "location", "destination": "https://id.example/site/refinery"}],
      "orl:hsCode": "2603.00", "orl:exportLicence": "EL-1", "orl:destinationCountry": "US")";
  EventFacts ship = Extract(Event(ship_members));
  EXPECT_EQ(ship.step, Step::kShipping);
  EXPECT_EQ(ship.site, "https://id.example/site/port");  // readPoint when no bizLocation
  EXPECT_EQ(ship.shipment, "https://id.example/desadv/3");  // desadv before bol
  EXPECT_EQ(ship.owner_from, "https://id.example/party/seller");
  EXPECT_EQ(ship.owner_to, "https://id.example/party/buyer");
  EXPECT_EQ(ship.holder_to, "https://id.example/party/carrier");
  EXPECT_EQ(ship.destination, "https://id.example/site/refinery");
  EXPECT_EQ(ship.hs_code, "2603.00");
  EXPECT_EQ(ship.export_licence, "EL-1");
  EXPECT_EQ(ship.destination_country, "US");

  // The public form: the desadv withheld behind a placeholder, the bol shown.
  std::string public_members = ship_members;
  public_members.replace(public_members.find("https://id.example/desadv/3"), 27, "urn:orelog:sd:0123abcd");
  EXPECT_EQ(Extract(Event(public_members)).shipment, "https://id.example/bol/9");
  // Both withheld: no shipment at all (a placeholder is not a shipment).
  public_members.replace(public_members.find("https://id.example/bol/9"), 23, "urn:orelog:sd:4567ef01");
  EXPECT_EQ(Extract(Event(public_members)).shipment, "");

  EventFacts rec = Extract(Event(R"("type": "ObjectEvent", "action": "OBSERVE", "bizStep": "https://ref.gs1.org/cbv/BizStep-receiving",
      "bizLocation": {"id": "https://id.example/site/refinery"},
      "quantityList": [{"epcClass": "https://id.example/lot/A", "quantity": 1990, "uom": "KGM"}],
      "bizTransactionList": [{"type": "bol", "bizTransaction": "https://id.example/bol/9"}])"));
  EXPECT_EQ(rec.step, Step::kReceipt);
  EXPECT_EQ(rec.shipment, "https://id.example/bol/9");
  EXPECT_EQ(rec.lots[0].wet, 1'990'000'000);
}

TEST(ExtractTest, NonCustodyEventsAreEmpty) {
  EXPECT_TRUE(Extract(Event(R"("type": "ObjectEvent", "action": "OBSERVE", "bizStep": "storing",
      "epcList": ["https://id.gs1.org/01/04012345111118/21/1"])"))
                  .empty());
  EXPECT_TRUE(Extract(Event(R"("type": "AssociationEvent", "action": "ADD", "parentID": "https://id.example/x",
      "childEPCs": ["https://id.gs1.org/01/04012345111118/21/1"])"))
                  .empty());
  // An inspection without readable assays is no custody fact either.
  EXPECT_TRUE(Extract(Event(R"("type": "ObjectEvent", "action": "OBSERVE", "bizStep": "inspecting",
      "epcList": ["https://id.gs1.org/01/04012345111118/21/1"])"))
                  .empty());
}

TEST(ExtractTest, SitesFromMasterData) {
  const std::string doc = std::string("{") + kContext + R"(, "type": "EPCISDocument", "schemaVersion": "2.0",
    "creationDate": "2025-10-01T00:00:00Z",
    "epcisHeader": {"epcisMasterData": {"vocabularyList": [
      {"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [
        {"id": "https://id.example/site/qa", "attributes": [
          {"id": "urn:epcglobal:cbv:mda#name", "attribute": "Qila Abdullah"},
          {"id": "cbvmda:countryCode", "attribute": "PK"},
          {"id": "orl:role", "attribute": "mine"},
          {"id": "https://ns.orelog.dev/minerals#province", "attribute": "Balochistan"},
          {"id": "orl:licence", "attribute": "ML-1"},
          {"id": "orl:highRiskArea", "attribute": true},
          {"id": "orl:cocModel", "attribute": "segregated"},
          {"id": "orl:segregationCriteria", "attribute": "not_high_risk"},
          {"id": "orl:capacity", "attribute": [{"period": "2025-10", "quantity": 500, "uom": "TNE"},
                                               {"period": "2025-11", "quantity": 1, "uom": "BAG"}]}]},
        {"id": "https://id.example/site/bare"}]},
      {"type": "urn:epcglobal:epcis:vtype:ReadPoint", "vocabularyElementList": [{"id": "https://id.example/rp"}]}]}},
    "epcisBody": {"eventList": []}})";
  epcis::Namespaces ns = epcis::StandardNamespaces();
  const json::object d = Parse(doc);
  ASSERT_TRUE(epcis::AddContextNamespaces(d.at("@context"), ns).ok());
  auto sites = ExtractSites(d, ns);
  ASSERT_EQ(sites.size(), 2u);
  const SiteFacts& s = sites[0];
  EXPECT_EQ(s.id, "https://id.example/site/qa");
  EXPECT_EQ(s.name, "Qila Abdullah");
  EXPECT_EQ(s.country, "PK");
  EXPECT_EQ(s.role, "mine");
  EXPECT_EQ(s.province, "Balochistan");
  EXPECT_EQ(s.licence, "ML-1");
  EXPECT_TRUE(s.high_risk);
  EXPECT_EQ(s.coc_model, "segregated");
  EXPECT_EQ(s.segregation_criteria, "not_high_risk");
  ASSERT_EQ(s.capacity.size(), 1u);  // the unreadable unit is left out
  EXPECT_EQ(s.capacity[0].period, "2025-10");
  EXPECT_EQ(s.capacity[0].wet, 500'000'000'000);
  EXPECT_EQ(sites[1].id, "https://id.example/site/bare");
  EXPECT_TRUE(ExtractSites(json::object{}, ns).empty());
}

// ---- Stored forms ----------------------------------------------------------

std::string GenText() { return *rc::gen::element<std::string>("", "a", "https://id.example/lot/1", "é\"\\\n", "x y"); }

std::vector<std::string> GenTexts() {
  return *rc::gen::container<std::vector<std::string>>(*rc::gen::inRange<size_t>(0, 3), rc::gen::exec(GenText));
}

std::vector<LotQuantity> GenLots() {
  std::vector<LotQuantity> out;
  const int n = *rc::gen::inRange(0, 3);
  for (int i = 0; i < n; ++i) {
    LotQuantity q;
    q.lot = GenText();
    if (*rc::gen::arbitrary<bool>()) q.wet = *rc::gen::inRange<int64_t>(0, INT64_MAX);
    out.push_back(q);
  }
  return out;
}

RC_GTEST_PROP(FactsJsonProperties, FactsRoundTrip, ()) {
  EventFacts f;
  f.event_id = GenText();
  f.time_ms = *rc::gen::arbitrary<int64_t>();
  f.step = static_cast<Step>(*rc::gen::inRange(0, 8));
  f.site = GenText();
  f.lots = GenLots();
  f.inputs = GenLots();
  f.outputs = GenLots();
  f.loss_outputs = GenTexts();
  for (const char* e : {"Cu", "Sb", "H2O", "TREO"}) {  // distinct elements, as extraction makes them
    if (*rc::gen::arbitrary<bool>()) f.assays.push_back({e, *rc::gen::inRange<int64_t>(0, kOne + 1)});
  }
  f.assay_role = GenText();
  f.lab = GenText();
  f.shipment = GenText();
  f.seals = GenTexts();
  f.owner_from = GenText();
  f.owner_to = GenText();
  f.holder_from = GenText();
  f.holder_to = GenText();
  f.destination = GenText();
  f.hs_code = GenText();
  f.export_licence = GenText();
  f.destination_country = GenText();
  f.coc_model = GenText();
  f.claims = GenTexts();
  f.origin_undisclosed = *rc::gen::arbitrary<bool>();
  f.parent = GenText();
  f.problems = GenTexts();
  const std::string text = FactsToJson(f);
  auto back = FactsFromJson(text);
  RC_ASSERT(back.ok());
  RC_ASSERT(back->index == 0u);
  RC_ASSERT(FactsToJson(*back) == text);
  RC_ASSERT(back->lots.size() == f.lots.size());
  for (size_t i = 0; i < f.lots.size(); ++i) {
    RC_ASSERT(back->lots[i].lot == f.lots[i].lot);
    RC_ASSERT(back->lots[i].wet == f.lots[i].wet);
  }
  RC_ASSERT(back->assays.size() == f.assays.size());
  RC_ASSERT(back->step == f.step);
  RC_ASSERT(back->origin_undisclosed == f.origin_undisclosed);
  RC_ASSERT(back->problems == f.problems);
}

RC_GTEST_PROP(FactsJsonProperties, SiteRoundTrip, ()) {
  SiteFacts s;
  s.id = GenText();
  s.name = GenText();
  s.country = GenText();
  s.province = GenText();
  s.role = GenText();
  s.licence = GenText();
  const int caps = *rc::gen::inRange(0, 3);
  for (int i = 0; i < caps; ++i) s.capacity.push_back({GenText(), *rc::gen::arbitrary<int64_t>()});
  s.high_risk = *rc::gen::arbitrary<bool>();
  s.coc_model = GenText();
  s.segregation_criteria = GenText();
  const std::string text = SiteToJson(s);
  auto back = SiteFromJson(text);
  RC_ASSERT(back.ok());
  RC_ASSERT(SiteToJson(*back) == text);
  RC_ASSERT(back->capacity.size() == s.capacity.size());
  for (size_t i = 0; i < s.capacity.size(); ++i) RC_ASSERT(back->capacity[i].wet == s.capacity[i].wet);
  RC_ASSERT(back->high_risk == s.high_risk);
}

TEST(FactsJsonTest, CorruptFormsAreErrors) {
  EXPECT_FALSE(FactsFromJson("").ok());
  EXPECT_FALSE(FactsFromJson("[]").ok());
  EXPECT_FALSE(FactsFromJson(R"({"v": 2, "step": "assay"})").ok());
  EXPECT_FALSE(FactsFromJson(R"({"v": 1, "step": "mining"})").ok());
  EXPECT_FALSE(FactsFromJson(R"({"v": 1, "step": "assay", "lots": [{"lot": "A", "mg": 1.5}]})").ok());
  EXPECT_FALSE(FactsFromJson(R"({"v": 1, "step": "assay", "assay": {"Cu": "x"}})").ok());
  EXPECT_FALSE(FactsFromJson(R"({"v": 1, "step": "assay", "lots": [{"lot": "A", "mg": -1}]})").ok());
  EXPECT_FALSE(FactsFromJson(R"({"v": 1, "step": "assay", "assay": {"Cu": 1000000001}})").ok());
  EXPECT_FALSE(FactsFromJson(R"({"v": 1, "step": "assay", "assay": {"Cu": -1}})").ok());
  EXPECT_TRUE(FactsFromJson(R"({"v": 1, "step": "assay", "assay": {"Cu": 1000000000}})").ok());
  EXPECT_FALSE(SiteFromJson(R"({"v": 1, "capacity": [{"period": "2025-10", "mg": "x"}]})").ok());
}

}  // namespace
}  // namespace orelog::custody
