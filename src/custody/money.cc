#include "custody/money.h"

#include <algorithm>

namespace orelog::custody {

std::optional<Cents> ParseCents(std::string_view text) {
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 15 || !digits(whole)) return std::nullopt;
  if (dot != std::string_view::npos && (frac.empty() || frac.size() > 2 || !digits(frac))) return std::nullopt;
  Cents c = 0;
  for (char ch : whole) c = c * 10 + (ch - '0');
  c *= 100;
  if (!frac.empty()) c += (frac[0] - '0') * 10 + (frac.size() > 1 ? frac[1] - '0' : 0);
  return c;
}

std::string FormatCents(Cents cents) {
  std::string frac = std::to_string(cents % 100);
  if (frac.size() < 2) frac.insert(0, "0");
  return std::to_string(cents / 100) + "." + frac;
}

std::optional<Money> ParseMoney(std::string_view text) {
  const size_t space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string_view code = text.substr(space + 1);
  if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return std::nullopt;
  }
  auto cents = ParseCents(text.substr(0, space));
  if (!cents) return std::nullopt;
  return Money{*cents, std::string(code)};
}

Cents RoyaltyCents(Milligrams contained, Cents cents_per_tonne) {
  if (contained <= 0 || cents_per_tonne <= 0) return 0;
  constexpr __int128 kMilligramsPerTonne = 1'000'000'000;
  return static_cast<Cents>(static_cast<__int128>(contained) * cents_per_tonne / kMilligramsPerTonne);
}

}  // namespace orelog::custody
