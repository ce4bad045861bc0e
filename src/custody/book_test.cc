#include "custody/book.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <boost/json.hpp>

#include "custody/accounting.h"
#include "custody/history.h"
#include "custody/book_impl.h"
#include "custody/testing_facts.h"
#include "custody/testing_figures.h"
#include "custody/views.h"

namespace orelog::custody {
namespace {

using testing::FactsBuilder;
using testing::kPct;
using testing::kTonne;

using testing::PlainFigures;

PlainFigures FiguresOf(const Book& book, const std::string& lot, const std::string& element) {
  const Book::Impl& b = book.impl();
  auto key = b.FindLot(lot);
  EXPECT_TRUE(key.has_value()) << lot;
  if (!key) return {};
  for (const PlainFigures& f : testing::LotFigures(b, b.lots[*key])) {
    if (f.element == element) return f;
  }
  ADD_FAILURE() << lot << " has no " << element;
  return {};
}

Milligrams OriginMg(const Book& book, const PlainFigures& f, const std::string& site) {
  for (const auto& [k, mg] : f.origin) {
    if (book.impl().origin_names[k] == site) return mg;
  }
  return 0;
}

Book Build(const std::vector<SiteFacts>& sites, const std::vector<EventFacts>& facts) {
  Book book;
  for (const SiteFacts& s : sites) book.AddSite(s);
  for (const EventFacts& f : facts) book.Apply(f);
  return book;
}

std::vector<SiteFacts> SbSites() {
  return {testing::Site("QA", "mine", "PK"), testing::Site("CT", "mine", "PK"),
          testing::Site("FWO", "blending_yard", "PK")};
}

// The antimony blend of the domain reference: 4.0 DMT at 58 % from Qila
// Abdullah and 2.0 DMT at 40 % from Chitral -> 74.36 % / 25.64 % by contained Sb.
std::vector<EventFacts> SbBlend(bool assay_blend) {
  FactsBuilder fb;
  fb.Commission("A", 4 * kTonne, "QA");
  fb.Commission("B", 2 * kTonne, "CT");
  fb.Assay("A", {{"Sb", 58 * kPct}, {"H2O", 0}});
  fb.Assay("B", {{"Sb", 40 * kPct}, {"H2O", 0}});
  fb.Transform({{"A", 4 * kTonne}, {"B", 2 * kTonne}}, {{"BLEND", 6 * kTonne}}, "FWO");
  if (assay_blend) fb.Assay("BLEND", {{"Sb", 52 * kPct}});
  return fb.facts();
}

TEST(BookTest, AntimonyBlendOriginByContainedMetal) {
  for (bool assayed : {false, true}) {
    Book book = Build(SbSites(), SbBlend(assayed));
    const PlainFigures f = FiguresOf(book, "BLEND", "Sb");
    EXPECT_EQ(f.measured, assayed);
    EXPECT_EQ(f.contained, 3'120'000'000);  // 3.120 t
    EXPECT_EQ(OriginMg(book, f, "QA"), 2'320'000'000);
    EXPECT_EQ(OriginMg(book, f, "CT"), 800'000'000);
    EXPECT_EQ(FormatShare(OriginMg(book, f, "QA"), f.contained, 2), "74.36");
    EXPECT_EQ(FormatShare(OriginMg(book, f, "CT"), f.contained, 2), "25.64");
  }
}

TEST(BookTest, FiguresDoNotDependOnArrivalOrder) {
  // The same facts with the input assays arriving after the blend.
  FactsBuilder fb;
  fb.Commission("A", 4 * kTonne, "QA");
  fb.Commission("B", 2 * kTonne, "CT");
  fb.Transform({{"A", 4 * kTonne}, {"B", 2 * kTonne}}, {{"BLEND", 6 * kTonne}}, "FWO");
  fb.Assay("A", {{"Sb", 58 * kPct}, {"H2O", 0}});
  fb.Assay("B", {{"Sb", 40 * kPct}, {"H2O", 0}});
  Book late = Build(SbSites(), fb.facts());
  Book early = Build(SbSites(), SbBlend(false));
  EXPECT_EQ(CompareFigures(late, early), "");
  EXPECT_EQ(FiguresOf(late, "BLEND", "Sb").contained, 3'120'000'000);
}

TEST(BookTest, PartialWithdrawalsConserveEveryOrigin) {
  FactsBuilder fb;
  fb.Commission("A", 4 * kTonne, "QA");
  fb.Commission("B", 2 * kTonne, "CT");
  fb.Assay("A", {{"Sb", 58 * kPct}});
  fb.Assay("B", {{"Sb", 40 * kPct}});
  fb.Transform({{"A", 4 * kTonne}, {"B", 2 * kTonne}}, {{"BLEND", 6 * kTonne}}, "FWO");
  // Three splits of the blend (1/3 each, which does not divide evenly) and
  // a final one taking what remains.
  fb.Transform({{"BLEND", 2 * kTonne}}, {{"S1", 2 * kTonne}});
  fb.Transform({{"BLEND", 2 * kTonne}}, {{"S2", 2 * kTonne}});
  fb.Transform({{"BLEND", std::nullopt}}, {{"S3", 2 * kTonne}});
  Book book = Build(SbSites(), fb.facts());
  Milligrams qa = 0, ct = 0, total = 0;
  for (const char* lot : {"S1", "S2", "S3"}) {
    const PlainFigures f = FiguresOf(book, lot, "Sb");
    EXPECT_EQ(SumShares(f.origin), f.contained) << lot;
    qa += OriginMg(book, f, "QA");
    ct += OriginMg(book, f, "CT");
    total += f.contained;
  }
  EXPECT_EQ(qa, 2'320'000'000);
  EXPECT_EQ(ct, 800'000'000);
  EXPECT_EQ(total, 3'120'000'000);
}

TEST(BookTest, UnassayedCommissioningHasNoKnownMetal) {
  FactsBuilder fb;
  fb.Commission("A", 4 * kTonne, "QA");
  Book book = Build(SbSites(), fb.facts());
  EXPECT_EQ(book.impl().lots[*book.impl().FindLot("A")].figures.size, 0u);
}

TEST(BookTest, ConcentratorBalance) {
  // Feed 1,000.0 DMT @ 0.55 % Cu; concentrate 18.50 DMT @ 26.50 %; tailings
  // 981.50 DMT @ 0.060 % -> unaccounted 0.0086 t (0.16 %), recovery 89.1 %.
  FactsBuilder fb;
  fb.Commission("FEED", 1000 * kTonne, "CH");
  fb.Assay("FEED", {{"Cu", 55 * kPct / 100}});
  EventFacts& t = fb.Transform({{"FEED", std::nullopt}}, {{"CONC", 18'500'000'000}, {"TAIL", 981'500'000'000}}, "CONC-PLANT");
  t.loss_outputs = {"TAIL"};
  fb.Assay("CONC", {{"Cu", 2650 * kPct / 100}});
  fb.Assay("TAIL", {{"Cu", 6 * kPct / 100}});
  Book book = Build({testing::Site("CH", "mine", "PK"), testing::Site("CONC-PLANT", "concentrator", "PK")}, fb.facts());
  auto flows = FlowBalances(book, "CONC-PLANT", INT64_MIN, INT64_MAX);
  ASSERT_EQ(flows.size(), 1u);
  ASSERT_EQ(flows[0].elements.size(), 1u);
  const ElementBalance& eb = flows[0].elements[0];
  EXPECT_TRUE(eb.complete);
  EXPECT_EQ(eb.balance.check_in, 5'500'000'000);
  EXPECT_EQ(eb.balance.check_out, 4'902'500'000 + 588'900'000);
  EXPECT_EQ(eb.balance.unaccounted, 8'600'000);
  EXPECT_EQ(FormatPercent(eb.balance.unaccounted_fraction, 2), "0.16");
  EXPECT_EQ(FormatPercent(eb.balance.recovery, 1), "89.1");
  EXPECT_EQ(eb.balance.verdict, MetalBalance::kWithinTolerance);
  // Origin of the concentrate: all Chagai, and measured.
  const PlainFigures conc = FiguresOf(book, "CONC", "Cu");
  EXPECT_TRUE(conc.measured);
  EXPECT_EQ(conc.contained, 4'902'500'000);
  EXPECT_EQ(OriginMg(book, conc, "CH"), conc.contained);
}

TEST(BookTest, ExposureCountsStagesByCountry) {
  FactsBuilder fb;
  fb.Commission("A", 4 * kTonne, "QA");
  fb.Commission("X", 4 * kTonne, "FOREIGN-MINE");
  fb.Assay("A", {{"Sb", 50 * kPct}});
  fb.Assay("X", {{"Sb", 50 * kPct}});
  fb.Transform({{"A", 4 * kTonne}, {"X", 4 * kTonne}}, {{"MIX", 8 * kTonne}}, "REF");
  Book book = Build({testing::Site("QA", "mine", "PK"), testing::Site("FOREIGN-MINE", "mine", "CN"),
                     testing::Site("REF", "refinery", "US")},
                    fb.facts());
  auto origin = OriginJson(book, "MIX");
  ASSERT_TRUE(origin.ok());
  EXPECT_TRUE(origin->at("covered").at("exposed").as_bool());
  const PlainFigures f = FiguresOf(book, "MIX", "Sb");
  std::map<std::string, Milligrams> facets;
  for (const auto& [k, mg] : f.exposure) {
    facets[std::string(StageName(book.impl().facet_names[k].first)) + "@" + book.impl().facet_names[k].second] = mg;
  }
  EXPECT_EQ(facets["mined@PK"], 2 * kTonne);
  EXPECT_EQ(facets["mined@CN"], 2 * kTonne);
  EXPECT_EQ(facets["refined@US"], 4 * kTonne);
}

TEST(BookTest, NoExposureFacetExceedsTheMetalTaken) {
  // Found by a random seed of CustodyProperties.OriginSumsToContainedExactly:
  // 3 mg of Cu from two PK mines (1 mg and 2 mg) in a 3 mg lot, of which a
  // flow takes 2 mg. Per origin it takes floor(2/3) + floor(4/3) = 1 mg, but
  // floor(6/3) = 2 mg of the facet both origins share (mined@PK).
  FactsBuilder fb;
  fb.Commission("A", 1, "M1");
  fb.Commission("B", 2, "M2");
  fb.Assay("A", {{"Cu", kOne}});
  fb.Assay("B", {{"Cu", kOne}});
  fb.Transform({{"A", 1}, {"B", 2}}, {{"MIX", 3}}, "YARD");
  fb.Transform({{"MIX", 2}}, {{"X1", 2}}, "YARD");
  fb.Transform({{"MIX", 1}}, {{"X2", 1}}, "YARD");
  Book book = Build({testing::Site("M1", "mine", "PK"), testing::Site("M2", "mine", "PK"),
                     testing::Site("YARD", "blending_yard", "PK")},
                    fb.facts());
  for (const char* lot : {"MIX", "X1", "X2"}) {
    const PlainFigures f = FiguresOf(book, lot, "Cu");
    EXPECT_FALSE(f.exposure.empty()) << lot;
    for (const auto& [facet, mg] : f.exposure) EXPECT_LE(mg, f.contained) << lot;
  }
  EXPECT_EQ(FiguresOf(book, "X1", "Cu").contained, 1);
}

TEST(BookTest, RecordThenRecomputeEqualsIncremental) {
  const auto facts = SbBlend(true);
  Book incremental = Build(SbSites(), facts);
  Book full;
  for (const SiteFacts& s : SbSites()) full.AddSite(s, false);
  for (const EventFacts& f : facts) full.Record(f);
  full.Recompute();
  EXPECT_EQ(CompareFigures(incremental, full), "");
}

TEST(BookTest, ReplayedFactsAreIgnored) {
  const auto facts = SbBlend(false);
  Book book = Build(SbSites(), facts);
  book.Apply(facts[2]);  // an old index again
  EXPECT_EQ(FiguresOf(book, "BLEND", "Sb").contained, 3'120'000'000);
  EXPECT_EQ(book.applied_through(), facts.back().index + 1);
}

}  // namespace
}  // namespace orelog::custody

namespace orelog::custody {
namespace {

using testing::FactsBuilder;
using testing::kPct;
using testing::kTonne;

// Regression: a lot downstream of a cycle was marked by a full recompute
// (stuck behind the cycle) but computed by an incremental Apply that did not
// reach the cycle; and a lot on a cycle kept a stale wet mass incrementally.
TEST(BookCycleTest, DownstreamOfACycleIsMarkedEitherWay) {
  FactsBuilder fb;
  fb.Commission("A", 4 * kTonne, "QA");
  fb.Assay("A", {{"Sb", 50 * kPct}});
  fb.Transform({{"A", 1 * kTonne}}, {{"B", 1 * kTonne}});
  fb.Transform({{"B", std::nullopt}}, {{"A", 1 * kTonne}});  // A -> B -> A
  fb.Transform({{"A", 1 * kTonne}}, {{"D", 1 * kTonne}});
  fb.Assay("D", {{"Sb", 40 * kPct}});  // touches only D incrementally
  const auto sites = SbSites();
  Book inc = Build(sites, fb.facts());
  Book full = testing::Recomputed(sites, fb.facts());
  EXPECT_EQ(CompareFigures(inc, full), "");
  for (const Book* book : {&inc, &full}) {
    const Lot& a = book->impl().lots[*book->impl().FindLot("A")];
    const Lot& d = book->impl().lots[*book->impl().FindLot("D")];
    EXPECT_TRUE(a.cycle);
    EXPECT_EQ(a.wet, 5 * kTonne);
    EXPECT_TRUE(d.cycle);
    EXPECT_EQ(d.figures.size, 0u);
  }
}

// Regression: the unmeasured outputs of one flow were apportioned over the
// origins each on its own, so an origin could gain a milligram another lost.
TEST(BookConservationTest, OneFlowSplitConservesEveryOrigin) {
  FactsBuilder fb;
  fb.Commission("A", 1'000, "QA");
  fb.Commission("B", 1'000, "CT");
  fb.Assay("A", {{"Sb", kOne / 1000}});  // 1 mg
  fb.Assay("B", {{"Sb", kOne / 1000}});  // 1 mg
  fb.Transform({{"A", std::nullopt}, {"B", std::nullopt}}, {{"X", 1}, {"Y", 1}});
  Book book = Build(SbSites(), fb.facts());
  const PlainFigures x = FiguresOf(book, "X", "Sb");
  const PlainFigures y = FiguresOf(book, "Y", "Sb");
  EXPECT_EQ(x.contained, 1);
  EXPECT_EQ(y.contained, 1);
  EXPECT_EQ(OriginMg(book, x, "QA") + OriginMg(book, y, "QA"), 1);
  EXPECT_EQ(OriginMg(book, x, "CT") + OriginMg(book, y, "CT"), 1);
}

// A lot of unknown mass (outputs without quantities) split by two flows.
TEST(BookConservationTest, LotOfUnknownMassIsNotTakenTwice) {
  FactsBuilder fb;
  fb.Commission("A", 4 * kTonne, "QA");
  fb.Assay("A", {{"Sb", 50 * kPct}});
  fb.Transform({{"A", std::nullopt}}, {{"M", std::nullopt}});
  fb.Transform({{"M", std::nullopt}}, {{"P", 1 * kTonne}});
  fb.Transform({{"M", std::nullopt}}, {{"Q", 1 * kTonne}});
  Book book = Build(SbSites(), fb.facts());
  const Milligrams p = FiguresOf(book, "P", "Sb").contained;
  const Book::Impl& b = book.impl();
  const Lot& q = b.lots[*b.FindLot("Q")];
  const Milligrams qc = q.figures.size == 0 ? 0 : b.Figures(q)[0].contained;
  EXPECT_EQ(p + qc, 2 * kTonne);
}

}  // namespace
}  // namespace orelog::custody

namespace orelog::custody {
namespace {

// A passport's verifier rebuilds the book from a subset of the facts, with
// the sites in another order: the figures' JSON must not depend on the order
// in which sites and facets were first met (a regression: shares were listed
// by interned key).
TEST(BookTest, FiguresJsonDoesNotDependOnInterningOrder) {
  std::vector<SiteFacts> sites = {testing::Site("QA", "mine", "PK"), testing::Site("CN-MINE", "mine", "CN"),
                                  testing::Site("CT", "mine", "CD"), testing::Site("REF", "refinery", "AE")};
  FactsBuilder fb;
  fb.Commission("A", 4 * kTonne, "QA");
  fb.Commission("C", 3 * kTonne, "CN-MINE");
  fb.Commission("B", 2 * kTonne, "CT");
  fb.Assay("A", {{"Sb", 58 * kPct}});
  fb.Assay("B", {{"Sb", 40 * kPct}});
  fb.Assay("C", {{"Sb", 30 * kPct}});
  fb.Transform({{"B", 2 * kTonne}, {"C", 3 * kTonne}, {"A", 4 * kTonne}}, {{"MIX", 9 * kTonne}}, "REF");
  Book forward = Build(sites, fb.facts());
  std::reverse(sites.begin(), sites.end());
  Book backward;
  for (const SiteFacts& s : sites) backward.AddSite(s, false);
  std::vector<EventFacts> facts = fb.facts();
  std::swap(facts[0], facts[2]);  // commissionings first met in another order
  std::swap(facts[0].index, facts[2].index);
  std::sort(facts.begin(), facts.end(), [](const EventFacts& x, const EventFacts& y) { return x.index < y.index; });
  for (const EventFacts& f : facts) backward.Record(f);
  backward.Recompute();
  auto a = PassportFigures(forward, "MIX");
  auto b = PassportFigures(backward, "MIX");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(boost::json::serialize(*a), boost::json::serialize(*b));
}

}  // namespace
}  // namespace orelog::custody
