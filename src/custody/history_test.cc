#include "custody/history.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "custody/testing_facts.h"
#include "custody/views.h"

namespace orelog::custody {
namespace {

using testing::FactsBuilder;
using testing::kPct;
using testing::kTonne;

// Two mines' lots blended at a refinery into MIX; an unrelated lot U at a
// third site, shipped to a fourth; MIX shipped to a port.
struct Chain {
  FactsBuilder fb;
  Book book;
  Chain() {
    fb.Commission("A", 4 * kTonne, "M1");            // 0
    fb.Commission("B", 2 * kTonne, "M2");            // 1
    fb.Commission("U", 1 * kTonne, "M3");            // 2
    fb.Assay("A", {{"Cu", 50 * kPct}});              // 3
    fb.Assay("B", {{"Cu", 50 * kPct}});              // 4
    fb.Assay("U", {{"Cu", 10 * kPct}});              // 5
    fb.Transform({{"A", std::nullopt}, {"B", std::nullopt}}, {{"MIX", 6 * kTonne}}, "REF");  // 6
    fb.Ship("S1", {{"U", std::nullopt}}, "M3").destination = "FAR";                          // 7
    fb.Ship("S2", {{"MIX", std::nullopt}}, "REF").destination = "PORT";                      // 8
    book = testing::Recomputed({testing::Site("M1", "mine", "PK"), testing::Site("M2", "mine", "CN"),
                  testing::Site("M3", "mine", "CD"), testing::Site("REF", "refinery", "AE"),
                  testing::Site("FAR", "port", "US"), testing::Site("PORT", "port", "NL")},
                 fb.facts());
  }
};

std::vector<std::string> Ids(const std::vector<SiteFacts>& sites) {
  std::vector<std::string> out;
  for (const SiteFacts& s : sites) out.push_back(s.id);
  return out;
}

TEST(HistoryTest, HistoryWithSitesIsHistoryIndicesAndTheirSites) {
  Chain c;
  auto indices = HistoryIndices(c.book, "MIX", {});
  auto both = HistoryWithSites(c.book, "MIX", {});
  ASSERT_TRUE(indices.ok() && both.ok());
  EXPECT_EQ(both->indices, (std::vector<uint64_t>{0, 1, 3, 4, 6, 8}));
  EXPECT_EQ(both->indices, *indices);
  EXPECT_EQ(Ids(both->sites), (std::vector<std::string>{"M1", "M2", "PORT", "REF"}));
  EXPECT_EQ(Ids(both->sites), Ids(SitesOf(c.book, *indices)));
}

TEST(HistoryTest, FlagEvidenceOutsideTheHistoryIsEmbeddedWithItsSites) {
  Chain c;
  Flag flag;
  flag.id = "test/U";
  flag.evidence = {"ev-7", "no-such-event"};
  flag.lots = {"MIX"};
  auto both = HistoryWithSites(c.book, "MIX", {flag});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->indices, (std::vector<uint64_t>{0, 1, 3, 4, 6, 7, 8}));
  EXPECT_EQ(Ids(both->sites), (std::vector<std::string>{"FAR", "M1", "M2", "M3", "PORT", "REF"}));
  EXPECT_EQ(Ids(both->sites), Ids(SitesOf(c.book, both->indices)));
}

TEST(HistoryTest, UnknownLotIsNotFound) {
  Chain c;
  EXPECT_EQ(HistoryWithSites(c.book, "NOPE", {}).status().code(), Code::kNotFound);
}

// Each origin's "via" names the inputs that brought its metal, with the
// milligrams taken from each (computed once per element for all origins).
TEST(HistoryTest, OriginViaListsEachInputOfEachOrigin) {
  Chain c;
  auto origin = OriginJson(c.book, "MIX");
  ASSERT_TRUE(origin.ok());
  const boost::json::array& origins = origin->at("elements").at(0).at("origins").as_array();
  ASSERT_EQ(origins.size(), 2u);
  std::map<std::string, std::string> via;  // site -> serialised via
  for (const boost::json::value& o : origins) {
    via[std::string(o.at("site").at("id").as_string())] = boost::json::serialize(o.at("via"));
  }
  EXPECT_EQ(via["M1"], R"([{"eventID":"ev-6","inputLot":"A","mg":2000000000}])");
  EXPECT_EQ(via["M2"], R"([{"eventID":"ev-6","inputLot":"B","mg":1000000000}])");
  auto a = OriginJson(c.book, "A");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(boost::json::serialize(a->at("elements").at(0).at("origins").at(0).at("via")),
            R"([{"eventID":"ev-0","step":"extraction"}])");
}

}  // namespace
}  // namespace orelog::custody
