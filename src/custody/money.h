// Money amounts of the export report and royalty rates: exact integers of
// minor units (hundredths), never floating point. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "custody/units.h"

namespace orelog::custody {

using Cents = int64_t;

// "1234", "1234.5", "1234.50" -> 123450. Non-negative, at most 2 decimals
// and 15 integer digits; nullopt for anything else.
std::optional<Cents> ParseCents(std::string_view text);
// 123450 -> "1234.50".
std::string FormatCents(Cents cents);

// A declared value as the profile writes it (docs/minerals-profile.md
// §5.1): "<amount> <ISO 4217 code>", e.g. "152000.00 USD".
struct Money {
  Cents cents = 0;
  std::string currency;
};
std::optional<Money> ParseMoney(std::string_view text);

// Royalty on `contained` milligrams at `cents_per_tonne`, rounded down to
// the cent (exact: 128-bit product).
Cents RoyaltyCents(Milligrams contained, Cents cents_per_tonne);

}  // namespace orelog::custody
