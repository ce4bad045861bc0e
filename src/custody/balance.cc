#include "custody/balance.h"

#include <cassert>
#include <numeric>

namespace orelog::custody {

MetalBalance ComputeBalance(const BalanceInput& in) {
  assert(in.tolerance >= 0);
  const auto sum = [](const std::vector<Milligrams>& v) {
    return std::accumulate(v.begin(), v.end(), Milligrams{0});
  };
  MetalBalance out;
  const Milligrams products = sum(in.products);
  out.check_in = sum(in.inputs);
  out.check_out = products + sum(in.losses);
  out.unaccounted = out.check_in - out.check_out;
  if (out.check_in <= 0) {
    out.verdict = MetalBalance::kNoInput;
    return out;
  }
  out.unaccounted_fraction = RatioOf(out.unaccounted, out.check_in);
  out.recovery = RatioOf(products, out.check_in);
  const internal::Int128 gap = out.unaccounted < 0 ? -internal::Int128{out.unaccounted}
                                                   : internal::Int128{out.unaccounted};
  if (gap * kOne <= internal::Int128{in.tolerance} * out.check_in) {
    out.verdict = MetalBalance::kWithinTolerance;
  } else {
    out.verdict = out.unaccounted > 0 ? MetalBalance::kUnexplainedLoss
                                      : MetalBalance::kUnexplainedGain;
  }
  return out;
}

}  // namespace orelog::custody
