// Metal accounting and assay settlement read off the custody book
// (docs/custody.md "Balances", "Settlement"). Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "custody/balance.h"
#include "custody/book.h"
#include "custody/settlement.h"

namespace orelog::custody {

// Check-in / check-out of one element over one or more flows. Incomplete
// when an output's metal is not measured (derived outputs balance by
// construction, so no verdict is given on them).
struct ElementBalance {
  std::string element;
  MetalBalance balance;
  bool complete = true;
};

struct FlowBalance {
  uint32_t flow = 0;
  std::string event_id;
  std::string site;
  int64_t time_ms = 0;
  std::vector<ElementBalance> elements;
};

struct SitePeriodBalance {
  std::string site;
  std::string period;  // YYYY-MM (UTC)
  std::vector<std::string> event_ids;
  std::vector<ElementBalance> elements;
};

// Flows with eventTime in [from_ms, to_ms) at `site` (empty: every site).
std::vector<FlowBalance> FlowBalances(const Book& book, std::string_view site, int64_t from_ms, int64_t to_ms);
// The same flows summed per site and UTC month.
std::vector<SitePeriodBalance> SitePeriodBalances(const std::vector<FlowBalance>& flows, const Book& book);

// The "YYYY-MM" month of a UTC instant.
std::string MonthOf(int64_t time_ms);

struct ElementSettlement {
  std::string element;
  std::optional<Nano> seller, buyer, umpire;
  std::vector<std::string> evidence;  // event IDs of the assays used
  Settlement settlement;
  bool has_rule = false;
  Milligrams dry = 0;                   // dry mass of the shipment's lots
  std::optional<Milligrams> contained;  // at the final grade
  std::optional<Nano> payable_grade;
  std::optional<Milligrams> payable;
};

struct ShipmentSettlement {
  std::string shipment;
  std::vector<std::string> lots;
  Milligrams wet = 0;
  Milligrams dry = 0;
  std::vector<ElementSettlement> elements;
};

// NotFound if the book has no shipment of that ID.
Result<ShipmentSettlement> SettleShipment(const Book& book, std::string_view shipment);

}  // namespace orelog::custody
