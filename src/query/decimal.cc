#include "query/decimal.h"

#include <algorithm>

#include <boost/json.hpp>

#include "epcis/vocabulary.h"

namespace orelog::query {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status Bad(std::string_view text) {
  std::string m = "\"";  // appended, not chained: GCC 12 misreports the latter (-Wrestrict)
  m.append(text);
  m.append("\" is not a decimal number");
  return Status::Invalid(std::move(m));
}

}  // namespace

Result<Decimal> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > kMaxDecimalText) return Bad(text);
  size_t i = 0;
  Decimal d;
  if (text[i] == '-') {
    d.negative = true;
    ++i;
  }
  std::string mantissa;
  int64_t fraction_digits = 0;
  const size_t int_start = i;
  while (i < text.size() && IsDigit(text[i])) mantissa.push_back(text[i++]);
  if (i == int_start) return Bad(text);
  if (i < text.size() && text[i] == '.') {
    ++i;
    const size_t frac_start = i;
    while (i < text.size() && IsDigit(text[i])) mantissa.push_back(text[i++]);
    if (i == frac_start) return Bad(text);
    fraction_digits = static_cast<int64_t>(i - frac_start);
  }
  int64_t exp = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    const size_t exp_start = i;
    while (i < text.size() && IsDigit(text[i])) {
      exp = exp * 10 + (text[i++] - '0');
      if (exp > 9999) return Bad(text);
    }
    if (i == exp_start) return Bad(text);
    if (exp_negative) exp = -exp;
  }
  if (i != text.size()) return Bad(text);
  // Canonical form: strip leading zeros, move trailing zeros into the exponent.
  size_t first = mantissa.find_first_not_of('0');
  if (first == std::string::npos) return Decimal{};  // zero, whatever its sign
  mantissa.erase(0, first);
  size_t last = mantissa.find_last_not_of('0');
  const int64_t trailing = static_cast<int64_t>(mantissa.size() - 1 - last);
  mantissa.erase(last + 1);
  d.digits = std::move(mantissa);
  d.exponent = exp - fraction_digits + trailing;
  return d;
}

int CompareDecimal(const Decimal& a, const Decimal& b) {
  const bool a_zero = a.digits.empty(), b_zero = b.digits.empty();
  const int a_sign = a_zero ? 0 : (a.negative ? -1 : 1);
  const int b_sign = b_zero ? 0 : (b.negative ? -1 : 1);
  if (a_sign != b_sign) return a_sign < b_sign ? -1 : 1;
  if (a_sign == 0) return 0;
  // Same sign, both non-zero: compare magnitudes, then flip for negatives.
  // The position of the leading digit decides first.
  const int64_t a_lead = static_cast<int64_t>(a.digits.size()) + a.exponent;
  const int64_t b_lead = static_cast<int64_t>(b.digits.size()) + b.exponent;
  int mag;
  if (a_lead != b_lead) {
    mag = a_lead < b_lead ? -1 : 1;
  } else {
    // Same leading position: the digit strings align at their first digit;
    // with no trailing zeros, a proper prefix is the smaller number.
    int c = a.digits.compare(b.digits);
    mag = c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return a_sign * mag;
}

std::optional<Decimal> JsonDecimal(const boost::json::value& v) {
  if (!v.is_number()) return std::nullopt;
  auto d = ParseDecimal(epcis::FormatNumber(v));
  if (!d.ok()) return std::nullopt;  // inf/nan cannot come from parsed JSON
  return std::move(d).value();
}

std::string ToString(const Decimal& d) {
  if (d.digits.empty()) return "0";
  // Built by append: GCC 12 misreports chained operator+ here (-Wrestrict).
  std::string out;
  if (d.negative) out.push_back('-');
  if (d.exponent >= 0) {
    out.append(d.digits);
    out.append(static_cast<size_t>(d.exponent), '0');
    return out;
  }
  const int64_t point = static_cast<int64_t>(d.digits.size()) + d.exponent;
  if (point > 0) {
    out.append(d.digits, 0, static_cast<size_t>(point));
    out.push_back('.');
    out.append(d.digits, static_cast<size_t>(point));
  } else {
    out.append("0.");
    out.append(static_cast<size_t>(-point), '0');
    out.append(d.digits);
  }
  return out;
}

}  // namespace orelog::query
