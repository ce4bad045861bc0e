// Red flags of the custody view (OECD Annex II inspired; docs/custody.md
// "Red flags" lists every kind, its rule, threshold and severity). Pure:
// flags are computed from the book on demand, so they always reflect every
// fact captured so far. A flag whose condition was later cured (an umpire
// assay arrived, a late receipt arrived) is reported as resolved with the
// curing event in its evidence.
#pragma once

#include <string>
#include <vector>

#include "custody/book.h"

namespace orelog::custody {

struct Flag {
  std::string id;         // stable: kind + "/" + subject
  std::string kind;       // unknown_origin, mass_balance, capacity, custody_gap, quantity_mismatch,
                          // seal_mismatch, assay_dispute, high_risk_area, time_order,
                          // duplicate_commissioning, coc_breach, profile_violation, cycle
  int severity = 2;       // 1 most serious .. 3 informational
  std::string subject_type;  // lot, site, shipment, event
  std::string subject;
  std::string message;
  std::vector<std::string> evidence;  // event IDs
  std::vector<std::string> lots;      // lots concerned (for filters and passports)
  bool resolved = false;
};

// `now_ms`: the clock used for shipments not yet received. If
// `valid_until_ms` is given, it is set to the earliest clock reading at which
// the result would differ for the same book (a pending shipment crossing its
// limit), or INT64_MAX: the flags are a function of the book and the clock,
// and the clock matters only there.
std::vector<Flag> ComputeFlags(const Book& book, int64_t now_ms, int64_t* valid_until_ms = nullptr);

// The flags of `public_book` that the full book raises too (same ID). A
// flag computed from public forms alone may be a false alarm that withheld
// data explains (e.g. a withheld chain-of-custody override): the public is
// shown only flags that hold on all the data, each with its public evidence.
std::vector<Flag> PublicFlags(const Book& public_book, const Book& full_book, int64_t now_ms,
                              int64_t* valid_until_ms = nullptr);

}  // namespace orelog::custody
