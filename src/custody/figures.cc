// Contained metal, origin attribution and exposure of lots and flows
// (docs/custody.md "Figures"). Every figure is an integer number of
// milligrams; the only divisions are floor divisions of exact products
// (__int128) and largest-remainder apportionment, so the result does not
// depend on the order in which nodes are computed.
#include <algorithm>
#include <deque>
#include <string_view>

#include "custody/apportion.h"
#include "custody/book_impl.h"

namespace orelog::custody {
namespace {

// floor(v × num / den) for v, num >= 0, den > 0.
Milligrams FloorScale(Milligrams v, Milligrams num, Milligrams den) {
  if (den <= 0) return 0;
  const unsigned __int128 product = static_cast<unsigned __int128>(v) * static_cast<unsigned __int128>(num);
#if defined(__x86_64__)
  // The hot path of every recompute: one 128-by-64-bit divq instead of the
  // library's 128-bit division. Exact, and safe: the quotient fits in 64
  // bits exactly when the high word of the product is below the divisor.
  const auto hi = static_cast<uint64_t>(product >> 64);
  const auto d = static_cast<uint64_t>(den);
  if (hi < d) {
    uint64_t q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(static_cast<uint64_t>(product)), "d"(hi), "rm"(d) : "cc");
    return static_cast<Milligrams>(q);
  }
#endif
  return static_cast<Milligrams>(product / static_cast<unsigned __int128>(den));
}

// The share helpers write into `out` (its old contents replaced, its
// capacity kept: a recompute of a computed book allocates almost nothing)
// and leave out zero shares.

// Component-wise floor(v × after / whole) - floor(v × before / whole): what
// a withdrawal of the lot's [before, after) takes of each share.
void TakenSharesInto(const ShareVector& v, Milligrams before, Milligrams after, Milligrams whole, ShareVector& out) {
  out.clear();
  for (const auto& [k, mg] : v) {
    const Milligrams upto = after == whole ? mg : FloorScale(mg, after, whole);
    const Milligrams taken = upto - (before == 0 ? 0 : FloorScale(mg, before, whole));
    if (taken != 0) out.emplace_back(k, taken);
  }
}

// Component-wise floor(v × num / den).
void FloorScaleSharesInto(const ShareVector& v, Milligrams num, Milligrams den, ShareVector& out) {
  out.clear();
  const bool whole = num == den && den > 0;
  for (const auto& [k, mg] : v) {
    const Milligrams part = whole ? mg : FloorScale(mg, num, den);
    if (part != 0) out.emplace_back(k, part);
  }
}

// Adds `mg` to key `key` of the sorted vector `a`.
void AddOne(ShareVector& a, uint32_t key, Milligrams mg) {
  auto it = std::lower_bound(a.begin(), a.end(), key, [](const Share& s, uint32_t k) { return s.first < k; });
  if (it != a.end() && it->first == key) {
    it->second += mg;
  } else {
    a.insert(it, {key, mg});
  }
}

// Sorted distinct element names. The views point into lots' grades and
// figures and flows' elements that the computation of one node leaves alone
// (a flow writes only its own elements, a lot only its own figures).
using ElementNames = std::vector<std::string_view>;
void SortUnique(ElementNames& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// The distinct lots among a flow's inputs that satisfy `pred` (a lot named
// twice counts once): a linear scan for the usual few inputs, sorting for many.
template <typename Pred>
uint32_t DistinctInputLots(const std::vector<FlowInput>& inputs, Pred pred) {
  std::vector<uint32_t> ids;
  ids.reserve(inputs.size());
  for (const FlowInput& in : inputs) {
    if (pred(in.lot)) ids.push_back(in.lot);
  }
  if (ids.size() > 16) {
    std::sort(ids.begin(), ids.end());
    return static_cast<uint32_t>(std::unique(ids.begin(), ids.end()) - ids.begin());
  }
  uint32_t n = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    const auto end = ids.begin() + static_cast<std::ptrdiff_t>(i);
    n += std::find(ids.begin(), end, ids[i]) == end ? 1 : 0;
  }
  return n;
}

// Apportion, for weights the callers have checked (non-negative, not all
// zero); an error would be a bug here, and leaves every part zero.
std::vector<int64_t> Parts(int64_t total, const std::vector<int64_t>& weights) {
  auto parts = Apportion(total, weights);
  return parts.ok() ? std::move(*parts) : std::vector<int64_t>(weights.size(), 0);
}

// `total` split over the keys of `weights` in proportion (largest remainder).
void ApportionSharesInto(Milligrams total, const ShareVector& weights, ShareVector& out) {
  out.clear();
  if (total <= 0) return;
  const Milligrams sum = SumShares(weights);
  if (sum <= 0) {
    out.emplace_back(kUnknownOrigin, total);
    return;
  }
  if (sum == total) {
    for (const Share& x : weights) {
      if (x.second > 0) out.push_back(x);
    }
    return;
  }
  std::vector<int64_t> w;
  w.reserve(weights.size());
  for (const auto& x : weights) w.push_back(x.second);
  std::vector<int64_t> parts = Parts(total, w);
  for (size_t i = 0; i < weights.size(); ++i) {
    if (parts[i] > 0) out.emplace_back(weights[i].first, parts[i]);
  }
}

void DropZeros(ShareVector& v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](const Share& s) { return s.second == 0; }), v.end());
}

