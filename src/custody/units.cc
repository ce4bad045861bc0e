#include "custody/units.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace orelog::custody {

using internal::Int128;

namespace internal {

Int128 DivideHalfEven(Int128 num, Int128 den) {
  assert(den > 0);
  Int128 q = num / den;  // truncates toward zero
  const Int128 r = num % den;  // same sign as num
  const Int128 above = r >= 0 ? r : -r;  // distance past q, in units of 1/den
  const Int128 below = den - above;      // distance to the next integer away from zero
  if (above > below || (above == below && (q % 2 != 0))) q += (num >= 0 ? 1 : -1);
  return q;
}

}  // namespace internal

namespace {

constexpr Int128 kInt64Max = std::numeric_limits<int64_t>::max();

Int128 Pow10(int n) {
  assert(n >= 0 && n <= 38);
  Int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// round_half_even(value x factor / 10^factor_scale), where `value` is read as
// the shortest decimal that round-trips to it. Nullopt if the result exceeds
// `max`. value must be finite and non-negative.
std::optional<int64_t> ScaleDecimal(double value, int64_t factor, int factor_scale, Int128 max) {
  if (value == 0) return 0;  // including -0, which would print as "-0e+00"
  // Shortest round-trip form, e.g. "2.5e-03": at most 17 significant digits.
  std::array<char, 64> buf{};
  const auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::scientific);
  assert(ec == std::errc());
  Int128 digits = 0;
  int ndigits = 0;
  const char* p = buf.data();
  for (; p != end && *p != 'e'; ++p) {
    if (*p == '.') continue;
    digits = digits * 10 + (*p - '0');
    ++ndigits;
  }
  assert(p != end);
  int exponent = 0;
  std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), end, exponent);
  // value = digits x 10^(exponent - ndigits + 1); result = value x factor / 10^factor_scale.
  const int shift = exponent - (ndigits - 1) - factor_scale;
  const Int128 product = digits * factor;  // in [1, 10^26): no overflow
  if (shift >= 0) {
    if (shift > 19) return std::nullopt;  // product >= 1, so the result is >= 10^20
    if (product > max / Pow10(shift)) return std::nullopt;  // before multiplying: no overflow
    return static_cast<int64_t>(product * Pow10(shift));
  }
  // product < 10^26, so dividing by 10^28 or more leaves less than one half.
  if (-shift > 28) return 0;
  const Int128 rounded = internal::DivideHalfEven(product, Pow10(-shift));
  if (rounded > max) return std::nullopt;
  return static_cast<int64_t>(rounded);
}

Status CheckReadable(double value, std::string_view what) {
  if (std::isnan(value) || std::isinf(value)) {
    return Status::Invalid(std::string(what) + " is not a finite number");
  }
  if (value < 0) return Status::Invalid(std::string(what) + " is negative");
  return Status::Ok();
}

// Renders `scaled` / 10^decimals with exactly `decimals` places.
std::string RenderFixed(Int128 scaled, int decimals) {
  const bool negative = scaled < 0;
  // |scaled| as unsigned; every caller passes |scaled| < 2^126.
  unsigned __int128 magnitude = static_cast<unsigned __int128>(negative ? -scaled : scaled);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (digits.size() < static_cast<size_t>(decimals) + 1) {
    digits.insert(0, static_cast<size_t>(decimals) + 1 - digits.size(), '0');
  }
  if (decimals > 0) digits.insert(digits.size() - static_cast<size_t>(decimals), 1, '.');
  return negative ? "-" + digits : digits;
}

// value / 10^scale, rounded half to even to `decimals` places.
std::string FormatScaled(int64_t value, int scale, int decimals) {
  assert(decimals >= 0 && decimals <= 18);
  const Int128 scaled = decimals >= scale
                            ? Int128{value} * Pow10(decimals - scale)
                            : internal::DivideHalfEven(value, Pow10(scale - decimals));
  return RenderFixed(scaled, decimals);
}

