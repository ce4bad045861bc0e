// Mineral-style EPCIS 2.0 events for the capture and query benchmarks
// (issue #3 §9): about 1 KiB each, every one distinct, all valid.
//
// Event i is an ObjectEvent (shipping a concentrate lot: two SGTINs, the
// lot's LGTIN quantity in KGM, SGLN read point and location, a purchase
// order, source and destination parties, an assay sensorReport with a
// chemicalSubstance and a value in P1, and an `ore:` extension member),
// except every fourth (i % 4 == 3), which is a TransformationEvent turning
// lot i-1 into lot i (input/output quantities, output SGTINs, same other
// members). Pure; deterministic in i.
#pragma once

#include <cstdint>
#include <string>

namespace orelog::bench {

// The JSON text of event i (no @context of its own; the document has it).
std::string MineralEvent(uint64_t i);

// An EPCISDocument with events [first, first + count).
std::string MineralDocument(uint64_t first, uint64_t count);

// True if event i lists EPCs that MATCH_epc finds (epcList; ObjectEvents).
bool HasEpcList(uint64_t i);
// The first EPC (URN) of event i's epcList (or outputEPCList); unique to it.
std::string FirstEpc(uint64_t i);

}  // namespace orelog::bench
