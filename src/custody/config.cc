#include "custody/config.h"

#include <algorithm>

#include "custody/money.h"

namespace orelog::custody {
namespace {

Result<Nano> Percent(std::string_view option, std::string_view text) {
  double v = 0;
  try {
    size_t used = 0;
    v = std::stod(std::string(text), &used);
    if (used != text.size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    return Status::Invalid(std::string(option) + ": '" + std::string(text) + "' is not a number");
  }
  auto f = FractionFromReport(v, "P1");
  if (!f.ok()) return Status::Invalid(std::string(option) + ": " + f.status().message());
  return *f;
}

// "Element=value" -> (element, value).
Result<std::pair<std::string, std::string>> ElementValue(std::string_view option, std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    return Status::Invalid(std::string(option) + ": expected ELEMENT=VALUE, got '" + std::string(text) + "'");
  }
  return std::pair{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

}  // namespace

Status ApplyRuleText(const RuleText& t, BookConfig& c) {
  if (!t.balance_tolerance_pct.empty()) {
    ORELOG_ASSIGN_OR_RETURN(c.balance_tolerance, Percent("--balance-tolerance-pct", t.balance_tolerance_pct));
  }
  if (!t.quantity_tolerance_pct.empty()) {
    ORELOG_ASSIGN_OR_RETURN(c.quantity_tolerance, Percent("--quantity-tolerance-pct", t.quantity_tolerance_pct));
  }
  if (t.custody_gap_hours >= 0) c.custody_gap_hours = t.custody_gap_hours;
  if (t.export_transit_hours >= 0) c.export_transit_hours = t.export_transit_hours;
  if (!t.covered_countries.empty()) {
    c.covered_countries.clear();
    if (t.covered_countries != "none") {
      std::string_view rest = t.covered_countries;
      while (!rest.empty()) {
        std::string_view code = rest.substr(0, rest.find(','));
        rest = code.size() < rest.size() ? rest.substr(code.size() + 1) : std::string_view();
        if (code.size() != 2 || !std::all_of(code.begin(), code.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })) {
          return Status::Invalid("--covered-countries: '" + std::string(code) + "' is not an ISO 3166-1 alpha-2 code");
        }
        c.covered_countries.emplace_back(code);
      }
    }
  }
  if (!t.default_coc_model.empty()) {
    if (t.default_coc_model != "identity_preserved" && t.default_coc_model != "segregated" &&
        t.default_coc_model != "mass_balance") {
      return Status::Invalid("--default-coc-model: identity_preserved, segregated or mass_balance");
    }
    c.default_coc_model = t.default_coc_model;
  }
  for (const std::string& s : t.splitting_limits) {
    ORELOG_ASSIGN_OR_RETURN(auto ev, ElementValue("--splitting-limit", s));
    ORELOG_ASSIGN_OR_RETURN(Nano limit, Percent("--splitting-limit", ev.second));
    c.exchange_rules[ev.first].splitting_limit = limit;
  }
  for (const std::string& s : t.umpire_rules) {
    ORELOG_ASSIGN_OR_RETURN(auto ev, ElementValue("--umpire-rule", s));
    UmpireRule rule;
    if (ev.second == "mean_with_closer") {
      rule = UmpireRule::kMeanOfUmpireAndCloser;
    } else if (ev.second == "umpire_final") {
      rule = UmpireRule::kUmpireFinal;
    } else if (ev.second == "umpire_if_between") {
      rule = UmpireRule::kUmpireIfBetweenElseCloser;
    } else {
      return Status::Invalid("--umpire-rule: mean_with_closer, umpire_final or umpire_if_between");
    }
    c.exchange_rules[ev.first].umpire_rule = rule;
  }
  for (const std::string& s : t.royalty_rates) {
    ORELOG_ASSIGN_OR_RETURN(auto ev, ElementValue("--royalty-rate", s));
    auto cents = ParseCents(ev.second);
    if (!cents) return Status::Invalid("--royalty-rate: expected ELEMENT=AMOUNT per tonne of contained element, e.g. Cu=120.50");
    c.royalty_rates[ev.first] = *cents;
  }
  if (t.compute_threads >= 0) {
    if (t.compute_threads > 8) return Status::Invalid("--compute-threads: 0 (one per hardware thread) to 8");
    c.compute_threads = t.compute_threads;
  }
  if (!t.royalty_currency.empty()) {
    if (!ParseMoney("0 " + t.royalty_currency)) return Status::Invalid("--royalty-currency: an ISO 4217 code, e.g. USD");
    c.royalty_currency = t.royalty_currency;
  }
  for (const std::string& s : t.payables) {
    ORELOG_ASSIGN_OR_RETURN(auto ev, ElementValue("--payable", s));
    auto slash = ev.second.find('/');
    if (slash == std::string::npos) return Status::Invalid("--payable: expected ELEMENT=PCT/MIN_DEDUCTION, e.g. Cu=96.5/1.0");
    ORELOG_ASSIGN_OR_RETURN(Nano pct, Percent("--payable", ev.second.substr(0, slash)));
    ORELOG_ASSIGN_OR_RETURN(Nano deduction, Percent("--payable", ev.second.substr(slash + 1)));
    c.payables[ev.first] = PayableRule{pct, deduction};
  }
  return Status::Ok();
}

}  // namespace orelog::custody