// Raises facet `key` of `v` to at least `mg` (a facet counts metal that
// passed a stage in a country; it is never more than the whole).
void RaiseFacet(ShareVector& v, uint32_t key, Milligrams mg) {
  auto it = std::lower_bound(v.begin(), v.end(), key, [](const Share& s, uint32_t k) { return s.first < k; });
  if (it != v.end() && it->first == key) {
    it->second = std::max(it->second, mg);
  } else {
    v.insert(it, {key, mg});
  }
}

std::optional<Stage> StageOfRole(std::string_view role) {
  if (role == "mine") return Stage::kMined;
  if (role == "concentrator" || role == "blending_yard") return Stage::kProcessed;
  if (role == "separation_plant") return Stage::kSeparated;
  if (role == "refinery") return Stage::kRefined;
  if (role == "magnet_plant") return Stage::kProduced;
  return std::nullopt;
}

const ElementFigures* FindElement(const Lot& lot, std::string_view element) {
  for (const ElementFigures& f : lot.figures) {
    if (f.element == element) return &f;
  }
  return nullptr;
}

std::optional<Nano> Grade(const Lot& lot, std::string_view element) {
  auto it = lot.grades.find(element);
  if (it == lot.grades.end()) return std::nullopt;
  return it->second.fraction;
}

bool IsGradeElement(std::string_view e) { return e != "H2O"; }

// Marks a node on or downstream of a cycle: no figures. A lot's wet mass
// needs no figures (it is the sum of its sources), and later flows take
// from the lot by it, so it stays computed.
void MarkCycle(Lot& lot) {
  lot.wet = 0;
  for (const Contribution& c : lot.sources) lot.wet += c.wet;
  lot.figures.clear();
  lot.cycle = true;
}
void MarkCycle(Flow& fl) {
  fl.taken_wet.assign(fl.inputs.size(), 0);
  fl.elements.clear();
  fl.cycle = true;
}
bool FedByCycle(const Flow& fl, const std::vector<Lot>& lots) {
  return std::any_of(fl.inputs.begin(), fl.inputs.end(), [&](const FlowInput& in) { return lots[in.lot].cycle; });
}
bool FedByCycle(const Lot& lot, const std::vector<Flow>& flows) {
  return std::any_of(lot.sources.begin(), lot.sources.end(),
                     [&](const Contribution& c) { return c.flow != kNone && flows[c.flow].cycle; });
}

}  // namespace

