#include "custody/apportion.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <limits>
#include <numeric>

#include "custody/units.h"

namespace orelog::custody {
namespace {

using internal::Int128;

std::vector<int64_t> Split(int64_t total, std::vector<int64_t> weights) {
  Result<std::vector<int64_t>> r = Apportion(total, weights);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<int64_t>{};
}

TEST(Apportion, LargestRemainderWithTiesToTheLowerIndex) {
  EXPECT_EQ(Split(10, {1, 1, 1}), (std::vector<int64_t>{4, 3, 3}));
  EXPECT_EQ(Split(2, {1, 1, 1}), (std::vector<int64_t>{1, 1, 0}));
  EXPECT_EQ(Split(100, {1, 2, 3}), (std::vector<int64_t>{17, 33, 50}));  // 16.67 33.33 50
  EXPECT_EQ(Split(7, {0, 5, 0, 5}), (std::vector<int64_t>{0, 4, 0, 3}));
  EXPECT_EQ(Split(0, {3, 4}), (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(Split(5, {9}), (std::vector<int64_t>{5}));
  EXPECT_EQ(Split(0, {0, 0}), (std::vector<int64_t>{0, 0}));
}

// The antimony blend: 3.120 t Sb split back to its two origins by contained metal.
TEST(Apportion, BlendByContainedMetal) {
  const int64_t sb = 3'120'000'000;
  EXPECT_EQ(Split(sb, {2'320'000'000, 800'000'000}),
            (std::vector<int64_t>{2'320'000'000, 800'000'000}));
  // A 1.000 t draw from the blend: 743.589743... kg and 256.410256... kg.
  EXPECT_EQ(Split(1'000'000'000, {2'320'000'000, 800'000'000}),
            (std::vector<int64_t>{743'589'744, 256'410'256}));
}

TEST(Apportion, HugeValuesUse128BitProducts) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(Split(max, {max, max}), (std::vector<int64_t>{max / 2 + 1, max / 2}));
  EXPECT_EQ(Split(max, {max, max, max, 1}),
            (std::vector<int64_t>{3'074'457'345'618'258'602, 3'074'457'345'618'258'602,
                                  3'074'457'345'618'258'602, 1}));
}

TEST(Apportion, Rejects) {
  const std::vector<int64_t> zeros{0, 0};
  const std::vector<int64_t> negative{1, -1, 3};
  EXPECT_EQ(Apportion(1, zeros).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Apportion(-1, std::vector<int64_t>{1}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Apportion(5, negative).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Apportion(0, std::vector<int64_t>{}).status().code(), Code::kInvalidArgument);
}

TEST(ScaleRounded, HalfToEven) {
  EXPECT_EQ(ScaleRounded(5, 1, 2), 2);
  EXPECT_EQ(ScaleRounded(7, 1, 2), 4);
  EXPECT_EQ(ScaleRounded(-5, 1, 2), -2);
  EXPECT_EQ(ScaleRounded(-7, 1, 2), -4);
  EXPECT_EQ(ScaleRounded(10, 2, 3), 7);
  EXPECT_EQ(ScaleRounded(-10, 2, 3), -7);
  EXPECT_EQ(ScaleRounded(10, -2, 3), -7);
  const int64_t max = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(ScaleRounded(max, max, max), max);
  EXPECT_EQ(ScaleRounded(max, 1, 2), max / 2 + 1);  // ...903.5 -> ...904
}

// Generators: small and huge magnitudes, many zeros.
rc::Gen<int64_t> Amount() {
  return rc::gen::oneOf(rc::gen::inRange<int64_t>(0, 20),
                        rc::gen::inRange<int64_t>(0, 1'000'000'000'000),
                        rc::gen::inRange<int64_t>(0, std::numeric_limits<int64_t>::max()));
}

std::vector<int64_t> Weights() {
  auto w = *rc::gen::nonEmpty(rc::gen::container<std::vector<int64_t>>(Amount()));
  if (w.size() > 64) w.resize(64);
  RC_PRE(std::any_of(w.begin(), w.end(), [](int64_t x) { return x > 0; }));
  return w;
}

RC_GTEST_PROP(ApportionProp, SumIsExactAndEachPartWithinOneOfItsShare, ()) {
  const int64_t total = *Amount();
  const std::vector<int64_t> w = Weights();
  Result<std::vector<int64_t>> r = Apportion(total, w);
  RC_ASSERT(r.ok());
  const std::vector<int64_t>& parts = *r;
  RC_ASSERT(parts.size() == w.size());
  Int128 sum_w = 0;
  for (int64_t x : w) sum_w += x;
  Int128 sum_parts = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    RC_ASSERT(parts[i] >= 0);
    sum_parts += parts[i];
    // part x W - total x w in (-W, W), and part <= ceil(total x w / W).
    const Int128 diff = Int128{parts[i]} * sum_w - Int128{total} * w[i];
    RC_ASSERT(diff > -sum_w);
    RC_ASSERT(diff < sum_w);
    if (w[i] == 0) RC_ASSERT(parts[i] == 0);
  }
  RC_ASSERT(sum_parts == Int128{total});
}

RC_GTEST_PROP(ApportionProp, MonotoneInWeight, ()) {
  const int64_t total = *Amount();
  const std::vector<int64_t> w = Weights();
  const std::vector<int64_t> parts = *Apportion(total, w);
  for (size_t i = 0; i < w.size(); ++i) {
    for (size_t j = 0; j < w.size(); ++j) {
      if (w[i] > w[j]) RC_ASSERT(parts[i] >= parts[j]);
      if (w[i] == w[j] && i < j) RC_ASSERT(parts[i] - parts[j] == 0 || parts[i] - parts[j] == 1);
    }
  }
}

// Taking a fraction f <= 1 of a vector's total and apportioning it by the
// vector never takes more of a component than the vector holds.
RC_GTEST_PROP(ApportionProp, PartOfAVectorLeavesANonNegativeRemainder, ()) {
  const std::vector<int64_t> v =
      *rc::gen::nonEmpty(rc::gen::container<std::vector<int64_t>>(
          rc::gen::inRange<int64_t>(0, 1'000'000'000'000'000)));
  RC_PRE(v.size() <= 64);
  const int64_t whole = std::accumulate(v.begin(), v.end(), int64_t{0});  // < 2^63
  RC_PRE(whole > 0);
  const Nano f = *rc::gen::inRange<Nano>(0, kOne + 1);
  const int64_t take = ScaleRounded(whole, f, kOne);
  const std::vector<int64_t> parts = *Apportion(take, v);
  for (size_t i = 0; i < v.size(); ++i) RC_ASSERT(parts[i] <= v[i]);
}

RC_GTEST_PROP(ScaleRoundedProp, WithinHalfOfTheExactQuotient, ()) {
  const int64_t value = *rc::gen::inRange<int64_t>(-1'000'000'000'000'000, 1'000'000'000'000'000);
  const int64_t num = *rc::gen::inRange<int64_t>(-1'000'000'000, 1'000'000'000);
  const int64_t den = *rc::gen::inRange<int64_t>(1, 1'000'000'000);
  const Int128 product = Int128{value} * num;
  RC_PRE((product < 0 ? -product : product) / den < (Int128{1} << 62));  // the result fits
  const int64_t q = ScaleRounded(value, num, den);
  const Int128 twice_error = 2 * (Int128{q} * den - Int128{value} * num);  // 2 x den x (q - exact)
  RC_ASSERT(twice_error <= Int128{den});
  RC_ASSERT(twice_error >= -Int128{den});
  if (twice_error == den || twice_error == -den) RC_ASSERT(q % 2 == 0);  // ties go to even
}

}  // namespace
}  // namespace orelog::custody
