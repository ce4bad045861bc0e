#include "custody/units.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>

namespace orelog::custody {
namespace {

Milligrams Mass(double q, std::string_view uom) {
  Result<Milligrams> r = MassFromQuantity(q, uom);
  EXPECT_TRUE(r.ok()) << q << " " << uom << ": " << r.status().ToString();
  return r.ok() ? *r : -1;
}

Nano Fraction(double v, std::string_view uom) {
  Result<Nano> r = FractionFromReport(v, uom);
  EXPECT_TRUE(r.ok()) << v << " " << uom << ": " << r.status().ToString();
  return r.ok() ? *r : -1;
}

TEST(MassFromQuantity, EveryUnit) {
  EXPECT_EQ(Mass(25.000, "TNE"), 25'000'000'000);
  EXPECT_EQ(Mass(500, "KGM"), 500'000'000);
  EXPECT_EQ(Mass(184.0, "GRM"), 184'000);
  EXPECT_EQ(Mass(1, "LBR"), 453'592);        // 453592.37 mg
  EXPECT_EQ(Mass(100, "LBR"), 45'359'237);   // exact
  EXPECT_EQ(Mass(1, "APZ"), 31'103);         // 31103.4768 mg
  EXPECT_EQ(Mass(5.92, "APZ"), 184'133);     // 184132.582656 mg
  EXPECT_EQ(Mass(0, "TNE"), 0);
  EXPECT_EQ(Mass(-0.0, "TNE"), 0);
}

TEST(MassFromQuantity, ReadsTheDecimalTheDocumentWrote) {
  // 0.1 kg is 0.1000000000000000055... as a double; it must be 100 g.
  EXPECT_EQ(Mass(0.1, "KGM"), 100'000);
  EXPECT_EQ(Mass(18.5, "TNE"), 18'500'000'000);
  EXPECT_EQ(Mass(981.50, "TNE"), 981'500'000'000);
  EXPECT_EQ(Mass(0.123456789, "TNE"), 123'456'789);
}

TEST(MassFromQuantity, RoundsHalfToEvenOnTheDecimal) {
  EXPECT_EQ(Mass(0.0005, "GRM"), 0);  // 0.5 mg
  EXPECT_EQ(Mass(0.0015, "GRM"), 2);  // 1.5 mg
  // The double nearest 0.0025 is a little above it; as written it is a tie.
  EXPECT_EQ(Mass(0.0025, "GRM"), 2);
  EXPECT_EQ(Mass(0.0026, "GRM"), 3);
  EXPECT_EQ(Mass(1e-300, "KGM"), 0);
  EXPECT_EQ(Mass(std::numeric_limits<double>::denorm_min(), "TNE"), 0);
}

TEST(MassFromQuantity, Rejects) {
  for (const auto& [q, uom] : std::initializer_list<std::pair<double, std::string_view>>{
           {1, "XYZ"}, {1, "kgm"}, {1, ""}, {-1, "KGM"}, {-1e-300, "KGM"},
           {std::nan(""), "KGM"}, {std::numeric_limits<double>::infinity(), "TNE"},
           {1e10, "TNE"}, {1e300, "GRM"}, {1.2345678901234567e35, "TNE"}, {9.9e19, "TNE"}, {std::numeric_limits<double>::max(), "KGM"}}) {
    Result<Milligrams> r = MassFromQuantity(q, uom);
    EXPECT_FALSE(r.ok()) << q << " " << uom;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    }
  }
}

TEST(MassFromQuantity, MaximumIsInt64MaxMilligrams) {
  // 9223372036.854775807 t is INT64_MAX mg; the nearest doubles straddle it.
  EXPECT_EQ(Mass(9'223'372'036.0, "TNE"), 9'223'372'036'000'000'000);
  EXPECT_FALSE(MassFromQuantity(9'223'372'037.0, "TNE").ok());
  // In grams the boundary is resolvable: INT64_MAX mg = 9223372036854775.807 g.
  EXPECT_EQ(Mass(9.223372036854774e15, "GRM"), 9'223'372'036'854'774'000);
  EXPECT_FALSE(MassFromQuantity(9.223372036854776e15, "GRM").ok());
}

// Any decimal of at most 15 significant digits survives the trip through a
// double (as JSON parsing does) and is read back exactly.
RC_GTEST_PROP(MassFromQuantityProp, DecimalsOfFifteenDigitsAreExact, ()) {
  const int64_t mg = *rc::gen::inRange<int64_t>(0, 1'000'000'000'000'000);
  const int exponent = *rc::gen::inRange(-9, 4);  // how the same mass is written
  const std::string text = std::to_string(mg) + "e" + std::to_string(exponent - 6);
  const double kg = std::strtod(text.c_str(), nullptr);
  // mg x 10^exponent milligrams, exactly, when that is a whole number.
  Result<Milligrams> r = MassFromQuantity(kg, "KGM");
  RC_ASSERT(r.ok());
  if (exponent >= 0) {
    int64_t want = mg;
    for (int i = 0; i < exponent; ++i) want *= 10;
    RC_ASSERT(*r == want);
  } else {
    internal::Int128 p = 1;
    for (int i = 0; i < -exponent; ++i) p *= 10;
    RC_ASSERT(*r == static_cast<Milligrams>(internal::DivideHalfEven(mg, p)));
  }
}

TEST(FractionFromReport, PercentAndPpm) {
  EXPECT_EQ(Fraction(26.5, "P1"), 265'000'000);
  EXPECT_EQ(Fraction(26.62, "P1"), 266'200'000);
  EXPECT_EQ(Fraction(0.060, "P1"), 600'000);
  EXPECT_EQ(Fraction(8.00, "P1"), 80'000'000);
  EXPECT_EQ(Fraction(100, "P1"), kOne);
  EXPECT_EQ(Fraction(0, "P1"), 0);
  EXPECT_EQ(Fraction(8.0, "59"), 8'000);
  EXPECT_EQ(Fraction(45, "59"), 45'000);
  EXPECT_EQ(Fraction(1e6, "59"), kOne);
  EXPECT_EQ(Fraction(0.0000005, "P1"), 5);
  EXPECT_EQ(Fraction(0.00000005, "P1"), 0);   // 0.5 nano: half to even
  EXPECT_EQ(Fraction(0.00000015, "P1"), 2);   // 1.5 nano
}

TEST(FractionFromReport, Rejects) {
  for (const auto& [v, uom] : std::initializer_list<std::pair<double, std::string_view>>{
           {100.0000001, "P1"}, {1e6 + 1, "59"}, {-0.1, "P1"}, {std::nan(""), "P1"},
           {std::numeric_limits<double>::infinity(), "59"}, {5, "PCT"}, {5, "KGM"}}) {
    Result<Nano> r = FractionFromReport(v, uom);
    EXPECT_FALSE(r.ok()) << v << " " << uom;
  }
}

TEST(Arithmetic, RoundsHalfToEven) {
  const Nano half = kOne / 2;
  EXPECT_EQ(Contained(1, half), 0);
  EXPECT_EQ(Contained(3, half), 2);
  EXPECT_EQ(Contained(5, half), 2);
  EXPECT_EQ(Contained(7, half), 4);
  EXPECT_EQ(Contained(-3, half), -2);
  EXPECT_EQ(DryMass(5, half), 2);
  EXPECT_EQ(DryMass(7, 0), 7);
  EXPECT_EQ(DryMass(7, kOne), 0);
  EXPECT_EQ(RatioOf(1, 3), 333'333'333);
  EXPECT_EQ(RatioOf(2, 3), 666'666'667);
  EXPECT_EQ(RatioOf(-2, 3), -666'666'667);
  EXPECT_EQ(RatioOf(1, 2'000'000'000), 0);  // 0.5 nano
  EXPECT_EQ(RatioOf(3, 2'000'000'000), 2);  // 1.5 nano
  EXPECT_EQ(RatioOf(5, 4), 1'250'000'000);
  EXPECT_EQ(MulFraction(half, half), 250'000'000);
  EXPECT_EQ(MulFraction(1, half), 0);
  EXPECT_EQ(MulFraction(3, half), 2);
}

TEST(Arithmetic, LargeValuesDoNotOverflow) {
  const Milligrams big = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(Contained(big, kOne), big);
  EXPECT_EQ(DryMass(big, 0), big);
  EXPECT_EQ(Contained(big, kOne / 2), 4'611'686'018'427'387'904);  // 4611686018427387903.5 -> even
  EXPECT_EQ(RatioOf(big, big), kOne);
}

TEST(Format, TonnesKgPercent) {
  EXPECT_EQ(FormatTonnes(23'000'000'000, 3), "23.000");
  EXPECT_EQ(FormatTonnes(4'902'500'000, 4), "4.9025");
  EXPECT_EQ(FormatTonnes(4'902'500'000, 3), "4.902");   // 4.9025 -> even
  EXPECT_EQ(FormatTonnes(4'903'500'000, 3), "4.904");   // 4.9035 -> even
  EXPECT_EQ(FormatTonnes(2'500'000'000, 0), "2");
  EXPECT_EQ(FormatTonnes(3'500'000'000, 0), "4");
  EXPECT_EQ(FormatTonnes(1, 12), "0.000000001000");
  EXPECT_EQ(FormatTonnes(0, 2), "0.00");
  EXPECT_EQ(FormatTonnes(-8'600'000, 4), "-0.0086");
  EXPECT_EQ(FormatTonnes(-1'500'000, 3), "-0.002");
  EXPECT_EQ(FormatTonnes(-500'000, 3), "0.000");  // rounds to zero: no sign
  EXPECT_EQ(FormatTonnes(-23'000'000'000, 1), "-23.0");
  EXPECT_EQ(FormatTonnes(std::numeric_limits<int64_t>::min(), 3), "-9223372036.855");
  EXPECT_EQ(FormatKg(184'000, 3), "0.184");
  EXPECT_EQ(FormatKg(1'035'000'000, 1), "1035.0");
  EXPECT_EQ(FormatPercent(265'850'000, 3), "26.585");
  EXPECT_EQ(FormatPercent(265'850'000, 2), "26.58");
  EXPECT_EQ(FormatPercent(kOne, 0), "100");
  EXPECT_EQ(FormatPercent(-1'563'636, 2), "-0.16");
}

TEST(Format, ShareFromTheExactRational) {
  EXPECT_EQ(FormatShare(2'320, 3'120, 2), "74.36");
  EXPECT_EQ(FormatShare(800, 3'120, 2), "25.64");
  EXPECT_EQ(FormatShare(4, 6, 2), "66.67");
  EXPECT_EQ(FormatShare(2, 6, 2), "33.33");
  EXPECT_EQ(FormatShare(1, 8, 1), "12.5");
  EXPECT_EQ(FormatShare(1, 16, 1), "6.2");   // 6.25 -> even
  EXPECT_EQ(FormatShare(3, 16, 1), "18.8");  // 18.75 -> even
  EXPECT_EQ(FormatShare(-1, 3, 2), "-33.33");
  EXPECT_EQ(FormatShare(1, -3, 2), "-33.33");
  EXPECT_EQ(FormatShare(-1, -3, 2), "33.33");
  EXPECT_EQ(FormatShare(5, 5, 0), "100");
  EXPECT_EQ(FormatShare(1, 0, 2), "n/a");
  // Not via Nano: 1/3 to 12 places needs more than 1e-9 resolution.
  EXPECT_EQ(FormatShare(1, 3, 12), "33.333333333333");
  const int64_t max = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(FormatShare(max, max, 16), "100.0000000000000000");
  EXPECT_EQ(FormatShare(std::numeric_limits<int64_t>::min(), max, 16), "-100.0000000000000000");  // 1e18 + 0.108
}

// The demo lots of domain.md 3.5, from document numbers to reported figures.
TEST(WorkedExamples, CopperConcentrateLot) {
  const Milligrams wet = Mass(25.000, "TNE");
  const Milligrams dry = DryMass(wet, Fraction(8.00, "P1"));
  EXPECT_EQ(dry, 23'000'000'000);
  EXPECT_EQ(FormatTonnes(dry, 3), "23.000");
  const Milligrams cu = Contained(dry, Fraction(26.50, "P1"));
  EXPECT_EQ(cu, 6'095'000'000);
  EXPECT_EQ(FormatTonnes(cu, 3), "6.095");
  const Milligrams au = Contained(dry, Fraction(8.0, "59"));
  EXPECT_EQ(au, 184'000);
  EXPECT_EQ(FormatKg(au * 1000, 1), "184.0");  // in grams: kg of (mg x 1000)
  // In troy ounces, au / 31103.4768 mg = (au x 100) / 311034768 x 100 %: 5.92 ozt.
  EXPECT_EQ(FormatShare(au * 100, 311'034'768, 2), "5.92");
  EXPECT_EQ(Contained(dry, Fraction(45, "59")), 1'035'000);  // Ag 1,035 g
  EXPECT_EQ(Contained(dry, Fraction(0.15, "P1")), 34'500'000);  // As 34.5 kg
}

TEST(WorkedExamples, AntimonyLotAndBlend) {
  const Milligrams dry = DryMass(Mass(12.000, "TNE"), Fraction(3.0, "P1"));
  EXPECT_EQ(dry, 11'640'000'000);
  EXPECT_EQ(Contained(dry, Fraction(55.0, "P1")), 6'402'000'000);

  const Milligrams a_mass = Mass(4.0, "TNE");
  const Milligrams b_mass = Mass(2.0, "TNE");
  const Milligrams a_sb = Contained(a_mass, Fraction(58, "P1"));
  const Milligrams b_sb = Contained(b_mass, Fraction(40, "P1"));
  EXPECT_EQ(FormatTonnes(a_sb, 3), "2.320");
  EXPECT_EQ(FormatTonnes(b_sb, 3), "0.800");
  const Milligrams blend_sb = a_sb + b_sb;
  EXPECT_EQ(FormatTonnes(blend_sb, 3), "3.120");
  EXPECT_EQ(RatioOf(blend_sb, a_mass + b_mass), 520'000'000);  // 52.0 %
  // Origin by contained metal, and (misleadingly) by gross mass.
  EXPECT_EQ(FormatShare(a_sb, blend_sb, 2), "74.36");
  EXPECT_EQ(FormatShare(b_sb, blend_sb, 2), "25.64");
  EXPECT_EQ(FormatShare(a_mass, a_mass + b_mass, 2), "66.67");
  EXPECT_EQ(FormatShare(b_mass, a_mass + b_mass, 2), "33.33");
}

TEST(WorkedExamples, RareEarthLot) {
  const Milligrams dry = DryMass(Mass(20.000, "TNE"), Fraction(5, "P1"));
  EXPECT_EQ(dry, 19'000'000'000);
  const Milligrams treo = Contained(dry, Fraction(45, "P1"));
  EXPECT_EQ(FormatTonnes(treo, 3), "8.550");
  const Milligrams ndpr = Contained(treo, Fraction(20, "P1"));
  EXPECT_EQ(FormatTonnes(ndpr, 3), "1.710");
  const Milligrams nd2o3 = Contained(ndpr, Fraction(75, "P1"));
  const Milligrams pr6o11 = Contained(ndpr, Fraction(25, "P1"));
  EXPECT_EQ(nd2o3, 1'282'500'000);
  EXPECT_EQ(pr6o11, 427'500'000);
  const Milligrams nd = Contained(nd2o3, OxideToElement("Nd2O3")->factor);
  const Milligrams pr = Contained(pr6o11, OxideToElement("Pr6O11")->factor);
  EXPECT_EQ(nd, 1'099'559'070);  // 1.2825 t x 0.857356
  EXPECT_EQ(pr, 353'843'460);    // 0.4275 t x 0.827704
  EXPECT_EQ(FormatTonnes(nd, 4), "1.0996");
  EXPECT_EQ(FormatTonnes(pr, 4), "0.3538");
  // The same through grades: element grade = oxide grade x factor.
  EXPECT_EQ(Contained(dry, MulFraction(Fraction(6.75, "P1"), OxideToElement("Nd2O3")->factor)), nd);
}

// The profile's factors are n x Ar(element) / Ar(oxide) to 6 decimals.
// Atomic weights in units of 1e-5 (IUPAC standard / conventional values).
TEST(OxideToElement, FactorsRecomputeFromAtomicWeights) {
  constexpr int64_t kO = 1'599'900;  // 15.999
  struct Case {
    std::string_view oxide, element;
    int64_t ar_element, n_element, n_oxygen;
  };
  for (const Case& c : {Case{"Nd2O3", "Nd", 14'424'200, 2, 3},
                        Case{"Pr6O11", "Pr", 14'090'766, 6, 11},
                        Case{"Sb2O3", "Sb", 12'176'000, 2, 3}}) {
    const std::optional<OxideFactor> f = OxideToElement(c.oxide);
    ASSERT_TRUE(f.has_value()) << c.oxide;
    EXPECT_EQ(f->substance, c.oxide);
    EXPECT_EQ(f->element, c.element);
    const int64_t element_mass = c.n_element * c.ar_element;
    const int64_t oxide_mass = element_mass + c.n_oxygen * kO;
    // element_mass / oxide_mass to 6 decimals, rounded to nearest (no ties here).
    const int64_t scaled = element_mass * 1'000'000;
    const int64_t remainder = scaled % oxide_mass;
    ASSERT_NE(2 * remainder, oxide_mass);
    const int64_t micro = scaled / oxide_mass + (2 * remainder > oxide_mass ? 1 : 0);
    EXPECT_EQ(f->factor, micro * 1000) << c.oxide;
  }
  EXPECT_EQ(OxideToElement("Nd2O3")->factor, 857'356'000);
  EXPECT_EQ(OxideToElement("Pr6O11")->factor, 827'704'000);
  EXPECT_EQ(OxideToElement("Sb2O3")->factor, 835'354'000);
  EXPECT_FALSE(OxideToElement("nd2o3").has_value());
  EXPECT_FALSE(OxideToElement("TREO").has_value());
  EXPECT_FALSE(OxideToElement("").has_value());
}

}  // namespace
}  // namespace orelog::custody
