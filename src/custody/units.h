// Fixed-scale quantities for metal accounting. Pure, no I/O.
//
// Every mass is an integer number of milligrams and every fraction (grade,
// moisture, payable percentage, oxide factor, share, recovery) an integer
// number of 1e-9 ("Nano"). All arithmetic is on integers, with products
// taken in 128 bits and every division rounded half to even at the stated
// scale, so a balance computed twice, on two machines or in two orders of
// summation, gives the same milligram. Doubles appear only when reading a
// number from a document (MassFromQuantity, FractionFromReport).
//
// Formulas and rounding rules, with worked examples: docs/metal-accounting.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "orelog/status.h"

namespace orelog::custody {

using Milligrams = int64_t;
using Nano = int64_t;  // a fraction in units of 1e-9
inline constexpr Nano kOne = 1'000'000'000;
inline constexpr Nano kPercent = 10'000'000;  // 1 % (one "unit" of grade)
inline constexpr Nano kPpm = 1'000;           // 1 ppm = 1 g/t

inline constexpr Milligrams kMgPerGram = 1'000;
inline constexpr Milligrams kMgPerKg = 1'000'000;
inline constexpr Milligrams kMgPerTonne = 1'000'000'000;

// A mass read from an EPCIS quantity element (UN/ECE Recommendation 20):
// KGM kilogram, TNE tonne, GRM gram, LBR pound (0.45359237 kg exactly),
// APZ troy ounce (31.1034768 g exactly).
//
// The double is read as the shortest decimal that converts back to it (what
// the document almost certainly said: 0.0025 is 0.0025, not the binary
// 0.00250000000000000005...), multiplied exactly by the unit's decimal
// factor, and rounded to the nearest milligram, half to even.
// InvalidArgument for an unknown unit, a negative number, NaN or infinity,
// or a result above INT64_MAX mg (about 9.22e9 tonnes). -0 reads as 0.
Result<Milligrams> MassFromQuantity(double quantity, std::string_view uom);

// A fraction read from a lab report: uom P1 (percent: 26.5 -> 265'000'000)
// or 59 (ppm, for a mass concentration g/t: 8.0 -> 8'000). Read as in
// MassFromQuantity and rounded to 1e-9 half to even. InvalidArgument for an
// unknown unit, NaN/infinity, or a value outside 0..100 % (0..1e6 ppm).
Result<Nano> FractionFromReport(double value, std::string_view uom);

// All four: the exact product, rounded half to even at the result's scale.
// Preconditions (asserted): 0 <= moisture <= kOne, 0 <= grade <= kOne for
// DryMass/Contained; den > 0 and a result that fits in int64 for RatioOf and
// MulFraction (|num/den| < ~9.2e9; |a*b| < ~9.2e27).
Milligrams DryMass(Milligrams wet, Nano moisture);  // wet x (1 - moisture)
Milligrams Contained(Milligrams dry, Nano grade);   // dry x grade
Nano MulFraction(Nano a, Nano b);                   // a x b, e.g. oxide grade x factor
Nano RatioOf(int64_t num, int64_t den);             // num / den, e.g. a share or a recovery

// Presentation. Each rounds the exact value half to even to `decimals`
// places (0 <= decimals <= 18, asserted) and pads with zeros; a negative
// value gets a leading '-', and a value that rounds to zero prints unsigned.
std::string FormatTonnes(Milligrams mass, int decimals);  // 23'000'000'000 mg, 3 -> "23.000"
std::string FormatKg(Milligrams mass, int decimals);      // 184'000 mg, 3 -> "0.184"
std::string FormatPercent(Nano fraction, int decimals);   // 265'850'000, 3 -> "26.585"
// 100 x part / whole in percent, rounded half to even from the exact
// rational (not via Nano): FormatShare(2320, 3120, 2) == "74.36".
// A zero `whole` gives "n/a"; a negative whole flips both signs. Here
// 0 <= decimals <= 16 (asserted), so 100 x part x 10^decimals fits 128 bits.
std::string FormatShare(int64_t part, int64_t whole, int decimals);

// Oxide-to-element mass factors (the minerals profile, section 4):
// factor = n x Ar(element) / Ar(oxide) from IUPAC standard atomic weights
// (Nd 144.242, Pr 140.90766, Sb 121.760, O 15.999), rounded to 6 decimals.
// They are part of profile version 1; do not "improve" them.
struct OxideFactor {
  std::string_view substance;  // the oxide as the profile names it: "Nd2O3"
  std::string_view element;    // "Nd"
  Nano factor;                 // element mass per unit of oxide mass
};
// The factor for an oxide named as in the profile ("Nd2O3", "Pr6O11",
// "Sb2O3"); nullopt for anything else.
std::optional<OxideFactor> OxideToElement(std::string_view oxide);

namespace internal {
__extension__ typedef __int128 Int128;
// num / den rounded half to even. den > 0 (asserted).
Int128 DivideHalfEven(Int128 num, Int128 den);
}  // namespace internal

}  // namespace orelog::custody
