// Assay exchange and payable grades for one element of one lot. Pure.
//
// Concentrate contracts settle the grade of a lot by exchanging the seller's
// and the buyer's results; the rules below are those of docs/metal-accounting.md
// (from domain research section 2.6). All grades are Nano on a dry basis.
#pragma once

#include <optional>
#include <string>

#include "custody/units.h"

namespace orelog::custody {

// What decides the final grade once an umpire result exists (the two party
// results S and B differ by more than the splitting limit). "Between" means
// min(S, B) <= U <= max(S, B), ends included; the "closer" party result is
// the one at the smaller |U - result|.
enum class UmpireRule {
  // Rule (a) of the domain reference. U between: the mean of U and the
  // closer party result; if U is exactly equidistant (the midpoint of S and
  // B) neither party is closer and the final grade is U itself (which then
  // equals the mean of all three). U outside: the closer party result.
  kMeanOfUmpireAndCloser,
  // Rule (b): the umpire result is final, wherever it lies.
  kUmpireFinal,
  // The third common variant: U between: U is final. U outside: the closer
  // party result (the umpire has shown the farther party wrong, but is not
  // itself trusted beyond the range the parties spanned).
  kUmpireIfBetweenElseCloser,
};

struct ExchangeRule {
  Nano splitting_limit = 0;  // largest |S - B| that still settles at the mean; >= 0
  UmpireRule umpire_rule = UmpireRule::kMeanOfUmpireAndCloser;
};

struct Settlement {
  enum Status {
    kPending,         // a party result is missing: nothing to compare yet
    kSettledMean,     // |S - B| <= limit: the mean of S and B
    kUmpireRequired,  // |S - B| > limit and no umpire result yet
    kSettledUmpire,   // |S - B| > limit: decided by the umpire rule
  };
  Status status = kPending;
  Nano difference = 0;              // |S - B|; 0 while pending
  std::optional<Nano> final_grade;  // set for kSettledMean and kSettledUmpire
  std::string explanation;          // one sentence with the numbers, for people
};

// Settles one element's grade. Means are rounded half to even at 1e-9.
// An umpire result given while the parties agree within the limit is
// ignored (the explanation says so); a deadline after which one party's
// result is deemed conclusive is a contract matter the caller decides.
// Precondition (asserted): rule.splitting_limit >= 0.
Settlement Settle(std::optional<Nano> seller, std::optional<Nano> buyer,
                  std::optional<Nano> umpire, const ExchangeRule& rule);

// Payable terms, e.g. copper: 96.5 % of the grade with a minimum deduction of
// one unit (1 % absolute, 10'000'000 Nano).
struct PayableRule {
  Nano payable_pct = kOne;  // share of the grade paid for
  Nano min_deduction = 0;   // at least this much grade (absolute) is not paid
};

// max(0, min(grade x payable_pct, grade - min_deduction)), the product
// rounded half to even. 26.50 %, {96.5 %, 1 unit} -> min(25.5725, 25.50) = 25.50 %.
Nano PayableGrade(Nano grade, const PayableRule& rule);

}  // namespace orelog::custody