void AddShares(ShareVector& a, const ShareVector& b) {
  if (a.empty()) {
    a.assign(b.begin(), b.end());
    return;
  }
  // In place when every key of b is already in a (the usual case: the same
  // few origins and facets flow through a chain); else a merge into a copy.
  bool subset = true;
  for (size_t i = 0, j = 0; j < b.size(); ++j, ++i) {
    while (i < a.size() && a[i].first < b[j].first) ++i;
    if (i == a.size() || a[i].first != b[j].first) {
      subset = false;
      break;
    }
  }
  if (subset) {
    for (size_t i = 0, j = 0; j < b.size(); ++j, ++i) {
      while (a[i].first < b[j].first) ++i;
      a[i].second += b[j].second;
    }
    return;
  }
  // The merge goes to a scratch vector that then trades buffers with `a`,
  // so that steady state allocates nothing.
  thread_local ShareVector out;
  out.clear();
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].first < a[i].first) {
      out.push_back(b[j++]);
    } else {
      out.emplace_back(a[i].first, a[i].second + b[j].second);
      ++i;
      ++j;
    }
  }
  a.swap(out);
}

Milligrams SumShares(const ShareVector& v) {
  Milligrams s = 0;
  for (const auto& x : v) s += x.second;
  return s;
}

uint32_t Book::Impl::CommissioningOrigin(const Contribution& c) const {
  const SiteFacts* site = Site(c.site);
  const bool mine = site != nullptr && site->role == "mine" && !facts[c.fact].origin_undisclosed;
  return mine ? c.site + 1 : kUnknownOrigin;
}

Milligrams Book::Impl::DryOf(const Lot& lot, Milligrams wet) const {
  auto moisture = Grade(lot, "H2O");
  return moisture ? DryMass(wet, *moisture) : wet;
}

