#include "custody/export_report.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "custody/money.h"
#include "custody/testing_facts.h"

namespace orelog::custody {
namespace {

using testing::FactsBuilder;
using testing::kPct;
using testing::kTonne;

SiteFacts Mine(std::string id, std::string province) {
  SiteFacts s = testing::Site(std::move(id), "mine", "PK");
  s.province = std::move(province);
  return s;
}

// Two mines in two provinces; a blend of both and a lot of one exported to
// the US in November, a lot of the first mine to China in December.
Book MakeBook() {
  BookConfig config;
  config.royalty_rates["Sb"] = 10'000;  // 100.00 per tonne of Sb
  Book book(config);
  book.AddSite(Mine("qa", "Balochistan"));
  book.AddSite(Mine("ct", "Khyber Pakhtunkhwa"));
  book.AddSite(testing::Site("yard", "blending_yard", "PK"));
  FactsBuilder fb;
  fb.Commission("a", 4 * kTonne, "qa");
  fb.Commission("b", 2 * kTonne, "ct");
  fb.Commission("c", 3 * kTonne, "qa");
  fb.Commission("d", 2 * kTonne, "qa");
  fb.Assay("a", {{"Sb", 50 * kPct}, {"H2O", 25 * kPct}});
  fb.Assay("b", {{"Sb", 40 * kPct}, {"H2O", 0}});
  fb.Assay("c", {{"Cu", 30 * kPct}});
  fb.Assay("d", {{"Cu", 30 * kPct}});
  fb.Transform({{"a", std::nullopt}, {"b", std::nullopt}}, {{"blend", 6 * kTonne}}, "yard");
  EventFacts& nov = fb.Ship("S1", {{"blend", 6 * kTonne}, {"c", kTonne}}, "yard");
  nov.destination_country = "US";
  nov.declared_value = "1000.50 USD";
  nov.agreements = {"AGR-1"};
  fb.SetTime(1'764'547'200'000);  // 2025-12-01T00:00:00Z
  EventFacts& dec = fb.Ship("S2", {{"d", 2 * kTonne}}, "yard");
  dec.destination_country = "CN";
  dec.agreements = {std::string(kPlaceholderLink)};
  for (const EventFacts& f : fb.facts()) book.Record(f);
  book.Recompute();
  return book;
}

TEST(ExportReportTest, GroupsByMineralProvinceDestinationAndPeriod) {
  Book book = MakeBook();
  ReportQuery q;
  q.group_by = *ParseGroupBy("period,mineral,province");
  ExportReport r = BuildExportReport(book, q);
  ASSERT_EQ(r.rows.size(), 3u);
  // 2025-11 / Cu / Balochistan: 1 t of lot c.
  const ReportRow& cu = r.rows[0];
  EXPECT_EQ(cu.key.at(ReportKey::kPeriod), "2025-11");
  EXPECT_EQ(cu.key.at(ReportKey::kMineral), "Cu");
  EXPECT_EQ(cu.key.at(ReportKey::kProvince), "Balochistan");
  EXPECT_EQ(cu.wet, kTonne);
  EXPECT_EQ(cu.contained.at("Cu"), 300'000'000);
  EXPECT_TRUE(cu.royalties.empty());
  // 2025-11 / Sb / both provinces: the blend, 6 t wet; a is 3 t dry at 50 %,
  // b 2 t dry at 40 %: 2.3 t Sb, royalty 230.00. The blend has no moisture
  // assay of its own, so its dry mass is taken equal to its wet mass, as in
  // the lot view.
  const ReportRow& sb = r.rows[1];
  EXPECT_EQ(sb.key.at(ReportKey::kProvince), "Balochistan+Khyber Pakhtunkhwa");
  EXPECT_EQ(sb.lots, (std::set<std::string>{"blend"}));
  EXPECT_EQ(sb.wet, 6 * kTonne);
  EXPECT_EQ(sb.dry, 6 * kTonne);
  EXPECT_EQ(sb.contained.at("Sb"), 2'300'000'000);
  EXPECT_EQ(sb.royalties.at("Sb"), 23'000);
  EXPECT_EQ(sb.declared.at("USD"), 100'050);  // the export's value, listed with each group it touches
  EXPECT_EQ(sb.agreements, (std::set<std::string>{"AGR-1"}));
  // 2025-12: 2 t of c, linked through an undisclosed link, no value.
  const ReportRow& dec = r.rows[2];
  EXPECT_EQ(dec.key.at(ReportKey::kPeriod), "2025-12");
  EXPECT_EQ(dec.undisclosed_links, 1u);
  EXPECT_EQ(dec.value_undisclosed, 1u);
  EXPECT_EQ(dec.event_ids.size(), 1u);
  EXPECT_EQ(cu.event_ids, sb.event_ids);  // one export in two groups
}

TEST(ExportReportTest, WindowAndOneRowWithoutGrouping) {
  Book book = MakeBook();
  ReportQuery q;
  q.to_ms = 1'764'547'200'000;  // before December
  ExportReport r = BuildExportReport(book, q);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].exports, 1u);
  EXPECT_EQ(r.rows[0].wet, 7 * kTonne);
  boost::json::object j = ExportReportJson(r, "public");
  EXPECT_EQ(j.at("computedFrom"), "public");
  EXPECT_EQ(j.at("rows").as_array()[0].at("royalties").at("total"), "230.00");
  const std::string csv = ExportReportCsv(r, "public");
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "exports,lots,wet_t,dry_t,contained_t,declared_value,value_undisclosed,royalty_USD,agreements,"
            "undisclosed_agreement_links,event_ids,computed_from");
  EXPECT_NE(csv.find(",7.000,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("Cu=0.300;Sb=2.300"), std::string::npos) << csv;
}

TEST(ExportReportTest, GroupByIsStrict) {
  EXPECT_TRUE(ParseGroupBy("").ok());
  EXPECT_FALSE(ParseGroupBy("mineral,mineral").ok());
  EXPECT_FALSE(ParseGroupBy("country").ok());
  EXPECT_FALSE(ParseGroupBy("mineral,").ok());
}

TEST(MoneyTest, ExactCents) {
  EXPECT_EQ(ParseCents("1234.5"), 123'450);
  EXPECT_EQ(ParseCents("0.05"), 5);
  EXPECT_FALSE(ParseCents("1.234"));
  EXPECT_FALSE(ParseCents("-1"));
  EXPECT_FALSE(ParseCents("1e3"));
  EXPECT_EQ(FormatCents(123'405), "1234.05");
  auto m = ParseMoney("152000.00 USD");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->cents, 15'200'000);
  EXPECT_FALSE(ParseMoney("152000 usd"));
  EXPECT_EQ(RoyaltyCents(2'500'000'000, 12'050), 30'125);
  EXPECT_EQ(RoyaltyCents(1, 12'050), 0);  // floored
}

}  // namespace
}  // namespace orelog::custody
