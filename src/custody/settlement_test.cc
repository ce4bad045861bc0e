#include "custody/settlement.h"

#include <gtest/gtest.h>

namespace orelog::custody {
namespace {

constexpr Nano Pct(int64_t hundredths) { return hundredths * kPercent / 100; }  // Pct(2662) = 26.62 %

const ExchangeRule kRuleA{Pct(20), UmpireRule::kMeanOfUmpireAndCloser};
const ExchangeRule kRuleB{Pct(20), UmpireRule::kUmpireFinal};
const ExchangeRule kRuleC{Pct(20), UmpireRule::kUmpireIfBetweenElseCloser};

// The copper lot of domain.md 3.5: seller 26.62 %, buyer 26.41 %, limit 0.20 %.
TEST(Settle, WorkedExampleNeedsAnUmpireThenRuleA) {
  const Settlement pending_umpire = Settle(Pct(2662), Pct(2641), std::nullopt, kRuleA);
  EXPECT_EQ(pending_umpire.status, Settlement::kUmpireRequired);
  EXPECT_EQ(pending_umpire.difference, Pct(21));
  EXPECT_FALSE(pending_umpire.final_grade.has_value());
  EXPECT_EQ(pending_umpire.explanation,
            "seller 26.62 % and buyer 26.41 % differ by 0.21 %, above the splitting limit 0.20 %: "
            "the umpire sample must be analysed");

  const Settlement s = Settle(Pct(2662), Pct(2641), Pct(2655), kRuleA);
  EXPECT_EQ(s.status, Settlement::kSettledUmpire);
  EXPECT_EQ(s.difference, Pct(21));
  ASSERT_TRUE(s.final_grade.has_value());
  EXPECT_EQ(*s.final_grade, 265'850'000);  // (26.55 + 26.62) / 2 = 26.585 %
  EXPECT_EQ(FormatPercent(*s.final_grade, 3), "26.585");
  EXPECT_EQ(s.explanation,
            "seller 26.62 % and buyer 26.41 % differ by 0.21 %, above the splitting limit 0.20 %; "
            "umpire 26.55 % lies between them: final = mean of umpire and the closer party result "
            "(seller) = 26.585 %");
}

TEST(Settle, WithinTheLimitTheMeanSettles) {
  const Settlement s = Settle(Pct(2662), Pct(2645), std::nullopt, kRuleA);
  EXPECT_EQ(s.status, Settlement::kSettledMean);
  EXPECT_EQ(s.difference, Pct(17));
  EXPECT_EQ(*s.final_grade, 265'350'000);
  // Exactly at the limit still settles; the umpire result is then ignored.
  const Settlement at = Settle(Pct(2641), Pct(2661), Pct(2700), kRuleA);
  EXPECT_EQ(at.status, Settlement::kSettledMean);
  EXPECT_EQ(*at.final_grade, Pct(2651));
  EXPECT_NE(at.explanation.find("ignored"), std::string::npos);
  // One nano beyond the limit does not.
  EXPECT_EQ(Settle(Pct(2641), Pct(2661) + 1, std::nullopt, kRuleA).status,
            Settlement::kUmpireRequired);
}

TEST(Settle, MeanRoundsHalfToEvenAtOneNano) {
  const ExchangeRule wide{kOne, UmpireRule::kMeanOfUmpireAndCloser};
  EXPECT_EQ(*Settle(1, 2, std::nullopt, wide).final_grade, 2);  // 1.5 -> 2
  EXPECT_EQ(*Settle(3, 2, std::nullopt, wide).final_grade, 2);  // 2.5 -> 2
  EXPECT_EQ(*Settle(3, 4, std::nullopt, wide).final_grade, 4);  // 3.5 -> 4
  // Rule (a) rounds the mean of umpire and closer party the same way.
  const ExchangeRule tight{1, UmpireRule::kMeanOfUmpireAndCloser};
  EXPECT_EQ(*Settle(0, 11, 5, tight).final_grade, 2);  // mean(5, 0) = 2.5 -> 2
  EXPECT_EQ(*Settle(0, 11, 6, tight).final_grade, 8);  // closer is buyer 11: mean 8.5 -> 8
}

TEST(Settle, RuleAWithTheUmpireOutside) {
  const Settlement above = Settle(Pct(2662), Pct(2641), Pct(2680), kRuleA);
  EXPECT_EQ(above.status, Settlement::kSettledUmpire);
  EXPECT_EQ(*above.final_grade, Pct(2662));  // the seller's result is closer
  const Settlement below = Settle(Pct(2662), Pct(2641), Pct(2600), kRuleA);
  EXPECT_EQ(*below.final_grade, Pct(2641));  // the buyer's
  EXPECT_NE(below.explanation.find("lies outside them: final = the closer party result (buyer)"),
            std::string::npos);
}

TEST(Settle, RuleATies) {
  // Umpire at the midpoint: neither party is closer; the umpire result stands.
  const Settlement mid = Settle(Pct(2662), Pct(2640), Pct(2651), kRuleA);
  EXPECT_EQ(mid.status, Settlement::kSettledUmpire);
  EXPECT_EQ(*mid.final_grade, Pct(2651));
  EXPECT_NE(mid.explanation.find("equidistant"), std::string::npos);
  // Umpire equal to a party result: that party is closer; the mean is that result.
  EXPECT_EQ(*Settle(Pct(2662), Pct(2641), Pct(2641), kRuleA).final_grade, Pct(2641));
  EXPECT_EQ(*Settle(Pct(2662), Pct(2641), Pct(2662), kRuleA).final_grade, Pct(2662));
}

TEST(Settle, RuleBUmpireIsFinal) {
  EXPECT_EQ(*Settle(Pct(2662), Pct(2641), Pct(2655), kRuleB).final_grade, Pct(2655));
  EXPECT_EQ(*Settle(Pct(2662), Pct(2641), Pct(2700), kRuleB).final_grade, Pct(2700));
  EXPECT_EQ(*Settle(Pct(2662), Pct(2641), Pct(2500), kRuleB).final_grade, Pct(2500));
}

TEST(Settle, UmpireIfBetweenElseCloser) {
  EXPECT_EQ(*Settle(Pct(2662), Pct(2641), Pct(2655), kRuleC).final_grade, Pct(2655));
  EXPECT_EQ(*Settle(Pct(2662), Pct(2641), Pct(2650), kRuleC).final_grade, Pct(2650));
  EXPECT_EQ(*Settle(Pct(2662), Pct(2641), Pct(2700), kRuleC).final_grade, Pct(2662));
  EXPECT_EQ(*Settle(Pct(2662), Pct(2641), Pct(2500), kRuleC).final_grade, Pct(2641));
  // The buyer may report the higher grade; "closer" does not depend on the order.
  EXPECT_EQ(*Settle(Pct(2641), Pct(2662), Pct(2700), kRuleC).final_grade, Pct(2662));
}

TEST(Settle, PendingWithoutBothPartyResults) {
  for (const auto& [seller, buyer] :
       {std::pair<std::optional<Nano>, std::optional<Nano>>{std::nullopt, Pct(2641)},
        {Pct(2662), std::nullopt},
        {std::nullopt, std::nullopt}}) {
    const Settlement s = Settle(seller, buyer, Pct(2655), kRuleA);
    EXPECT_EQ(s.status, Settlement::kPending);
    EXPECT_EQ(s.difference, 0);
    EXPECT_FALSE(s.final_grade.has_value());
  }
  EXPECT_EQ(Settle(std::nullopt, Pct(1), std::nullopt, kRuleA).explanation,
            "the seller's result is missing");
}

// Copper: 96.5 % payable with a minimum deduction of one unit.
TEST(PayableGrade, CopperWorkedExample) {
  const PayableRule copper{965'000'000, kPercent};
  EXPECT_EQ(PayableGrade(Pct(2650), copper), Pct(2550));  // min(25.5725, 25.50)
  // Above ~28.57 % the 96.5 % term is the smaller one.
  EXPECT_EQ(PayableGrade(Pct(3000), copper), 289'500'000);  // 28.95 %
  EXPECT_EQ(PayableGrade(Pct(50), copper), 0);               // 0.50 % - 1 unit < 0
  EXPECT_EQ(PayableGrade(0, copper), 0);
  EXPECT_EQ(PayableGrade(Pct(2650), PayableRule{}), Pct(2650));
  // 26.5 % of 23.000 DMT payable at 25.50 %: 5.865 t.
  EXPECT_EQ(Contained(23'000'000'000, PayableGrade(Pct(2650), copper)), 5'865'000'000);
}

}  // namespace
}  // namespace orelog::custody
