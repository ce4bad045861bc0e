#include "mineral_events.h"

#include <fmt/format.h>

namespace orelog::bench {
namespace {

// 2026-11-27T00:00:00+05:00 plus i seconds, so event times differ too.
std::string EventTime(uint64_t i) {
  const uint64_t s = i % 86400;
  return fmt::format("2026-11-{:02}T{:02}:{:02}:{:02}.{:03}+05:00", 1 + (i / 86400) % 28, s / 3600, s / 60 % 60, s % 60,
                     i % 1000);
}

std::string Sgtin(uint64_t i, int k) { return fmt::format("urn:epc:id:sgtin:0614141.107346.{}{}", i, k); }

std::string Lot(uint64_t i) { return fmt::format("urn:epc:class:lgtin:4012345.012345.CONC{}", i); }

// The members every event has after its type-specific ones.
std::string CommonTail(uint64_t i) {
  return fmt::format(
      R"("bizStep":"{}","disposition":"in_transit",)"
      R"("readPoint":{{"id":"urn:epc:id:sgln:0614141.07346.{}"}},"bizLocation":{{"id":"urn:epc:id:sgln:0614141.07346.0"}},)"
      R"("bizTransactionList":[{{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:0614141073467:PO-{}"}}],)"
      R"("sourceList":[{{"type":"owning_party","source":"urn:epc:id:pgln:0614141.00000"}},)"
      R"({{"type":"location","source":"urn:epc:id:sgln:0614141.07346.0"}}],)"
      R"("destinationList":[{{"type":"owning_party","destination":"urn:epc:id:pgln:4012345.00000"}},)"
      R"({{"type":"location","destination":"urn:epc:id:sgln:4012345.00001.0"}}],)"
      R"("sensorElementList":[{{"sensorMetadata":{{"time":"{}","deviceID":"urn:epc:id:giai:4000001.{}"}},)"
      R"("sensorReport":[{{"type":"gs1:MT-Dimensionless","chemicalSubstance":"urn:cas:7440-36-0","value":{}.{},"uom":"P1"}}]}}],)"
      R"("ore:mine":"Chagai-{}")",
      i % 4 == 3 ? "commissioning" : "shipping", 1000 + i % 9000, i, EventTime(i), 100 + i % 7, 38 + i % 9, i % 10,
      i % 97);
}

}  // namespace

bool HasEpcList(uint64_t i) { return i % 4 != 3; }

std::string FirstEpc(uint64_t i) { return Sgtin(i, 1); }

std::string MineralEvent(uint64_t i) {
  if (!HasEpcList(i)) {
    return fmt::format(
        R"({{"type":"TransformationEvent","eventTime":"{}","eventTimeZoneOffset":"+05:00",)"
        R"("inputQuantityList":[{{"epcClass":"{}","quantity":{}.5,"uom":"KGM"}}],)"
        R"("outputEPCList":["{}","{}"],)"
        R"("outputQuantityList":[{{"epcClass":"{}","quantity":{}.25,"uom":"KGM"}}],{}}})",
        EventTime(i), Lot(i - 1), 24000 + i % 500, Sgtin(i, 1), Sgtin(i, 2), Lot(i), 23800 + i % 500, CommonTail(i));
  }
  return fmt::format(
      R"({{"type":"ObjectEvent","eventTime":"{}","eventTimeZoneOffset":"+05:00",)"
      R"("epcList":["{}","{}"],"action":"OBSERVE",)"
      R"("quantityList":[{{"epcClass":"{}","quantity":{}.5,"uom":"KGM"}}],{}}})",
      EventTime(i), Sgtin(i, 1), Sgtin(i, 2), Lot(i), 24000 + i % 500, CommonTail(i));
}

std::string MineralDocument(uint64_t first, uint64_t count) {
  std::string doc =
      R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",)"
      R"({"ore":"https://orelog.example/voc/"}],"type":"EPCISDocument","schemaVersion":"2.0",)"
      R"("creationDate":"2026-11-28T10:00:00.000Z","epcisBody":{"eventList":[)";
  doc.reserve(doc.size() + count * 1100 + 8);
  for (uint64_t i = first; i < first + count; ++i) {
    if (i != first) doc += ',';
    doc += MineralEvent(i);
  }
  doc += "]}}";
  return doc;
}

}  // namespace orelog::bench
