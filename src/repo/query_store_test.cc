// The store's indexed query path agrees with the naive reference: for random
// events captured into a real ledger and random queries over their values,
// EventReader::Query (index probe + filter + SQL order + paging, all pages)
// returns exactly the events that query::Matches selects from a scan of
// every stored form, in the order query::Before defines, for the public and
// the full forms alike.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include <boost/json.hpp>

#include "query/match.h"
#include "query/page.h"
#include "query/testing_random.h"
#include "repo/repo_test_fixture.h"

namespace orelog::repo {
namespace {
namespace json = boost::json;

// A fresh ledger with the repository tables and a capturer (not a gtest
// fixture: rapidcheck builds one per case).
struct Store {
  Store() {
    root = orelog::testing::MakeTempDir("orelog-query-store");
    dir = root / "ledger";
    ok = Ledger::Init(dir, "example.com/query-store").ok() && EnsureRepoSchema(dir).ok();
    LedgerOptions lo;
    lo.publish_interval = std::chrono::milliseconds(0);
    auto l = Ledger::Open(dir, lo);
    ok = ok && l.ok();
    if (!ok) return;
    ledger = std::move(*l);
    CaptureOptions co;
    co.max_events = 1000;
    capturer = std::make_unique<Capturer>(*ledger, co);
  }
  ~Store() {
    capturer.reset();
    ledger.reset();
    std::filesystem::remove_all(root);
  }
  bool ok = false;
  std::filesystem::path root, dir;
  std::unique_ptr<Ledger> ledger;
  std::unique_ptr<Capturer> capturer;
};

std::vector<uint64_t> Naive(EventReader& reader, size_t n, const query::EventQuery& q, const Viewer& access) {
  std::vector<query::SortKey> keys;
  for (uint64_t i = 0; i < n; ++i) {
    auto e = reader.EventAt(i, access);
    if (!e.ok()) continue;
    json::object ev = json::parse(e->form).as_object();
    if (!query::Matches(q, ev, epcis::StandardNamespaces())) continue;
    auto k = query::SortKeyOf(q, ev, i);
    RC_ASSERT(k.ok());
    keys.push_back(*k);
  }
  std::sort(keys.begin(), keys.end(), [&](const query::SortKey& a, const query::SortKey& b) { return query::Before(q, a, b); });
  if (q.event_count_limit && keys.size() > *q.event_count_limit) keys.resize(*q.event_count_limit);
  std::vector<uint64_t> out;
  for (const auto& k : keys) out.push_back(k.index);
  return out;
}

// Every page of the store's answer, following the next-page tokens.
std::vector<uint64_t> Stored(EventReader& reader, const std::string& qs, const Viewer& access, bool& too_large,
                             bool& too_complex) {
  std::vector<uint64_t> out;
  std::string current = qs;
  too_large = false;
  too_complex = false;
  for (int page = 0; page < 10000; ++page) {
    auto q = query::ParseQuery(current);
    RC_ASSERT(q.ok());
    auto r = reader.Query(*q, access);
    RC_ASSERT(r.ok());
    if (r->too_complex) {
      RC_ASSERT(q->max_event_count.has_value());  // only counting queries are refused
      too_complex = true;
      return {};
    }
    if (r->too_large) {
      too_large = true;
      return {};
    }
    for (const StoredEvent& e : r->events) out.push_back(e.index);
    if (!r->next_token) return out;
    current = query::NextPageQuery(qs, *r->next_token);
  }
  RC_FAIL("paging did not end");
}

RC_GTEST_PROP(QueryStore, IndexedQueriesAgreeWithTheNaiveFilter, ()) {
  const auto events = *rc::gen::container<std::vector<json::object>>(*rc::gen::inRange(1, 25), query::testing::GenEvent());
  Store store;
  RC_ASSERT(store.ok);
  std::string list;
  for (size_t i = 0; i < events.size(); ++i) list += (i ? "," : "") + json::serialize(events[i]);
  CaptureOutcome out = store.capturer->CaptureDocument(Doc(list), "party-a", ErrorBehaviour::kProceed);
  RC_ASSERT(out.status.ok());
  const size_t n = out.job.captured;
  // The generator can repeat an EPC within one list, which the schema's
  // uniqueItems forbids: such events are refused and take no index.
  RC_ASSERT(out.job.captured + out.job.errors.size() == events.size());
  auto reader = EventReader::Open(store.dir);
  RC_ASSERT(reader.ok());
  // Small probe limits make the store give up index probes for ordered
  // scans, so that both plans are compared with the reference.
  const size_t max_probe = *rc::gen::element<size_t>(0, 1, 3, 5000);
  (*reader)->SetMaxProbeCandidates(max_probe);
  // A small scan budget cuts scans short: pages may then hold fewer events
  // than perPage (even none) and still carry a next-page token.
  const size_t budget = *rc::gen::element<size_t>(1, 2, 7, 50000);
  (*reader)->SetScanBudget(budget);
  // Likewise a small count budget refuses some maxEventCount queries.
  const size_t count_budget = *rc::gen::element<size_t>(3, 200000);
  (*reader)->SetCountBudget(count_budget);
  RC_TAG(max_probe == 5000 ? "probe" : "probe limit " + std::to_string(max_probe));
  const auto queries = *rc::gen::container<std::vector<std::string>>(4, query::testing::GenQuery(events));
  for (std::string qs : queries) {
    // Small pages, so that paging is exercised too (unless the query sets one).
    if (qs.find("perPage=") == std::string::npos) qs += qs.empty() ? "perPage=2" : "&perPage=2";
    auto q = query::ParseQuery(qs);
    if (!q.ok()) {
      // The generator can name one parameter twice in two spellings
      // (EQ_bizTransaction_inv and ..._https://ref.gs1.org/cbv/BTT-inv),
      // which the parser refuses: not a store question.
      RC_ASSERT(q.status().message().find("names the same type as another parameter") != std::string::npos);
      continue;
    }
    // Every kind of viewer: all full forms, public forms only, and a
    // participant entitled to some events (those naming it as source or
    // destination in this spelling; none it submitted). Each must get
    // exactly the matches of its visible forms.
    for (const Viewer& access : {Viewer::All(), Viewer::Public(), Viewer::Party("urn:epc:id:pgln:4012345.00001"),
                                 Viewer::Party("party-a")}) {
      bool too_large = false, too_complex = false;
      std::vector<uint64_t> got = Stored(**reader, qs, access, too_large, too_complex);
      if (too_complex) {
        RC_ASSERT(count_budget <= n);  // refused only after reading its budget
        continue;
      }
      std::vector<uint64_t> want = Naive(**reader, n, *q, access);
      if (q->max_event_count) {
        // maxEventCount is about all matches, before eventCountLimit.
        query::EventQuery unlimited = *q;
        unlimited.event_count_limit.reset();
        size_t all = Naive(**reader, n, unlimited, access).size();
        RC_ASSERT(too_large == (all > *q->max_event_count));
        if (too_large) continue;
      }
      RC_ASSERT(!too_large);
      RC_ASSERT(got == want);
    }
  }
}

}  // namespace
}  // namespace orelog::repo