void Book::Impl::ComputeFlow(uint32_t index) {
  Flow& fl = flows[index];
  const EventFacts& f = facts[fl.fact];
  const SiteFacts* site = Site(fl.site);
  fl.coc_model = !f.coc_model.empty() ? f.coc_model
                 : site != nullptr && !site->coc_model.empty() ? site->coc_model
                                                              : config.default_coc_model;
  fl.cycle = false;
  // Wet mass each input takes: its quantity, or what remained of the lot,
  // with the lot's earlier withdrawals in log order; capped at the lot.
  fl.taken_wet.assign(fl.inputs.size(), 0);
  std::vector<std::pair<Milligrams, Milligrams>> cumulative(fl.inputs.size());  // before, after
  for (size_t i = 0; i < fl.inputs.size(); ++i) {
    const Lot& lot = lots[fl.inputs[i].lot];
    Milligrams before = 0;
    for (const Withdrawal& w : lot.withdrawals) {
      if (w.flow == index && w.input == i) break;
      const FlowInput& other = flows[w.flow].inputs[w.input];
      before += other.wet ? *other.wet : std::max<Milligrams>(0, lot.wet - before);
      before = std::min(before, lot.wet);
    }
    Milligrams after = fl.inputs[i].wet ? before + *fl.inputs[i].wet : lot.wet;
    after = std::min(std::max(after, before), lot.wet);
    cumulative[i] = {before, after};
    fl.taken_wet[i] = after - before;
  }
  // Elements: those of the inputs, and those assayed on the outputs.
  ElementNames elements;
  for (const FlowInput& in : fl.inputs) {
    for (const ElementFigures& e : lots[in.lot].figures) elements.push_back(e.element);
  }
  for (const FlowOutput& out : fl.outputs) {
    for (const auto& [e, g] : lots[out.lot].grades) {
      if (IsGradeElement(e)) elements.push_back(e);
    }
  }
  SortUnique(elements);
  const std::optional<Stage> stage = site != nullptr ? StageOfRole(site->role) : std::nullopt;
  // FlowElements are reused in place (their vectors keep their capacity).
  size_t used = 0;
  thread_local ShareVector mix_origin, mix_exposure, pool;
  thread_local std::vector<int64_t> unmeasured_weights, left;
  for (const std::string_view e : elements) {
    if (used == fl.elements.size()) fl.elements.emplace_back();
    FlowElement& fe = fl.elements[used++];
    fe.element.assign(e.data(), e.size());
    mix_origin.clear();
    mix_exposure.clear();
    fe.taken_origin.resize(fl.inputs.size());
    fe.taken_exposure.resize(fl.inputs.size());
    for (size_t i = 0; i < fl.inputs.size(); ++i) {
      const Lot& lot = lots[fl.inputs[i].lot];
      const ElementFigures* fig = FindElement(lot, e);
      ShareVector& origin = fe.taken_origin[i];
      ShareVector& exposure = fe.taken_exposure[i];
      origin.clear();
      exposure.clear();
      if (fig != nullptr) {
        const Milligrams whole = lot.wet;
        if (whole > 0) {
          const auto [before, after] = cumulative[i];
          TakenSharesInto(fig->origin, before, after, whole, origin);
          TakenSharesInto(fig->exposure, before, after, whole, exposure);
        } else if (const Withdrawal& first = lot.withdrawals.front(); first.flow == index && first.input == i) {
          origin = fig->origin;  // a lot of unknown mass is taken whole, by its first withdrawal
          exposure = fig->exposure;
          DropZeros(origin);
          DropZeros(exposure);
        }  // (later ones find it empty: taking it whole again would duplicate its metal)
      }
      AddShares(mix_origin, origin);
      AddShares(mix_exposure, exposure);
    }
    const Milligrams mix_total = SumShares(mix_origin);
    // Outputs: measured ones from their own assay; the rest share what the
    // inputs brought minus the measured outputs, by wet mass.
    const size_t n = fl.outputs.size();
    fe.output_contained.assign(n, 0);
    fe.output_measured.assign(n, false);
    Milligrams measured_total = 0;
    unmeasured_weights.assign(n, 0);
    for (size_t j = 0; j < n; ++j) {
      const Lot& lot = lots[fl.outputs[j].lot];
      if (auto g = Grade(lot, e)) {
        fe.output_measured[j] = true;
        fe.output_contained[j] = Contained(DryOf(lot, fl.outputs[j].wet), *g);
        measured_total += fe.output_contained[j];
      } else {
        unmeasured_weights[j] = fl.outputs[j].wet;
      }
    }
    const Milligrams remainder = std::max<Milligrams>(0, mix_total - measured_total);
    bool any_unmeasured = false;
    for (size_t j = 0; j < n; ++j) any_unmeasured |= !fe.output_measured[j];
    if (any_unmeasured) {
      int64_t weight_sum = 0;
      for (int64_t w : unmeasured_weights) weight_sum += w;
      if (weight_sum == 0) {  // outputs of unknown mass: equal parts
        for (size_t j = 0; j < n; ++j) unmeasured_weights[j] = fe.output_measured[j] ? 0 : 1;
      }
      std::vector<int64_t> parts = Parts(remainder, unmeasured_weights);
      for (size_t j = 0; j < n; ++j) {
        if (!fe.output_measured[j]) fe.output_contained[j] = parts[j];
      }
    }
    // Origins: a measured output in proportion to the mix; the unmeasured
    // outputs share a pool (the mix's origins scaled to what they hold)
    // one after the other, each taking its part of what is left, so that
    // every origin's milligrams across them add up to the pool's exactly
    // (apportioning each output on its own could move a milligram from one
    // origin to another at every output).
    Milligrams unmeasured_total = 0;
    for (size_t j = 0; j < n; ++j) unmeasured_total += fe.output_measured[j] ? 0 : fe.output_contained[j];
    ApportionSharesInto(unmeasured_total, mix_origin, pool);
    left.clear();
    for (const auto& x : pool) left.push_back(x.second);
    fe.output_origin.resize(n);
    fe.output_exposure.resize(n);
    for (size_t j = 0; j < n; ++j) {
      const Milligrams c = fe.output_contained[j];
      ShareVector& origin = fe.output_origin[j];
      if (fe.output_measured[j]) {
        ApportionSharesInto(c, mix_origin, origin);
      } else {
        // c <= sum(left), so no part exceeds what is left of its origin.
        origin.clear();
        if (c > 0) {
          std::vector<int64_t> parts = Parts(c, left);
          for (size_t k = 0; k < pool.size(); ++k) {
            left[k] -= parts[k];
            if (parts[k] > 0) origin.emplace_back(pool[k].first, parts[k]);
          }
        }
      }
      ShareVector& exposure = fe.output_exposure[j];
      if (mix_total > 0) {
        FloorScaleSharesInto(mix_exposure, c, mix_total, exposure);
      } else {
        exposure.clear();
      }
      if (stage && site != nullptr && !site->country.empty() && c > 0) {
        RaiseFacet(exposure, FacetKey(*stage, site->country), c);
      }
    }
  }
  fl.elements.resize(used);
}