// Factors from IUPAC standard atomic weights (conventional O 15.999):
//   Nd2O3:  2 x 144.242   / (2 x 144.242   +  3 x 15.999) = 288.484   / 336.481    = 0.8573562...
//   Pr6O11: 6 x 140.90766 / (6 x 140.90766 + 11 x 15.999) = 845.44596 / 1021.43496 = 0.8277040...
//   Sb2O3:  2 x 121.760   / (2 x 121.760   +  3 x 15.999) = 243.520   / 291.517    = 0.8353544...
// rounded to 6 decimals; units_test recomputes them.
constexpr std::array<OxideFactor, 3> kOxideFactors = {{
    {"Nd2O3", "Nd", 857'356'000},
    {"Pr6O11", "Pr", 827'704'000},
    {"Sb2O3", "Sb", 835'354'000},
}};

}  // namespace

Result<Milligrams> MassFromQuantity(double quantity, std::string_view uom) {
  ORELOG_RETURN_IF_ERROR(CheckReadable(quantity, "quantity"));
  // mg per unit = factor / 10^scale, both exact.
  int64_t factor = 0;
  int scale = 0;
  if (uom == "KGM") {
    factor = kMgPerKg;
  } else if (uom == "TNE") {
    factor = kMgPerTonne;
  } else if (uom == "GRM") {
    factor = kMgPerGram;
  } else if (uom == "LBR") {
    factor = 45'359'237;  // 453592.37 mg
    scale = 2;
  } else if (uom == "APZ") {
    factor = 311'034'768;  // 31103.4768 mg
    scale = 4;
  } else {
    return Status::Invalid("unknown mass unit '" + std::string(uom) +
                           "' (want KGM, TNE, GRM, LBR or APZ)");
  }
  const std::optional<int64_t> mg = ScaleDecimal(quantity, factor, scale, kInt64Max);
  if (!mg) return Status::Invalid("mass too large (over INT64_MAX mg, ~9.22e9 t)");
  return *mg;
}

Result<Nano> FractionFromReport(double value, std::string_view uom) {
  ORELOG_RETURN_IF_ERROR(CheckReadable(value, "reported value"));
  int64_t factor = 0;  // Nano per reported unit
  if (uom == "P1") {
    factor = kPercent;
  } else if (uom == "59") {
    factor = kPpm;
  } else {
    return Status::Invalid("unknown fraction unit '" + std::string(uom) +
                           "' (want P1 percent or 59 ppm)");
  }
  const std::optional<int64_t> nano = ScaleDecimal(value, factor, 0, kOne);
  if (!nano) return Status::Invalid("reported value is above 100 %");
  return *nano;
}

Milligrams DryMass(Milligrams wet, Nano moisture) {
  assert(moisture >= 0 && moisture <= kOne);
  return static_cast<Milligrams>(internal::DivideHalfEven(Int128{wet} * (kOne - moisture), kOne));
}

Milligrams Contained(Milligrams dry, Nano grade) {
  assert(grade >= 0 && grade <= kOne);
  return static_cast<Milligrams>(internal::DivideHalfEven(Int128{dry} * grade, kOne));
}

Nano MulFraction(Nano a, Nano b) {
  const Int128 r = internal::DivideHalfEven(Int128{a} * b, kOne);
  assert(r <= kInt64Max && r >= -kInt64Max - 1);
  return static_cast<Nano>(r);
}

Nano RatioOf(int64_t num, int64_t den) {
  assert(den > 0);
  const Int128 r = internal::DivideHalfEven(Int128{num} * kOne, den);
  assert(r <= kInt64Max && r >= -kInt64Max - 1);
  return static_cast<Nano>(r);
}

std::string FormatTonnes(Milligrams mass, int decimals) { return FormatScaled(mass, 9, decimals); }
std::string FormatKg(Milligrams mass, int decimals) { return FormatScaled(mass, 6, decimals); }
std::string FormatPercent(Nano fraction, int decimals) {
  return FormatScaled(fraction, 7, decimals);  // 1 % = 1e7 Nano
}

std::string FormatShare(int64_t part, int64_t whole, int decimals) {
  assert(decimals >= 0 && decimals <= 16);
  if (whole == 0) return "n/a";
  Int128 num = Int128{part} * 100 * Pow10(decimals);  // |num| <= 2^63 x 10^18 < 2^123
  Int128 den = whole;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  return RenderFixed(internal::DivideHalfEven(num, den), decimals);
}

std::optional<OxideFactor> OxideToElement(std::string_view oxide) {
  for (const OxideFactor& f : kOxideFactors) {
    if (f.substance == oxide) return f;
  }
  return std::nullopt;
}

}  // namespace orelog::custody
