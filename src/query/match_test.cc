#include "query/match.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "epcis/gs1_keys.h"

namespace orelog::query {
namespace {

namespace json = boost::json;

json::object Event(std::string_view text) { return json::parse(text).as_object(); }

bool M(std::string_view query, const json::object& e, const epcis::Namespaces& ns = epcis::StandardNamespaces()) {
  auto q = ParseQuery(query, ns);
  EXPECT_TRUE(q.ok()) << query << ": " << q.status().ToString();
  return q.ok() && Matches(*q, e, ns);
}

// An ObjectEvent in the spellings a client might capture.
const json::object& Shipping() {
  static const json::object e = Event(R"({
    "type": "ObjectEvent", "eventID": "urn:uuid:6f1c0e1e-0000-4000-8000-000000000001",
    "eventTime": "2026-03-01T10:00:00.000+01:00", "eventTimeZoneOffset": "+01:00",
    "recordTime": "2026-03-01T09:00:05Z",
    "action": "OBSERVE", "bizStep": "shipping", "disposition": "cbv:Disp-in_transit",
    "epcList": ["urn:epc:id:sgtin:9521141.001234.2017", "https://example.com/01/09521141012345/21/2018"],
    "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.Lot987", "quantity": 25000.50, "uom": "KGM"},
                     {"epcClass": "https://id.gs1.org/01/04012345123456", "quantity": 3}],
    "readPoint": {"id": "urn:epc:id:sgln:9521141.12345.0"},
    "bizLocation": {"id": "https://id.gs1.org/414/9521141123454"},
    "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000016:PO-1"},
                           {"bizTransaction": "urn:epcglobal:cbv:bt:4012345000016:UNTYPED"}],
    "sourceList": [{"type": "https://ref.gs1.org/cbv/SDT-owning_party", "source": "urn:epc:id:pgln:9521141.12345"}],
    "destinationList": [{"type": "location", "destination": "urn:epc:id:sgln:9521141.12345.0"}],
    "sensorElementList": [{"sensorReport": [
       {"type": "MassConcentration", "chemicalSubstance": "https://identifiers.org/inchikey:ND", "value": 12.5, "uom": "P1"},
       {"type": "MassConcentration", "chemicalSubstance": "https://identifiers.org/inchikey:PR", "value": 3, "uom": "P1"},
       {"type": "Temperature", "value": -4.25, "maxValue": 1, "uom": "CEL"}]}],
    "gs1:grade": "A", "errorDeclaration": null
  })");
  return e;
}

TEST(Matches, EmptyQueryMatchesEverything) { EXPECT_TRUE(M("", Shipping())); }

TEST(Matches, EventTypeActionAndId) {
  EXPECT_TRUE(M("eventType=AggregationEvent|ObjectEvent", Shipping()));
  EXPECT_FALSE(M("eventType=AggregationEvent", Shipping()));
  EXPECT_TRUE(M("EQ_action=OBSERVE", Shipping()));
  EXPECT_FALSE(M("EQ_action=ADD|DELETE", Shipping()));
  EXPECT_TRUE(M("EQ_eventID=urn:uuid:6f1c0e1e-0000-4000-8000-000000000001", Shipping()));
  EXPECT_FALSE(M("EQ_eventID=urn:uuid:6f1c0e1e-0000-4000-8000-000000000002", Shipping()));
  EXPECT_FALSE(M("EQ_eventID=urn:uuid:1", Event(R"({"type":"ObjectEvent"})")));
}

TEST(Matches, TimeBoundsAreInstantsGeInclusiveLtExclusive) {
  // eventTime is 09:00:00Z.
  EXPECT_TRUE(M("GE_eventTime=2026-03-01T09:00:00Z", Shipping()));
  EXPECT_TRUE(M("GE_eventTime=2026-03-01T04:00:00-05:00", Shipping()));
  EXPECT_FALSE(M("GE_eventTime=2026-03-01T09:00:00.001Z", Shipping()));
  EXPECT_FALSE(M("LT_eventTime=2026-03-01T10:00:00%2B01:00", Shipping()));
  EXPECT_TRUE(M("LT_eventTime=2026-03-01T10:00:00.001+01:00", Shipping()));
  EXPECT_TRUE(M("GE_recordTime=2026-03-01T09:00:05Z&LT_recordTime=2026-03-01T09:00:06Z", Shipping()));
  EXPECT_FALSE(M("GE_recordTime=2026-03-01T09:00:06Z", Shipping()));
  EXPECT_FALSE(M("GE_recordTime=2000-01-01T00:00:00Z", Event(R"({"type":"ObjectEvent"})")));  // no recordTime
}