void Book::Impl::ComputeLot(uint32_t index) {
  Lot& lot = lots[index];
  lot.cycle = false;
  lot.wet = 0;
  for (const Contribution& c : lot.sources) lot.wet += c.wet;
  ElementNames elements;
  for (const auto& [e, g] : lot.grades) {
    if (IsGradeElement(e)) elements.push_back(e);
  }
  for (const Contribution& c : lot.sources) {
    if (c.flow == kNone) continue;
    for (const FlowElement& fe : flows[c.flow].elements) elements.push_back(fe.element);
  }
  SortUnique(elements);
  // ElementFigures are reused in place (their vectors keep their capacity).
  size_t used = 0;
  thread_local ShareVector origin, exposure;
  for (const std::string_view e : elements) {
    const std::optional<Nano> grade = Grade(lot, e);
    origin.clear();
    exposure.clear();
    for (const Contribution& c : lot.sources) {
      if (c.flow == kNone) {
        if (!grade) continue;  // a commissioning with no assay brings no known metal
        const Milligrams mg = Contained(DryOf(lot, c.wet), *grade);
        const uint32_t key = CommissioningOrigin(c);
        AddOne(origin, key, mg);
        const SiteFacts* site = Site(c.site);
        if (key != kUnknownOrigin && !site->country.empty() && mg > 0) {
          AddOne(exposure, FacetKey(Stage::kMined, site->country), mg);
        }
        continue;
      }
      for (const FlowElement& fe : flows[c.flow].elements) {
        if (fe.element != e) continue;
        AddShares(origin, fe.output_origin[c.output]);
        AddShares(exposure, fe.output_exposure[c.output]);
      }
    }
    if (used == lot.figures.size()) lot.figures.emplace_back();
    ElementFigures& fig = lot.figures[used++];
    fig.element.assign(e.data(), e.size());
    const Milligrams brought = SumShares(origin);
    if (grade) {
      fig.measured = true;
      fig.contained = Contained(DryOf(lot, lot.wet), *grade);
      ApportionSharesInto(fig.contained, origin, fig.origin);
      if (brought > 0) {
        FloorScaleSharesInto(exposure, fig.contained, brought, fig.exposure);
      } else {
        fig.exposure.clear();
      }
    } else {
      fig.measured = false;
      fig.contained = brought;
      fig.origin = origin;
      fig.exposure = exposure;
    }
    DropZeros(fig.origin);
  }
  lot.figures.resize(used);
}

