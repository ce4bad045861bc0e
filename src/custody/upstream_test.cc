// Book::Upstream: the lots an upstream trace reaches, as TraceJson lists them.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "custody/book.h"
#include "custody/testing_facts.h"
#include "custody/views.h"

namespace orelog::custody {
namespace {

using testing::FactsBuilder;
using testing::kTonne;

std::map<std::string, int> AsMap(const std::vector<Book::TracedLot>& v) {
  std::map<std::string, int> m;
  for (const auto& t : v) EXPECT_TRUE(m.emplace(std::string(t.id), t.depth).second) << t.id << " listed twice";
  return m;
}

// ore1, ore2 -> blend (A); ore2 -> split (B) -> s1; A + s1 -> final (C).
Book Diamond() {
  FactsBuilder fb;
  fb.Commission("ore1", 10 * kTonne, "mine");
  fb.Commission("ore2", 10 * kTonne, "mine");
  fb.Transform({{"ore1", std::nullopt}, {"ore2", 5 * kTonne}}, {{"blend", 15 * kTonne}});
  fb.Transform({{"ore2", std::nullopt}}, {{"s1", 5 * kTonne}});
  fb.Transform({{"blend", std::nullopt}, {"s1", std::nullopt}}, {{"final", 20 * kTonne}});
  Book book;
  for (const EventFacts& f : fb.facts()) book.Apply(f);
  return book;
}

TEST(Upstream, EachLotOnceAtItsLeastDepth) {
  Book book = Diamond();
  auto got = book.Upstream("final", 64);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front().id, "final");
  EXPECT_EQ(got.front().depth, 0);
  EXPECT_EQ(AsMap(got), (std::map<std::string, int>{{"final", 0}, {"blend", 1}, {"s1", 1}, {"ore1", 2}, {"ore2", 2}}));
  for (size_t i = 1; i < got.size(); ++i) EXPECT_LE(got[i - 1].depth, got[i].depth);  // breadth-first
}

TEST(Upstream, StopsAtTheDepth) {
  Book book = Diamond();
  EXPECT_EQ(AsMap(book.Upstream("final", 1)), (std::map<std::string, int>{{"final", 0}, {"blend", 1}, {"s1", 1}}));
  EXPECT_EQ(AsMap(book.Upstream("final", 0)), (std::map<std::string, int>{{"final", 0}}));
  EXPECT_EQ(AsMap(book.Upstream("ore1", 5)), (std::map<std::string, int>{{"ore1", 0}}));
  EXPECT_TRUE(book.Upstream("no such lot", 5).empty());
}

TEST(Upstream, SameNodesAsTraceJson) {
  Book book = Diamond();
  for (int depth : {1, 2, 3}) {
    auto trace = TraceJson(book, "final", Direction::kUpstream, depth);
    ASSERT_TRUE(trace.ok());
    std::map<std::string, int> want;
    for (const auto& n : trace->at("nodes").as_array()) {
      want.emplace(std::string(n.at("lot").as_string()), static_cast<int>(n.at("depth").as_int64()));
    }
    EXPECT_EQ(AsMap(book.Upstream("final", depth)), want) << "depth " << depth;
  }
}

}  // namespace
}  // namespace orelog::custody