TEST(Matches, VocabularyInAnySpelling) {
  for (const char* step : {"shipping", "https://ref.gs1.org/cbv/BizStep-shipping", "urn:epcglobal:cbv:bizstep:shipping",
                           "cbv:BizStep-shipping"}) {
    EXPECT_TRUE(M(std::string("EQ_bizStep=") + step, Shipping())) << step;
  }
  EXPECT_TRUE(M("EQ_disposition=in_transit", Shipping()));
  EXPECT_FALSE(M("EQ_disposition=active", Shipping()));
  EXPECT_FALSE(M("EQ_bizStep=shipping", Event(R"({"type":"ObjectEvent"})")));
}

TEST(Matches, LocationsInAnySpelling) {
  EXPECT_TRUE(M("EQ_readPoint=https://id.gs1.org/414/9521141123454", Shipping()));
  EXPECT_TRUE(M("EQ_bizLocation=urn:epc:id:sgln:9521141.12345.0", Shipping()));
  EXPECT_FALSE(M("EQ_bizLocation=urn:epc:id:sgln:9521141.12346.0", Shipping()));
  EXPECT_FALSE(M("EQ_bizLocation=https://id.gs1.org/414/9521141123452", Shipping()));  // wrong check digit
}

TEST(Matches, EpcsAsUrnsDigitalLinksAndPatterns) {
  EXPECT_TRUE(M("MATCH_epc=https://id.gs1.org/01/09521141012345/21/2017", Shipping()));
  EXPECT_TRUE(M("MATCH_epc=urn:epc:id:sgtin:9521141.001234.2018", Shipping()));  // captured as a foreign-host DL
  EXPECT_FALSE(M("MATCH_epc=urn:epc:id:sgtin:9521141.001234.2019", Shipping()));
  EXPECT_TRUE(M("MATCH_epc=urn:epc:idpat:sgtin:9521141.001234.*", Shipping()));
  EXPECT_FALSE(M("MATCH_epc=urn:epc:idpat:sgtin:9521141.001235.*", Shipping()));
  // A GTIN as an exact value is not a pattern: no instance equals it.
  EXPECT_FALSE(M("MATCH_epc=https://id.gs1.org/01/09521141012345", Shipping()));
  EXPECT_TRUE(M("MATCH_anyEPC=urn:epc:id:sgtin:9521141.001234.2017", Shipping()));
  EXPECT_FALSE(M("MATCH_parentID=urn:epc:id:sgtin:9521141.001234.2017", Shipping()));
  EXPECT_FALSE(M("MATCH_inputEPC=urn:epc:id:sgtin:9521141.001234.2017", Shipping()));
}

TEST(Matches, ParentInputsAndOutputs) {
  json::object agg = Event(R"({"type":"AggregationEvent","action":"ADD",
      "parentID":"urn:epc:id:sscc:4012345.0000000001","childEPCs":["urn:epc:id:sgtin:4012345.011111.7"]})");
  json::object tf = Event(R"({"type":"TransformationEvent",
      "inputEPCList":["urn:epc:id:sgtin:4012345.011111.7"],
      "outputQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.022222.B1","quantity":10,"uom":"KGM"}]})");
  const std::string sscc_dl = *epcis::NormalizeIdentifier("urn:epc:id:sscc:4012345.0000000001");
  EXPECT_TRUE(M("MATCH_parentID=" + sscc_dl, agg));
  EXPECT_TRUE(M("MATCH_anyEPC=" + sscc_dl, agg));
  EXPECT_TRUE(M("MATCH_epc=urn:epc:id:sgtin:4012345.011111.7", agg));  // childEPCs
  EXPECT_FALSE(M("MATCH_epc=urn:epc:id:sgtin:4012345.011111.7", tf));
  EXPECT_TRUE(M("MATCH_inputEPC=urn:epc:id:sgtin:4012345.011111.7", tf));
  EXPECT_TRUE(M("MATCH_anyEPC=urn:epc:id:sgtin:4012345.011111.7", tf));
  EXPECT_FALSE(M("MATCH_outputEPC=urn:epc:id:sgtin:4012345.011111.7", tf));
  EXPECT_TRUE(M("MATCH_outputEPCClass=urn:epc:class:lgtin:4012345.022222.B1", tf));
  EXPECT_TRUE(M("MATCH_anyEPCClass=urn:epc:idpat:sgtin:4012345.022222.*", tf));
  EXPECT_FALSE(M("MATCH_inputEPCClass=urn:epc:idpat:sgtin:4012345.022222.*", tf));
  EXPECT_FALSE(M("MATCH_epcClass=urn:epc:idpat:sgtin:4012345.022222.*", tf));
}

TEST(Matches, ClassesAndLotPatterns) {
  EXPECT_TRUE(M("MATCH_epcClass=https://id.gs1.org/01/04012345123456/10/Lot987", Shipping()));
  EXPECT_TRUE(M("MATCH_epcClass=https://id.gs1.org/01/04012345123456", Shipping()));  // the GTIN-level class itself
  EXPECT_TRUE(M("MATCH_epcClass=urn:epc:idpat:sgtin:4012345.012345.*", Shipping()));
  EXPECT_FALSE(M("MATCH_epcClass=urn:epc:class:lgtin:4012345.012345.Lot988", Shipping()));
}