// Recomputes the given lots and everything downstream of them, each node
// after all of its dirty predecessors (Kahn's algorithm on the dirty
// subgraph). Nodes left over sit on or downstream of a cycle of flows:
// their figures are emptied and they are marked (a red flag reports them).
// A node fed by a marked node outside the dirty subgraph is marked too, so
// that "on or downstream of a cycle" does not depend on which nodes a fact
// made dirty: incremental and full computation mark the same nodes.
void Book::Impl::ComputeFrom(const std::vector<uint32_t>& start_lots, const std::vector<uint32_t>& start_flows) {
  std::vector<char> lot_dirty(lots.size(), 0), flow_dirty(flows.size(), 0);
  std::vector<uint32_t> dirty_lots, dirty_flows;
  std::deque<std::pair<bool, uint32_t>> queue;  // (is_flow, index) to expand downstream
  auto mark_lot = [&](uint32_t l) {
    if (lot_dirty[l]) return;
    lot_dirty[l] = 1;
    dirty_lots.push_back(l);
    queue.emplace_back(false, l);
  };
  auto mark_flow = [&](uint32_t f) {
    if (flow_dirty[f]) return;
    flow_dirty[f] = 1;
    dirty_flows.push_back(f);
    queue.emplace_back(true, f);
  };
  for (uint32_t l : start_lots) mark_lot(l);
  for (uint32_t f : start_flows) mark_flow(f);
  while (!queue.empty()) {
    const auto [is_flow, i] = queue.front();
    queue.pop_front();
    if (is_flow) {
      for (const FlowOutput& o : flows[i].outputs) mark_lot(o.lot);
    } else {
      for (const Withdrawal& w : lots[i].withdrawals) mark_flow(w.flow);
    }
  }
  // In-degrees within the dirty subgraph.
  std::vector<uint32_t> lot_deg(lots.size(), 0), flow_deg(flows.size(), 0);
  for (uint32_t f : dirty_flows) {
    flow_deg[f] = DistinctInputLots(flows[f].inputs, [&](uint32_t lot) { return lot_dirty[lot] != 0; });
    for (const FlowOutput& o : flows[f].outputs) ++lot_deg[o.lot];
  }
  // A lot's in-degree counts each (flow, output) once; a flow listing the
  // same output lot twice is decremented twice below, consistently.
  std::deque<std::pair<bool, uint32_t>> ready;  // (is_flow, index)
  for (uint32_t l : dirty_lots) {
    if (lot_deg[l] == 0) ready.emplace_back(false, l);
  }
  for (uint32_t f : dirty_flows) {
    if (flow_deg[f] == 0) ready.emplace_back(true, f);
  }
  size_t done = 0;
  while (!ready.empty()) {
    const auto [is_flow, i] = ready.front();
    ready.pop_front();
    ++done;
    if (is_flow) {
      if (FedByCycle(flows[i], lots)) {
        MarkCycle(flows[i]);
      } else {
        ComputeFlow(i);
      }
      for (const FlowOutput& o : flows[i].outputs) {
        if (lot_dirty[o.lot] && --lot_deg[o.lot] == 0) ready.emplace_back(false, o.lot);
      }
    } else {
      if (FedByCycle(lots[i], flows)) {
        MarkCycle(lots[i]);
      } else {
        ComputeLot(i);
      }
      // A flow's withdrawals from one lot are adjacent (Fold appends all of
      // a flow's inputs at once): count the flow once per lot.
      const std::vector<Withdrawal>& ws = lots[i].withdrawals;
      for (size_t k = 0; k < ws.size(); ++k) {
        if (k > 0 && ws[k - 1].flow == ws[k].flow) continue;
        if (flow_dirty[ws[k].flow] && --flow_deg[ws[k].flow] == 0) ready.emplace_back(true, ws[k].flow);
      }
    }
  }
  if (done == dirty_lots.size() + dirty_flows.size()) return;
  for (uint32_t l : dirty_lots) {
    if (lot_deg[l] > 0) MarkCycle(lots[l]);
  }
  for (uint32_t f : dirty_flows) {
    if (flow_deg[f] > 0) MarkCycle(flows[f]);
  }
}

void Book::Impl::ComputeAll() {
  std::vector<uint32_t> all_lots(lots.size()), all_flows(flows.size());
  for (uint32_t i = 0; i < all_lots.size(); ++i) all_lots[i] = i;
  for (uint32_t i = 0; i < all_flows.size(); ++i) all_flows[i] = i;
  ComputeFrom(all_lots, all_flows);
}

}  // namespace orelog::custody
