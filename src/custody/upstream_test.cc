// Book::Upstream: the lots an upstream trace reaches, as TraceJson lists them.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <vector>
#include <string>

#include "custody/book.h"
#include "custody/book_impl.h"
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

// The edges, as (from, to, event index), against TraceJson's (from, to,
// eventID): the same multiset at every depth.
TEST(Upstream, SameEdgesAsTraceJson) {
  Book book = Diamond();
  const Book::Impl& b = book.impl();
  std::map<uint64_t, std::string> id_of;
  for (const EventFacts& f : b.facts) id_of[f.index] = f.event_id;
  for (int depth : {1, 2, 3}) {
    auto trace = TraceJson(book, "final", Direction::kUpstream, depth);
    ASSERT_TRUE(trace.ok());
    std::multiset<std::string> want, got;
    for (const auto& e : trace->at("edges").as_array()) {
      want.insert(std::string(e.at("from").as_string()) + ">" + std::string(e.at("to").as_string()) + "@" +
                  std::string(e.at("eventID").as_string()));
    }
    std::vector<Book::TracedEdge> edges;
    const auto lots = book.Upstream("final", depth, &edges);
    for (const Book::TracedEdge& e : edges) {
      ASSERT_LT(e.from, lots.size());
      ASSERT_LT(e.to, lots.size());
      EXPECT_LE(lots[e.from].depth, lots[e.to].depth + 1);  // breadth-first: never deeper than one below
      got.insert(std::string(lots[e.from].id) + ">" + std::string(lots[e.to].id) + "@" + id_of.at(e.event_index));
    }
    EXPECT_EQ(got, want) << "depth " << depth;
    EXPECT_EQ(edges.size(), depth == 1 ? 2u : 5u);  // C's two inputs; then A's two and B's one
  }
}

}  // namespace
}  // namespace orelog::custody
