// Custody rules and thresholds from text (serve's options and config file;
// docs/custody.md "Configuration"). Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "custody/book.h"
#include "orelog/status.h"

namespace orelog::custody {

struct RuleText {
  std::string balance_tolerance_pct;   // e.g. "1.0"
  std::string quantity_tolerance_pct;  // e.g. "0.5"
  int64_t custody_gap_hours = -1;      // -1: keep the default
  int64_t export_transit_hours = -1;
  std::string covered_countries;       // "CN,RU,KP,IR"; "none" for an empty list
  std::string default_coc_model;       // identity_preserved | segregated | mass_balance
  std::vector<std::string> splitting_limits;  // "Cu=0.20" (percent, absolute)
  std::vector<std::string> umpire_rules;      // "Cu=mean_with_closer" | "umpire_final" | "umpire_if_between"
  std::vector<std::string> payables;          // "Cu=96.5/1.0" (payable percent / minimum deduction in units)
  std::vector<std::string> royalty_rates;     // "Cu=120.50" (currency per tonne of contained element)
  std::string royalty_currency;               // ISO 4217, e.g. "USD"
  int compute_threads = -1;                   // -1: keep the default (0: one per hardware thread)
};

// Applies the non-empty parts of `text` over the defaults of `config`.
// InvalidArgument naming the option for anything malformed.
Status ApplyRuleText(const RuleText& text, BookConfig& config);

}  // namespace orelog::custody
