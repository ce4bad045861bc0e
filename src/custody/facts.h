// What the custody view reads from one EPCIS event under the minerals
// profile (docs/minerals-profile.md): the lots it names with their wet
// masses, the site, assays, the flow of a transformation, the shipment and
// its seals, the parties. Plain data; extract.h builds it, book.h folds it.
//
// Facts are stored beside each event (table custody_facts, as JSON written
// by FactsToJson, format v1 in docs/repository-format.md), in the same commit
// as the event, so the custody graph is rebuilt without reading the log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "custody/units.h"
#include "orelog/status.h"

namespace orelog::custody {

enum class Step : uint8_t {
  kOther = 0,
  kExtraction,      // ObjectEvent ADD, bizStep commissioning
  kSampling,        // bizStep sampling
  kAssay,           // bizStep inspecting with sensor reports
  kTransformation,  // TransformationEvent
  kPacking,         // AggregationEvent ADD
  kShipping,        // bizStep shipping / departing
  kReceipt,         // bizStep receiving / accepting / arriving
};
std::string_view StepName(Step s);
std::optional<Step> StepFromName(std::string_view name);

struct LotQuantity {
  std::string lot;                 // epcClass
  std::optional<Milligrams> wet;   // absent: no quantity (an input: the whole lot)
};

// One analyte of an assay, converted to the element (oxides by their factor).
struct AssayValue {
  std::string element;  // "Cu", "Sb", "Nd", ..., "H2O" (moisture, wet basis), "TREO"
  Nano fraction = 0;    // of dry mass (of wet mass for H2O)
};

// The agreement ID of an orl:agreement link is written as this prefix + ID.
inline constexpr std::string_view kAgreementUriPrefix = "urn:orelog:agreement:";
// A link whose value this reader may not see (a disclosure placeholder).
inline constexpr std::string_view kPlaceholderLink = "undisclosed";

struct EventFacts {
  uint64_t index = 0;     // log index of the event
  std::string event_id;   // the ID shown to the reader of these facts (public ID)
  int64_t time_ms = 0;    // eventTime, UTC milliseconds since 1970
  Step step = Step::kOther;
  std::string site;       // bizLocation, else readPoint
  std::vector<LotQuantity> lots;     // quantityList / childQuantityList
  std::vector<LotQuantity> inputs;   // TransformationEvent
  std::vector<LotQuantity> outputs;  // TransformationEvent
  std::vector<std::string> loss_outputs;  // orl:lossOutputs
  std::vector<AssayValue> assays;
  std::string assay_role;  // producer (default), seller, buyer, umpire
  std::string lab;         // sensorMetadata.deviceID
  std::string shipment;    // desadv, else bol
  std::vector<std::string> seals;  // orl:seals
  std::string owner_from, owner_to, holder_from, holder_to;  // owning_party / possessing_party
  std::string destination;          // destinationList location
  std::string hs_code, export_licence, destination_country;
  std::string declared_value;        // orl:declaredValue, "<amount> <currency>" (custody/money.h)
  std::string coc_model;             // orl:cocModel override of the flow
  std::vector<std::string> claims;   // output lots with ilmd orl:claim = compliant
  bool origin_undisclosed = false;   // ilmd orl:originDisclosure = undisclosed
  std::string parent;                // AggregationEvent parentID
  // Links (docs/minerals-profile.md §5.1): bizTransactions of type
  // orl:agreement (the agreement ID) and orl:royaltyReceipt (the receipt), in
  // event order. A value withheld from this reader is kPlaceholderLink: the
  // link exists, its value is undisclosed.
  std::vector<std::string> agreements;
  std::vector<std::string> royalty_receipts;
  std::vector<std::string> problems; // profile violations (what was not read, and why)

  bool empty() const {
    return step == Step::kOther && lots.empty() && inputs.empty() && outputs.empty() && problems.empty() &&
           agreements.empty() && royalty_receipts.empty();
  }
};

// A site from business-location master data (docs/minerals-profile.md §3).
struct MonthlyCapacity {
  std::string period;  // YYYY-MM
  Milligrams wet = 0;
};
struct SiteFacts {
  std::string id;
  std::string name, country, province, role, licence;
  std::vector<MonthlyCapacity> capacity;
  bool high_risk = false;
  std::string coc_model;              // identity_preserved | segregated | mass_balance | ""
  std::string segregation_criteria;   // not_high_risk | no_covered_country | ""
};

// Stored forms (compact JSON, stable member names; docs/repository-format.md).
// The log index is not part of the JSON (it is the row's key, known only
// once the event is sequenced): FactsFromJson leaves `index` 0.
std::string FactsToJson(const EventFacts& f);
Result<EventFacts> FactsFromJson(std::string_view json);
std::string SiteToJson(const SiteFacts& s);
Result<SiteFacts> SiteFromJson(std::string_view json);

}  // namespace orelog::custody
