#include "custody/agreement_flags.h"

#include <gtest/gtest.h>

#include "agreements/testing_releases.h"
#include "custody/testing_facts.h"

namespace orelog::custody {
namespace {

using testing::FactsBuilder;
using testing::kPct;
using testing::kTonne;

// Three exports from a Pakistani port: one under the MoU through its lot's
// commissioning, one under an undisclosed link, one under nothing; the
// second also with a royalty receipt on a later event of its shipment.
struct Fixture {
  Book book;
  explicit Fixture(BookConfig config = {}) : book(std::move(config)) {
    book.AddSite(testing::Site("mine", "mine", "PK"));
    book.AddSite(testing::Site("port", "port", "PK"));
    book.AddSite(testing::Site("refinery", "refinery", "US"));
    FactsBuilder fb;
    fb.Commission("lot-1", 10 * kTonne, "mine").agreements = {"AGR-1"};
    fb.Commission("lot-2", 10 * kTonne, "mine");
    fb.Commission("lot-3", 10 * kTonne, "mine");
    for (const char* lot : {"lot-1", "lot-2", "lot-3"}) fb.Assay(lot, {{"Cu", 25 * kPct}});
    fb.Ship("S1", {{"lot-1", 10 * kTonne}}, "port").destination = "refinery";  // export by destination site
    EventFacts& s2 = fb.Ship("S2", {{"lot-2", 10 * kTonne}}, "port");
    s2.destination_country = "US";
    s2.agreements = {std::string(kPlaceholderLink)};
    fb.Ship("S3", {{"lot-3", 10 * kTonne}}, "port").export_licence = "LIC-9";
    fb.Ship("S4", {{"lot-3", kTonne}}, "mine").destination = "port";  // domestic: not an export
    fb.Next(Step::kOther).royalty_receipts = {"urn:example:RR-2"};
    const_cast<EventFacts&>(fb.facts().back()).shipment = "S2";
    for (const EventFacts& f : fb.facts()) book.Record(f);
    book.Recompute();
  }
};

std::vector<std::string> Ids(const std::vector<Flag>& flags) {
  std::vector<std::string> out;
  for (const Flag& f : flags) out.push_back(f.id);
  return out;
}

TEST(AgreementFlagsTest, OffWithoutRegisterOrRates) {
  Fixture fx;
  EXPECT_TRUE(AgreementFlags(fx.book, agreements::Register{}).empty());
}

TEST(AgreementFlagsTest, ExportsWithoutAnAgreementInForce) {
  Fixture fx;
  agreements::Register reg;
  ASSERT_TRUE(reg.ApplyRelease(1, agreements::testing::Mou("r1", agreements::Tag::kSigned)).ok());
  // S1 (ev-6) rests on the MoU through lot-1; S2 (ev-7) on an undisclosed link; S3 (ev-8) on nothing.
  std::vector<Flag> flags = AgreementFlags(fx.book, reg);
  ASSERT_EQ(Ids(flags), (std::vector<std::string>{"export_without_agreement/ev-8"}));
  EXPECT_EQ(flags[0].subject_type, "event");
  EXPECT_EQ(flags[0].evidence, (std::vector<std::string>{"ev-8"}));
  EXPECT_EQ(flags[0].lots, (std::vector<std::string>{"lot-3"}));
  // A licence in the register covers S3. The exports leave on 2025-11-01:
  // terminating the MoU later does not uncover S1, which was covered then.
  agreements::Release licence = agreements::testing::Mou("lic-r1");
  licence.agreement = "LIC-9";
  licence.type = "export-licence";
  ASSERT_TRUE(reg.ApplyRelease(2, licence).ok());
  ASSERT_TRUE(reg.ApplyRelease(3, agreements::testing::Mou("r2", agreements::Tag::kTerminated, "2026-01-01")).ok());
  EXPECT_TRUE(AgreementFlags(fx.book, reg).empty());
  // Terminated before the export, or signed only after it: not covered.
  for (const agreements::Release& last : {agreements::testing::Mou("r2", agreements::Tag::kTerminated, "2025-10-15"),
                                          agreements::testing::Mou("r2", agreements::Tag::kAmended, "2025-12-01")}) {
    agreements::Register other;
    ASSERT_TRUE(other.ApplyRelease(1, licence).ok());
    const bool signed_late = last.tag == agreements::Tag::kAmended;
    ASSERT_TRUE(other.ApplyRelease(2, agreements::testing::Mou("r1", agreements::Tag::kSigned,
                                                               signed_late ? "2025-12-01" : "2025-09-08")).ok());
    ASSERT_TRUE(other.ApplyRelease(3, last).ok());
    EXPECT_EQ(Ids(AgreementFlags(fx.book, other)), (std::vector<std::string>{"export_without_agreement/ev-6"}))
        << last.date;
  }
}

TEST(AgreementFlagsTest, RoyaltyDueWithoutReceipt) {
  BookConfig config;
  config.royalty_rates["Cu"] = 12'050;  // 120.50 per tonne of contained Cu
  Fixture fx(config);
  std::vector<Flag> flags = AgreementFlags(fx.book, agreements::Register{});
  // S2 has a receipt on a later event of its shipment; S1 and S3 have none.
  ASSERT_EQ(Ids(flags), (std::vector<std::string>{"royalty_unpaid/ev-6", "royalty_unpaid/ev-8"}));
  // 10 t wet, no moisture, 25 % Cu: 2.5 t x 120.50 = 301.25.
  EXPECT_NE(flags[0].message.find("USD 301.25"), std::string::npos) << flags[0].message;
  config.royalty_rates = {{"Au", 100}};  // an element the lots do not hold: nothing due
  Fixture none(config);
  EXPECT_TRUE(AgreementFlags(none.book, agreements::Register{}).empty());
}

}  // namespace
}  // namespace orelog::custody
