#include "custody/apportion.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <numeric>
#include <string>

#include "custody/units.h"

namespace orelog::custody {

using internal::Int128;

Result<std::vector<int64_t>> Apportion(int64_t total, std::span<const int64_t> weights) {
  if (total < 0) return Status::Invalid("cannot apportion a negative total");
  if (weights.empty()) return Status::Invalid("cannot apportion over no weights");
  Int128 sum = 0;  // n x 2^63 fits for any n a machine can hold
  for (const int64_t w : weights) {
    if (w < 0) return Status::Invalid("cannot apportion by a negative weight");
    sum += w;
  }
  std::vector<int64_t> parts(weights.size(), 0);
  if (sum == 0) {
    if (total == 0) return parts;
    return Status::Invalid("cannot apportion " + std::to_string(total) + " over all-zero weights");
  }
  std::vector<Int128> remainders(weights.size());
  int64_t assigned = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const Int128 exact = Int128{total} * weights[i];  // < 2^126
    parts[i] = static_cast<int64_t>(exact / sum);      // <= total
    remainders[i] = exact % sum;
    assigned += parts[i];  // the floors sum to at most total
  }
  // Sum of remainders = leftover x W with each remainder < W, so more than
  // `leftover` remainders are positive: zero weights never get a unit.
  const int64_t leftover = total - assigned;
  assert(leftover >= 0 && static_cast<uint64_t>(leftover) < weights.size());
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), size_t{0});
  const auto by_remainder = [&](size_t a, size_t b) {
    if (remainders[a] != remainders[b]) return remainders[a] > remainders[b];
    return a < b;
  };
  std::partial_sort(order.begin(), order.begin() + leftover, order.end(), by_remainder);
  for (int64_t k = 0; k < leftover; ++k) ++parts[order[static_cast<size_t>(k)]];
  return parts;
}

int64_t ScaleRounded(int64_t value, int64_t num, int64_t den) {
  assert(den > 0);
  const Int128 r = internal::DivideHalfEven(Int128{value} * num, den);
  assert(r <= std::numeric_limits<int64_t>::max() && r >= std::numeric_limits<int64_t>::min());
  return static_cast<int64_t>(r);
}

}  // namespace orelog::custody
