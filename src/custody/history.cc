#include "custody/history.h"

#include <algorithm>
#include <deque>
#include <set>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "custody/book_impl.h"
#include "custody/views.h"

namespace orelog::custody {
namespace {

Result<std::vector<uint32_t>> UpstreamKeys(const Book::Impl& b, std::string_view lot) {
  auto root = b.FindLot(lot);
  if (!root) return Status::NotFound("no lot " + std::string(lot));
  std::vector<uint32_t> out{*root};
  std::unordered_set<uint32_t> seen{*root};
  for (size_t i = 0; i < out.size(); ++i) {
    for (const Contribution& c : b.lots[out[i]].sources) {
      if (c.flow == kNone) continue;
      for (const FlowInput& in : b.flows[c.flow].inputs) {
        if (seen.insert(in.lot).second) out.push_back(in.lot);
      }
    }
  }
  return out;
}

// The facts (keys into b.facts) of the passport of `lot` ("Which leaves"),
// ascending and unique. Facts are kept in strictly ascending log index
// (Record ignores replays), so this is also log index order.
Result<std::vector<uint32_t>> HistoryFacts(const Book::Impl& b, std::string_view lot, const std::vector<Flag>& flags) {
  ORELOG_ASSIGN_OR_RETURN(std::vector<uint32_t> keys, UpstreamKeys(b, lot));
  std::vector<uint32_t> facts;
  for (uint32_t k : keys) {
    const Lot& l = b.lots[k];
    facts.insert(facts.end(), l.timeline.begin(), l.timeline.end());
    // Flows that drew from the lot (in its timeline) decide how much each
    // withdrawal took; the assays of their outputs decide how the metal
    // was shared among those outputs.
    for (const Withdrawal& w : l.withdrawals) {
      for (const FlowOutput& o : b.flows[w.flow].outputs) {
        for (uint32_t f : b.lots[o.lot].timeline) {
          if (b.facts[f].step == Step::kAssay) facts.push_back(f);
        }
      }
    }
  }
  for (const Flag& f : flags) {
    for (const std::string& id : f.evidence) {
      if (auto it = b.fact_by_id.find(id); it != b.fact_by_id.end()) facts.push_back(it->second);
    }
  }
  std::sort(facts.begin(), facts.end());
  facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
  return facts;
}

// The log indices of `facts` (fact keys, any container), ascending, each once.
template <typename Facts>
std::vector<uint64_t> IndicesOf(const Book::Impl& b, const Facts& facts) {
  std::vector<uint64_t> out;
  out.reserve(facts.size());
  for (uint32_t f : facts) out.push_back(b.facts[f].index);
  // Sorted fact keys give ascending indices already; sorted again so that
  // the contract does not rest on Record's ordering alone.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The sites the `facts` name (their site and destination), in site ID order.
std::vector<SiteFacts> SitesOfFacts(const Book::Impl& b, std::span<const EventFacts* const> facts) {
  std::vector<std::string_view> ids;
  for (const EventFacts* f : facts) {
    if (!f->site.empty()) ids.push_back(f->site);
    if (!f->destination.empty()) ids.push_back(f->destination);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<SiteFacts> out;
  for (std::string_view id : ids) {
    auto key = b.site_index.find(std::string(id));
    if (key == b.site_index.end()) continue;
    if (const SiteFacts* s = b.Site(key->second)) out.push_back(*s);
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> UpstreamLots(const Book& book, std::string_view lot) {
  const Book::Impl& b = book.impl();
  ORELOG_ASSIGN_OR_RETURN(std::vector<uint32_t> keys, UpstreamKeys(b, lot));
  std::vector<std::string> out;
  for (uint32_t k : keys) out.push_back(b.lots[k].id);
  return out;
}

Result<std::vector<uint64_t>> HistoryIndices(const Book& book, std::string_view lot, const std::vector<Flag>& flags) {
  const Book::Impl& b = book.impl();
  ORELOG_ASSIGN_OR_RETURN(std::vector<uint32_t> facts, HistoryFacts(b, lot, flags));
  return IndicesOf(b, facts);
}

Result<PassportHistory> HistoryWithSites(const Book& book, std::string_view lot, const std::vector<Flag>& flags) {
  const Book::Impl& b = book.impl();
  ORELOG_ASSIGN_OR_RETURN(std::vector<uint32_t> facts, HistoryFacts(b, lot, flags));
  PassportHistory out;
  out.indices = IndicesOf(b, facts);
  std::vector<const EventFacts*> named;
  named.reserve(facts.size());
  for (uint32_t f : facts) named.push_back(&b.facts[f]);
  out.sites = SitesOfFacts(b, named);
  return out;
}

std::vector<uint64_t> BalanceIndices(const Book& book, std::string_view site, int64_t from_ms, int64_t to_ms) {
  const Book::Impl& b = book.impl();
  std::set<uint32_t> facts;
  for (const Flow& fl : b.flows) {
    const EventFacts& f = b.facts[fl.fact];
    if (!site.empty() && f.site != site) continue;
    if (f.time_ms < from_ms || f.time_ms >= to_ms) continue;
    facts.insert(fl.fact);
    for (const FlowInput& in : fl.inputs) facts.insert(b.lots[in.lot].timeline.begin(), b.lots[in.lot].timeline.end());
    for (const FlowOutput& o : fl.outputs) facts.insert(b.lots[o.lot].timeline.begin(), b.lots[o.lot].timeline.end());
  }
  return IndicesOf(b, facts);
}

std::vector<uint64_t> SettlementIndices(const Book& book, std::string_view shipment) {
  const Book::Impl& b = book.impl();
  std::set<uint32_t> facts;
  auto s = b.shipments.find(shipment);
  if (s != b.shipments.end()) {
    for (const auto* list : {&s->second.shipped, &s->second.received}) {
      for (uint32_t f : *list) {
        facts.insert(f);
        for (const LotQuantity& q : b.facts[f].lots) {
          if (auto k = b.FindLot(q.lot)) facts.insert(b.lots[*k].timeline.begin(), b.lots[*k].timeline.end());
        }
      }
    }
  }
  if (auto a = b.shipment_assays.find(std::string(shipment)); a != b.shipment_assays.end()) {
    facts.insert(a->second.begin(), a->second.end());
  }
  return IndicesOf(b, facts);
}

std::vector<SiteFacts> SitesOf(const Book& book, const std::vector<uint64_t>& indices) {
  const Book::Impl& b = book.impl();
  // Facts are kept in strictly ascending log index (Record ignores replays),
  // so each wanted one is found by binary search, not by a pass over all.
  std::vector<const EventFacts*> named;
  for (uint64_t index : indices) {
    auto it = std::lower_bound(b.facts.begin(), b.facts.end(), index,
                               [](const EventFacts& f, uint64_t i) { return f.index < i; });
    if (it == b.facts.end() || it->index != index) continue;
    named.push_back(&*it);
  }
  return SitesOfFacts(b, named);
}

std::vector<Flag> FlagsOfHistory(const Book& book, std::string_view lot, const std::vector<Flag>& flags) {
  auto lots = UpstreamLots(book, lot);
  if (!lots.ok()) return {};
  std::unordered_set<std::string_view> history(lots->begin(), lots->end());
  std::vector<Flag> out;
  for (const Flag& f : flags) {
    if (std::any_of(f.lots.begin(), f.lots.end(), [&](const std::string& l) { return history.count(l) > 0; })) {
      out.push_back(f);
    }
  }
  return out;
}

Result<boost::json::object> PassportFigures(const Book& book, std::string_view lot) {
  ORELOG_ASSIGN_OR_RETURN(boost::json::object lot_view, LotJson(book, lot));
  ORELOG_ASSIGN_OR_RETURN(boost::json::object origin, OriginJson(book, lot));
  boost::json::object out;
  out["lot"] = std::move(lot_view);
  out["origin"] = std::move(origin);
  return out;
}

}  // namespace orelog::custody
