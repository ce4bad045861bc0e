#include "custody/balance.h"

#include <gtest/gtest.h>

namespace orelog::custody {
namespace {

constexpr Milligrams Tonnes(int64_t thousandths) { return thousandths * 1'000'000; }  // Tonnes(1000) = 1 t

// The concentrator of domain.md 3.5, one period: every figure from dry mass x grade.
TEST(ComputeBalance, ConcentratorWithinTolerance) {
  const Milligrams feed = Contained(Tonnes(1'000'000), *FractionFromReport(0.55, "P1"));
  const Milligrams concentrate = Contained(Tonnes(18'500), *FractionFromReport(26.50, "P1"));
  const Milligrams tailings = Contained(Tonnes(981'500), *FractionFromReport(0.060, "P1"));
  EXPECT_EQ(feed, 5'500'000'000);
  EXPECT_EQ(concentrate, 4'902'500'000);
  EXPECT_EQ(tailings, 588'900'000);

  const MetalBalance b = ComputeBalance({{feed}, {concentrate}, {tailings}, kPercent});
  EXPECT_EQ(b.check_in, 5'500'000'000);
  EXPECT_EQ(b.check_out, 5'491'400'000);
  EXPECT_EQ(b.unaccounted, 8'600'000);
  EXPECT_EQ(FormatTonnes(b.unaccounted, 4), "0.0086");
  EXPECT_EQ(b.unaccounted_fraction, 1'563'636);  // 0.0086 / 5.5 = 0.001563636...
  EXPECT_EQ(FormatPercent(b.unaccounted_fraction, 2), "0.16");
  EXPECT_EQ(b.recovery, 891'363'636);  // 4.9025 / 5.5
  EXPECT_EQ(FormatPercent(b.recovery, 1), "89.1");
  EXPECT_EQ(b.verdict, MetalBalance::kWithinTolerance);
  // The same period against a 0.1 % tolerance is a loss.
  EXPECT_EQ(ComputeBalance({{feed}, {concentrate}, {tailings}, kPercent / 10}).verdict,
            MetalBalance::kUnexplainedLoss);
}

// A second period where 4 % of the copper fed is not found in concentrate or tailings.
TEST(ComputeBalance, FourPercentMissingIsALoss) {
  const Milligrams feed = Contained(Tonnes(1'000'000), 5'500'000);         // 5.500 t
  const Milligrams concentrate = Contained(Tonnes(17'700), 265'000'000);   // 4.6905 t
  const Milligrams tailings = Contained(Tonnes(981'500), 600'000);         // 0.5889 t
  const MetalBalance b = ComputeBalance({{feed}, {concentrate}, {tailings}, kPercent});
  EXPECT_EQ(b.unaccounted, 220'600'000);  // 0.2206 t
  EXPECT_EQ(FormatPercent(b.unaccounted_fraction, 2), "4.01");
  EXPECT_EQ(b.verdict, MetalBalance::kUnexplainedLoss);
}

TEST(ComputeBalance, MoreOutThanInIsAGain) {
  const Milligrams feed = 5'500'000'000;
  const Milligrams concentrate = 4'902'500'000;
  const Milligrams tailings = Contained(Tonnes(981'500), 1'200'000);  // 0.12 %: 1.1778 t
  const MetalBalance b = ComputeBalance({{feed}, {concentrate}, {tailings}, kPercent});
  EXPECT_EQ(b.unaccounted, -580'300'000);
  EXPECT_EQ(b.unaccounted_fraction, -105'509'091);  // -0.5803 / 5.5
  EXPECT_EQ(FormatPercent(b.unaccounted_fraction, 2), "-10.55");
  EXPECT_EQ(b.verdict, MetalBalance::kUnexplainedGain);
}

TEST(ComputeBalance, ToleranceIsComparedExactly) {
  // 1 mg missing of 100'000'000'000 mg is exactly 1e-11: above a zero tolerance,
  // although the rounded fraction is 0.
  const MetalBalance tiny = ComputeBalance({{100'000'000'000}, {99'999'999'999}, {}, 0});
  EXPECT_EQ(tiny.unaccounted_fraction, 0);
  EXPECT_EQ(tiny.verdict, MetalBalance::kUnexplainedLoss);
  // Exactly at the tolerance passes, in both directions.
  EXPECT_EQ(ComputeBalance({{1'000}, {990}, {}, kPercent}).verdict, MetalBalance::kWithinTolerance);
  EXPECT_EQ(ComputeBalance({{1'000}, {1'010}, {}, kPercent}).verdict, MetalBalance::kWithinTolerance);
  EXPECT_EQ(ComputeBalance({{1'000}, {989}, {}, kPercent}).verdict, MetalBalance::kUnexplainedLoss);
  EXPECT_EQ(ComputeBalance({{1'000}, {1'011}, {}, kPercent}).verdict, MetalBalance::kUnexplainedGain);
}

TEST(ComputeBalance, SumsSeveralStreamsAndHandlesNoInput) {
  const MetalBalance b = ComputeBalance({{300, 700}, {500, 200}, {100, 150, 50}, 0});
  EXPECT_EQ(b.check_in, 1'000);
  EXPECT_EQ(b.check_out, 1'000);
  EXPECT_EQ(b.unaccounted, 0);
  EXPECT_EQ(b.recovery, 700'000'000);
  EXPECT_EQ(b.verdict, MetalBalance::kWithinTolerance);

  const MetalBalance none = ComputeBalance({{}, {5}, {}, kPercent});
  EXPECT_EQ(none.verdict, MetalBalance::kNoInput);
  EXPECT_EQ(none.unaccounted, -5);
  EXPECT_EQ(none.unaccounted_fraction, 0);
  EXPECT_EQ(none.recovery, 0);
}

}  // namespace
}  // namespace orelog::custody
