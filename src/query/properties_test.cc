// Property tests (rapidcheck; fixed seed and case count from CTest).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include <boost/json.hpp>

#include "query/index_terms.h"
#include "query/match.h"
#include "query/page.h"
#include "query/testing_random.h"

namespace orelog::query {
namespace {

namespace json = boost::json;

bool Shares(const std::vector<std::string>& sorted_a, const std::vector<std::string>& sorted_b) {
  std::vector<std::string> common;
  std::set_intersection(sorted_a.begin(), sorted_a.end(), sorted_b.begin(), sorted_b.end(), std::back_inserter(common));
  return !common.empty();
}

struct ContractStats {
  int queries = 0, with_matches = 0, probed = 0, probed_with_matches = 0;
};

// The store contract: whatever Matches accepts, the probe finds. Every
// generated query must parse.
void CheckContract(ContractStats* stats) {
  const auto events = *rc::gen::container<std::vector<json::object>>(*rc::gen::inRange<size_t>(1, 12),
                                                                      testing::GenEvent());
  const std::string text = *testing::GenQuery(events);
  auto q = ParseQuery(text);
  RC_ASSERT(q.ok());
  const auto probe = ProbeTerms(*q);
  int matched = 0;
  for (const auto& e : events) {
    if (!Matches(*q, e, epcis::StandardNamespaces())) continue;
    ++matched;
    if (probe) RC_ASSERT(Shares(*probe, IndexTerms(e, epcis::StandardNamespaces())));
  }
  if (stats != nullptr) {
    ++stats->queries;
    stats->with_matches += matched > 0;
    stats->probed += probe.has_value();
    stats->probed_with_matches += probe.has_value() && matched > 0;
  }
}

RC_GTEST_PROP(QueryProperties, ProbeFindsEveryMatch, ()) { CheckContract(nullptr); }

// The generators are useful only if their queries often select something
// and often can be probed: measure it over a fixed-seed run.
TEST(QueryGenerators, QueriesOftenMatchAndProbe) {
  ContractStats stats;
  const bool ok = rc::check("contract with stats", [&] { CheckContract(&stats); });
  ASSERT_TRUE(ok);
  ASSERT_GT(stats.queries, 0);
  std::printf("queries %d, with matches %d, probed %d, probed with matches %d\n", stats.queries, stats.with_matches, stats.probed, stats.probed_with_matches);
  EXPECT_GT(stats.with_matches * 10, stats.queries * 4) << stats.with_matches << "/" << stats.queries;
  EXPECT_GT(stats.probed * 10, stats.queries * 4) << stats.probed << "/" << stats.queries;
  EXPECT_GT(stats.probed_with_matches * 10, stats.queries * 2) << stats.probed_with_matches << "/" << stats.queries;
}

// Equivalent spellings of one event are one event to the query layer.
RC_GTEST_PROP(QueryProperties, RespelledEventsHaveTheSameTerms, ()) {
  const json::object e = *testing::GenEvent();
  json::object respelled = e;
  // Rewrite every identifier and vocabulary value into another spelling of the same pool entry.
  const auto& p = testing::detail::P();
  std::vector<const std::vector<testing::Spelled>*> pools = {&p.instances, &p.containers, &p.classes,  &p.places,
                                                             &p.parties,   &p.documents,  &p.biz_steps, &p.dispositions,
                                                             &p.bt_types,  &p.sd_types};
  std::function<void(json::value&)> walk = [&](json::value& v) {
    if (v.is_string()) {
      for (const auto* pool : pools) {
        const testing::Spelled s = testing::detail::Respellable(*pool, std::string(v.get_string()));
        if (s.spellings.size() > 1) {
          v = *rc::gen::elementOf(s.spellings);
          return;
        }
      }
    } else if (v.is_array()) {
      for (auto& x : v.get_array()) walk(x);
    } else if (v.is_object()) {
      for (auto& [k, x] : v.get_object()) {
        if (k != "type" || !x.is_string() || !x.get_string().ends_with("Event")) walk(x);
      }
    }
  };
  for (auto& [k, v] : respelled) walk(v);
  const auto& ns = epcis::StandardNamespaces();
  RC_ASSERT(IndexTerms(e, ns) == IndexTerms(respelled, ns));
  const std::string text = *testing::GenQuery({e});
  auto q = ParseQuery(text);
  RC_ASSERT(q.ok());
  RC_ASSERT(Matches(*q, e, ns) == Matches(*q, respelled, ns));
}

RC_GTEST_PROP(QueryProperties, PageTokenRoundTripsAndOnlyCanonicalTextDecodes, ()) {
  PageToken t;
  t.order_by = *rc::gen::element(OrderBy::kCaptureOrder, OrderBy::kEventTime, OrderBy::kRecordTime);
  t.direction = *rc::gen::element(Direction::kAsc, Direction::kDesc);
  t.last = {*rc::gen::arbitrary<int64_t>(), *rc::gen::arbitrary<uint64_t>()};
  t.returned = *rc::gen::arbitrary<uint64_t>();
  for (int i = 0; i < 16; ++i) t.fingerprint.push_back("0123456789abcdef"[*rc::gen::inRange(0, 16)]);
  const std::string enc = EncodePageToken(t);
  auto back = DecodePageToken(enc);
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == t);
  // Any one-character change either fails or is itself a canonical token.
  std::string garbled = enc;
  const size_t at = *rc::gen::inRange<size_t>(0, garbled.size());
  garbled[at] = *rc::gen::elementOf(std::string("AZaz09-_+/=.!~"));
  if (garbled == enc) return;
  auto g = DecodePageToken(garbled);
  if (g.ok()) RC_ASSERT(EncodePageToken(*g) == garbled);
}

// Paging by tokens visits every candidate exactly once, in order.
RC_GTEST_PROP(QueryProperties, PagesPartitionTheOrderedResult, ()) {
  const auto order = *rc::gen::element<std::string>("", "orderBy=eventTime&", "orderBy=recordTime&");
  const auto dir = *rc::gen::element<std::string>("", "orderDirection=ASC&", "orderDirection=DESC&");
  const int per_page = *rc::gen::inRange(1, 8);
  const size_t n = *rc::gen::inRange<size_t>(0, 40);
  std::vector<SortKey> candidates;
  for (size_t i = 0; i < n; ++i) candidates.push_back({order.empty() ? 0 : *rc::gen::inRange<int64_t>(-3, 4), i});
  const std::string base = order + dir + "perPage=" + std::to_string(per_page);
  auto q0 = ParseQuery(base);
  RC_ASSERT(q0.ok());
  std::vector<SortKey> expected = candidates;
  std::sort(expected.begin(), expected.end(), [&](const SortKey& a, const SortKey& b) { return Before(*q0, a, b); });
  std::vector<SortKey> seen;
  std::string text = base;
  for (size_t pages = 0; pages <= n + 1; ++pages) {
    auto q = ParseQuery(text);
    RC_ASSERT(q.ok());
    Page p = SelectPage(*q, candidates);
    seen.insert(seen.end(), p.keys.begin(), p.keys.end());
    if (!p.next_token) break;
    text = NextPageQuery(text, *p.next_token);
  }
  RC_ASSERT(seen == expected);
}

// Exact decimal comparison agrees with integer arithmetic on scaled values.
RC_GTEST_PROP(QueryProperties, DecimalCompareIsExact, ()) {
  auto gen = [] {
    const int64_t mantissa = *rc::gen::inRange<int64_t>(-10000000, 10000000);
    const int scale = *rc::gen::inRange(0, 7);
    return std::pair{mantissa, scale};
  };
  auto text = [](int64_t m, int scale, int extra_zeros) {
    std::string digits = std::to_string(m < 0 ? -m : m);
    if (static_cast<int>(digits.size()) <= scale) digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    std::string s = (m < 0 ? "-" : "") + digits.substr(0, digits.size() - static_cast<size_t>(scale));
    if (scale > 0 || extra_zeros > 0) s += "." + digits.substr(digits.size() - static_cast<size_t>(scale)) +
                                           std::string(static_cast<size_t>(extra_zeros), '0');
    return s;
  };
  auto [ma, sa] = gen();
  auto [mb, sb] = gen();
  const std::string ta = text(ma, sa, *rc::gen::inRange(0, 3)), tb = text(mb, sb, *rc::gen::inRange(0, 3));
  auto a = ParseDecimal(ta);
  auto b = ParseDecimal(tb);
  RC_ASSERT(a.ok());
  RC_ASSERT(b.ok());
  // a = ma / 10^sa, b = mb / 10^sb: compare ma * 10^(7-sa) with mb * 10^(7-sb).
  __int128 x = ma, y = mb;
  for (int i = sa; i < 7; ++i) x *= 10;
  for (int i = sb; i < 7; ++i) y *= 10;
  const int want = x < y ? -1 : x > y ? 1 : 0;
  const int got = CompareDecimal(*a, *b);
  RC_ASSERT((got < 0 ? -1 : got > 0 ? 1 : 0) == want);
}

}  // namespace
}  // namespace orelog::query
