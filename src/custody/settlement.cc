#include "custody/settlement.h"

#include <algorithm>
#include <cassert>

namespace orelog::custody {
namespace {

// Exact percent for explanations: up to 7 places (1e-9 of a whole), trailing
// zeros trimmed to no fewer than 2 places.
std::string Pct(Nano v) {
  std::string s = FormatPercent(v, 7);
  while (s.size() > 3 && s.back() == '0' && s[s.size() - 3] != '.') s.pop_back();
  return s + " %";
}

Nano MeanOf(Nano a, Nano b) {
  return static_cast<Nano>(internal::DivideHalfEven(internal::Int128{a} + b, 2));
}

Nano Distance(Nano a, Nano b) { return a > b ? a - b : b - a; }

}  // namespace

Settlement Settle(std::optional<Nano> seller, std::optional<Nano> buyer,
                  std::optional<Nano> umpire, const ExchangeRule& rule) {
  assert(rule.splitting_limit >= 0);
  Settlement out;
  if (!seller || !buyer) {
    out.status = Settlement::kPending;
    out.explanation = !seller && !buyer ? "no party result yet"
                      : !seller         ? "the seller's result is missing"
                                        : "the buyer's result is missing";
    return out;
  }
  const Nano s = *seller;
  const Nano b = *buyer;
  out.difference = Distance(s, b);
  const std::string parties = "seller " + Pct(s) + " and buyer " + Pct(b) + " differ by " +
                              Pct(out.difference);
  if (out.difference <= rule.splitting_limit) {
    out.status = Settlement::kSettledMean;
    out.final_grade = MeanOf(s, b);
    out.explanation = parties + ", within the splitting limit " + Pct(rule.splitting_limit) +
                      ": final = mean = " + Pct(*out.final_grade);
    if (umpire) out.explanation += " (the umpire result is not needed and is ignored)";
    return out;
  }
  const std::string beyond = parties + ", above the splitting limit " + Pct(rule.splitting_limit);
  if (!umpire) {
    out.status = Settlement::kUmpireRequired;
    out.explanation = beyond + ": the umpire sample must be analysed";
    return out;
  }
  const Nano u = *umpire;
  const bool between = std::min(s, b) <= u && u <= std::max(s, b);
  const Nano ds = Distance(u, s);
  const Nano db = Distance(u, b);
  // Outside the range the two distances cannot tie (S != B here).
  const Nano closer = ds <= db ? s : b;
  const std::string closer_name = ds <= db ? "seller" : "buyer";
  std::string how = beyond + "; umpire " + Pct(u) + (between ? " lies between them" : " lies outside them");
  out.status = Settlement::kSettledUmpire;
  switch (rule.umpire_rule) {
    case UmpireRule::kMeanOfUmpireAndCloser:
      if (!between) {
        out.final_grade = closer;
        how += ": final = the closer party result (" + closer_name + ")";
      } else if (ds == db) {
        out.final_grade = u;
        how += ", equidistant from both: final = the umpire result";
      } else {
        out.final_grade = MeanOf(u, closer);
        how += ": final = mean of umpire and the closer party result (" + closer_name + ")";
      }
      break;
    case UmpireRule::kUmpireFinal:
      out.final_grade = u;
      how += ": final = the umpire result";
      break;
    case UmpireRule::kUmpireIfBetweenElseCloser:
      if (between) {
        out.final_grade = u;
        how += ": final = the umpire result";
      } else {
        out.final_grade = closer;
        how += ": final = the closer party result (" + closer_name + ")";
      }
      break;
  }
  out.explanation = how + " = " + Pct(*out.final_grade);
  return out;
}

Nano PayableGrade(Nano grade, const PayableRule& rule) {
  const Nano by_pct = MulFraction(grade, rule.payable_pct);
  const Nano by_deduction = grade - rule.min_deduction;
  return std::max<Nano>(0, std::min(by_pct, by_deduction));
}

}  // namespace orelog::custody
