#include "query/page.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <boost/json.hpp>

#include "base/bytes.h"
#include "query/query.h"

namespace orelog::query {
namespace {

EventQuery Parse(std::string_view q) {
  auto r = ParseQuery(q);
  EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
  return r.ok() ? std::move(r).value() : EventQuery{};
}

std::string Base64Url(std::string_view text) {
  std::string s = Base64Encode(AsBytes(text));
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return s;
}

TEST(PageToken, RoundTripsAndHasTheDocumentedText) {
  PageToken t{OrderBy::kEventTime, Direction::kDesc, {-1500, 42}, 60, "0123456789abcdef"};
  const std::string enc = EncodePageToken(t);
  EXPECT_EQ(enc, Base64Url("orelog-page-v1;e;d;-1500;42;60;0123456789abcdef"));
  auto back = DecodePageToken(enc);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, t);
}

TEST(PageToken, RejectsForgedAndGarbledTokens) {
  const std::string good = "orelog-page-v1;r;a;1700000000000;7;30;0123456789abcdef";
  ASSERT_TRUE(DecodePageToken(Base64Url(good)).ok());
  for (std::string text : {"orelog-page-v2;r;a;1;7;30;0123456789abcdef", "orelog-page-v1;x;a;1;7;30;0123456789abcdef",
                           "orelog-page-v1;r;up;1;7;30;0123456789abcdef", "orelog-page-v1;r;a;01;7;30;0123456789abcdef",
                           "orelog-page-v1;r;a;+1;7;30;0123456789abcdef", "orelog-page-v1;r;a;1;-7;30;0123456789abcdef",
                           "orelog-page-v1;r;a;1;7;30;0123456789ABCDEF", "orelog-page-v1;r;a;1;7;30;0123456789abcde",
                           "orelog-page-v1;r;a;1;7;30;0123456789abcdef;", "orelog-page-v1;r;a;-0;7;30;0123456789abcdef",
                           "orelog-page-v1;r;a;1;18446744073709551616;30;0123456789abcdef", ""}) {
    EXPECT_FALSE(DecodePageToken(Base64Url(text)).ok()) << text;
  }
  const std::string enc = Base64Url(good);
  EXPECT_FALSE(DecodePageToken(enc + "=").ok());      // padding is not ours
  std::string std_alphabet = enc;  // the same bytes in the standard alphabet
  std::replace(std_alphabet.begin(), std_alphabet.end(), '-', '+');
  std::replace(std_alphabet.begin(), std_alphabet.end(), '_', '/');
  if (std_alphabet != enc) EXPECT_FALSE(DecodePageToken(std_alphabet).ok());
  EXPECT_FALSE(DecodePageToken(enc.substr(0, 4) + "+" + enc.substr(5)).ok());
  EXPECT_FALSE(DecodePageToken(enc.substr(0, enc.size() - 1)).ok());  // truncated
  EXPECT_FALSE(DecodePageToken("not a token").ok());
}

TEST(PageToken, BelongsToItsQuery) {
  EventQuery q = Parse("EQ_action=ADD&orderBy=eventTime");
  PageToken t{q.order_by, q.direction, {5, 1}, 30, q.fingerprint};
  const std::string tok = EncodePageToken(t);
  EXPECT_TRUE(ParseQuery("orderBy=eventTime&EQ_action=ADD&perPage=7&nextPageToken=" + tok).ok());
  for (std::string other : {"EQ_action=OBSERVE&orderBy=eventTime", "EQ_action=ADD&orderBy=recordTime",
                            "EQ_action=ADD&orderBy=eventTime&orderDirection=ASC", "EQ_action=ADD"}) {
    auto r = ParseQuery(other + "&nextPageToken=" + tok);
    ASSERT_FALSE(r.ok()) << other;
    EXPECT_TRUE(r.status().message().starts_with("nextPageToken:")) << r.status().message();
  }
}

std::vector<SortKey> Keys(std::initializer_list<std::pair<int64_t, uint64_t>> ks) {
  std::vector<SortKey> out;
  for (auto [t, i] : ks) out.push_back({t, i});
  return out;
}

// Follows next tokens from `query` to the end; returns all keys in page order.
std::vector<SortKey> AllPages(const std::string& query, const std::vector<SortKey>& candidates, size_t* pages) {
  std::vector<SortKey> seen;
  std::string q = query;
  *pages = 0;
  while (true) {
    EventQuery parsed = Parse(q);
    Page p = SelectPage(parsed, candidates);
    ++*pages;
    EXPECT_LE(p.keys.size(), parsed.per_page);
    seen.insert(seen.end(), p.keys.begin(), p.keys.end());
    if (!p.next_token || *pages > 100) break;
    q = NextPageQuery(q, *p.next_token);
  }
  return seen;
}

TEST(SelectPage, OrdersByTimeThenIndexInEitherDirection) {
  const auto c = Keys({{30, 1}, {10, 2}, {20, 3}, {10, 4}, {30, 0}});
  size_t pages;
  EXPECT_EQ(AllPages("orderBy=eventTime&orderDirection=ASC&perPage=2", c, &pages),
            Keys({{10, 2}, {10, 4}, {20, 3}, {30, 0}, {30, 1}}));
  EXPECT_EQ(pages, 3u);
  EXPECT_EQ(AllPages("orderBy=recordTime&perPage=3", c, &pages), Keys({{30, 1}, {30, 0}, {20, 3}, {10, 4}, {10, 2}}));
  EXPECT_EQ(pages, 2u);
  // Capture order: the index alone (callers pass time 0).
  EXPECT_EQ(AllPages("perPage=5", Keys({{0, 9}, {0, 3}, {0, 5}}), &pages), Keys({{0, 3}, {0, 5}, {0, 9}}));
  EXPECT_EQ(pages, 1u);
  EXPECT_EQ(AllPages("perPage=1&orderDirection=DESC", Keys({{0, 9}, {0, 3}}), &pages), Keys({{0, 9}, {0, 3}}));
  EXPECT_EQ(pages, 2u);
  EXPECT_TRUE(AllPages("", {}, &pages).empty());
}

TEST(SelectPage, NewEventsDoNotShiftLaterPages) {
  EventQuery q = Parse("orderBy=eventTime&orderDirection=ASC&perPage=2");
  Page first = SelectPage(q, Keys({{1, 1}, {2, 2}, {3, 3}}));
  ASSERT_TRUE(first.next_token);
  // An event sorting before the cursor arrives: the next page goes on after {2,2}.
  EventQuery next = Parse("orderBy=eventTime&orderDirection=ASC&perPage=2&nextPageToken=" + *first.next_token);
  Page second = SelectPage(next, Keys({{1, 1}, {2, 2}, {3, 3}, {0, 4}}));
  EXPECT_EQ(second.keys, Keys({{3, 3}}));
  EXPECT_FALSE(second.next_token);
}

TEST(SelectPage, EventCountLimitAndMaxEventCount) {
  std::vector<SortKey> c;
  for (uint64_t i = 0; i < 10; ++i) c.push_back({0, i});
  size_t pages;
  EXPECT_EQ(AllPages("perPage=3&eventCountLimit=7", c, &pages).size(), 7u);
  EXPECT_EQ(pages, 3u);
  EXPECT_EQ(AllPages("perPage=5&eventCountLimit=5", c, &pages).size(), 5u);
  EXPECT_EQ(pages, 1u);
  EXPECT_TRUE(SelectPage(Parse("maxEventCount=9"), c).too_large);
  EXPECT_TRUE(SelectPage(Parse("maxEventCount=9"), c).keys.empty());
  Page ok = SelectPage(Parse("maxEventCount=10&perPage=4"), c);
  EXPECT_FALSE(ok.too_large);
  EXPECT_EQ(ok.keys.size(), 4u);
}

TEST(SortKeyOf, UsesTheOrderingTimestamp) {
  auto e = boost::json::parse(R"({"eventTime":"2026-01-01T01:00:00+01:00","recordTime":"1970-01-01T00:00:02Z"})")
               .as_object();
  auto k = SortKeyOf(Parse("orderBy=eventTime"), e, 7);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->time_ms, 1767225600000);
  EXPECT_EQ(k->index, 7u);
  EXPECT_EQ(SortKeyOf(Parse("orderBy=recordTime"), e, 7)->time_ms, 2000);
  EXPECT_EQ(SortKeyOf(Parse(""), e, 7)->time_ms, 0);
  EXPECT_FALSE(SortKeyOf(Parse("orderBy=recordTime"), boost::json::object{}, 1).ok());
}

TEST(NextPageQuery, ReplacesTheToken) {
  EXPECT_EQ(NextPageQuery("a=1&nextPageToken=old&b=2", "NEW"), "a=1&b=2&nextPageToken=NEW");
  EXPECT_EQ(NextPageQuery("nextPage%54oken=old", "NEW"), "nextPageToken=NEW");
  EXPECT_EQ(NextPageQuery("", "T"), "nextPageToken=T");
}

}  // namespace
}  // namespace orelog::query
