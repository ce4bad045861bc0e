#include "custody/history.h"

#include <algorithm>
#include <deque>
#include <set>
#include <unordered_map>

#include "custody/book_impl.h"
#include "custody/views.h"

namespace orelog::custody {
namespace {

Result<std::vector<uint32_t>> UpstreamKeys(const Book::Impl& b, std::string_view lot) {
  auto root = b.FindLot(lot);
  if (!root) return Status::NotFound("no lot " + std::string(lot));
  std::vector<uint32_t> out{*root};
  std::set<uint32_t> seen{*root};
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
  ORELOG_ASSIGN_OR_RETURN(std::vector<uint32_t> keys, UpstreamKeys(b, lot));
  std::set<uint32_t> facts;
  for (uint32_t k : keys) {
    const Lot& l = b.lots[k];
    facts.insert(l.timeline.begin(), l.timeline.end());
    // Flows that drew from the lot (in its timeline) decide how much each
    // withdrawal took; the assays of their outputs decide how the metal
    // was shared among those outputs.
    for (const Withdrawal& w : l.withdrawals) {
      for (const FlowOutput& o : b.flows[w.flow].outputs) {
        for (uint32_t f : b.lots[o.lot].timeline) {
          if (b.facts[f].step == Step::kAssay) facts.insert(f);
        }
      }
    }
  }
  for (const Flag& f : flags) {
    for (const std::string& id : f.evidence) {
      if (auto it = b.fact_by_id.find(id); it != b.fact_by_id.end()) facts.insert(it->second);
    }
  }
  std::vector<uint64_t> out;
  for (uint32_t f : facts) out.push_back(b.facts[f].index);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<SiteFacts> SitesOf(const Book& book, const std::vector<uint64_t>& indices) {
  const Book::Impl& b = book.impl();
  std::set<uint64_t> wanted(indices.begin(), indices.end());
  std::set<std::string> ids;
  for (const EventFacts& f : b.facts) {
    if (!wanted.count(f.index)) continue;
    if (!f.site.empty()) ids.insert(f.site);
    if (!f.destination.empty()) ids.insert(f.destination);
  }
  std::vector<SiteFacts> out;
  for (const std::string& id : ids) {
    auto key = b.site_index.find(id);
    if (key == b.site_index.end()) continue;
    if (const SiteFacts* s = b.Site(key->second)) out.push_back(*s);
  }
  return out;
}

std::vector<Flag> FlagsOfHistory(const Book& book, std::string_view lot, std::vector<Flag> flags) {
  auto lots = UpstreamLots(book, lot);
  if (!lots.ok()) return {};
  std::set<std::string> history(lots->begin(), lots->end());
  std::vector<Flag> out;
  for (Flag& f : flags) {
    bool mine = false;
    for (const std::string& l : f.lots) mine = mine || history.count(l) > 0;
    if (mine) out.push_back(std::move(f));
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