TEST(Matches, GraiPatternsCoverSerialsAppendedToTheKey) {
  json::object e = Event(R"({"type":"ObjectEvent","action":"OBSERVE","epcList":["urn:epc:id:grai:4012345.66666.ABC"]})");
  EXPECT_TRUE(M("MATCH_epc=urn:epc:idpat:grai:4012345.66666.*", e));
  EXPECT_FALSE(M("MATCH_epc=urn:epc:idpat:grai:4012345.66667.*", e));
}

TEST(Matches, TypedParametersNeedTypeAndValue) {
  EXPECT_TRUE(M("EQ_bizTransaction_po=urn:epcglobal:cbv:bt:4012345000016:PO-1", Shipping()));
  EXPECT_FALSE(M("EQ_bizTransaction_inv=urn:epcglobal:cbv:bt:4012345000016:PO-1", Shipping()));
  EXPECT_FALSE(M("EQ_bizTransaction_po=urn:epcglobal:cbv:bt:4012345000016:UNTYPED", Shipping()));
  EXPECT_TRUE(M("EQ_source_owning_party=https://id.gs1.org/417/9521141123454", Shipping()));
  EXPECT_FALSE(M("EQ_source_possessing_party=https://id.gs1.org/417/9521141123454", Shipping()));
  EXPECT_TRUE(M("EQ_destination_location=https://id.gs1.org/414/9521141123454", Shipping()));
  EXPECT_FALSE(M("EQ_destination_location=https://id.gs1.org/414/9521141123454&EQ_destination_owning_party=urn:x:y",
                 Shipping()));
}

TEST(Matches, Exists) {
  EXPECT_TRUE(M("EXISTS_sensorElementList", Shipping()));
  EXPECT_FALSE(M("EXISTS_errorDeclaration", Shipping()));  // null counts as absent
  EXPECT_TRUE(M("EXISTS_errorDeclaration=false", Shipping()));
  EXPECT_TRUE(M("EXISTS_gs1:grade", Shipping()));
  EXPECT_TRUE(M("EXISTS_https://gs1.org/voc/grade", Shipping()));
  EXPECT_FALSE(M("EXISTS_ilmd", Shipping()));
  // An extension prefix declared by the event and by the client.
  epcis::Namespaces ns = epcis::StandardNamespaces();
  ns["ex"] = "https://ns.example.com/";
  json::object e = Event(R"({"type":"ObjectEvent","ex:lot":"7"})");
  EXPECT_TRUE(M("EXISTS_ex:lot", e, ns));
  EXPECT_TRUE(M("EXISTS_https://ns.example.com/lot", e, ns));
  EXPECT_TRUE(M("EXISTS_ex:lot", e));  // neither side declares ex: the names compare as written
}

TEST(Matches, QuantitiesExactAndOnOneElement) {
  EXPECT_TRUE(M("EQ_quantity=25000.5", Shipping()));
  EXPECT_TRUE(M("EQ_quantity=25000.500", Shipping()));
  EXPECT_FALSE(M("EQ_quantity=25000.51", Shipping()));
  EXPECT_TRUE(M("GE_quantity=25000.5&LE_quantity=25000.5", Shipping()));
  EXPECT_FALSE(M("GT_quantity=25000.5", Shipping()));
  // 3 < 10 holds for one element, >= 100 for the other: no single element has both.
  EXPECT_FALSE(M("GE_quantity=100&LT_quantity=10", Shipping()));
  EXPECT_TRUE(M("GE_quantity=1&LT_quantity=500", Shipping()));
  EXPECT_TRUE(M("GE_quantity_KGM=25000", Shipping()));
  EXPECT_FALSE(M("LT_quantity_KGM=10", Shipping()));  // 3 has no uom
  EXPECT_FALSE(M("GE_quantity_TNE=0", Shipping()));
}

TEST(Matches, SensorConditionsHoldForOneReport) {
  EXPECT_TRUE(M("EQ_chemicalSubstance=https://identifiers.org/inchikey:ND", Shipping()));
  EXPECT_TRUE(M("EQ_chemicalSubstance=https://identifiers.org/inchikey:PR&GE_value_P1=3", Shipping()));
  EXPECT_FALSE(M("EQ_chemicalSubstance=https://identifiers.org/inchikey:PR&GE_value_P1=5", Shipping()));
  EXPECT_TRUE(M("EQ_chemicalSubstance=https://identifiers.org/inchikey:ND&GE_value_P1=5&LT_value_P1=12.51", Shipping()));
  EXPECT_FALSE(M("GE_value_P1=12.51", Shipping()));
  EXPECT_TRUE(M("EQ_value_CEL=-4.25", Shipping()));
  EXPECT_TRUE(M("LE_maxValue_CEL=1&LT_value_CEL=0", Shipping()));
  EXPECT_FALSE(M("GE_value_KGM=0", Shipping()));
}

}  // namespace
}  // namespace orelog::query
