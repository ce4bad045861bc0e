// Contained metal, origin attribution and exposure of lots and flows
// (docs/custody.md "Figures"). Every figure is an integer number of
// milligrams; the only divisions are floor divisions of exact products
// (__int128) and largest-remainder apportionment, so the result does not
// depend on the order in which nodes are computed.
#include <algorithm>
#include <atomic>
#include <deque>
#include <thread>
#include <string_view>

#include "custody/book_impl.h"
#include "custody/share_math.h"

namespace orelog::custody {
namespace {

// Distinct element keys, sorted by element name (the order of a node's
// figures: keys are interned in arrival order, names are not).
using ElementKeys = std::vector<uint32_t>;
void SortUnique(ElementKeys& v, const std::vector<std::string>& names) {
  if (v.size() > 1) {
    std::sort(v.begin(), v.end(), [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
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

std::optional<Stage> StageOfRole(std::string_view role) {
  if (role == "mine") return Stage::kMined;
  if (role == "concentrator" || role == "blending_yard") return Stage::kProcessed;
  if (role == "separation_plant") return Stage::kSeparated;
  if (role == "refinery") return Stage::kRefined;
  if (role == "magnet_plant") return Stage::kProduced;
  return std::nullopt;
}

const ElementFigures* FindElement(const Book::Impl& b, const Lot& lot, uint32_t element) {
  for (const ElementFigures& f : b.Figures(lot)) {
    if (f.element == element) return &f;
  }
  return nullptr;
}

std::optional<Nano> Grade(const Lot& lot, uint32_t element) {
  const LotGrade* g = lot.GradeOf(element);
  if (g == nullptr) return std::nullopt;
  return g->fraction;
}

// Marks a node on or downstream of a cycle: no figures. A lot's wet mass
// needs no figures (it is the sum of its sources), and later flows take
// from the lot by it, so it stays computed.
void MarkCycle(Book::Impl& b, Lot& lot) {
  lot.wet = 0;
  for (const Contribution& c : lot.sources) lot.wet += c.wet;
  b.figures.Resize(lot.figures, 0);
  lot.cycle = true;
}
void MarkCycle(Book::Impl& b, Flow& fl) {
  for (FlowInput& in : fl.inputs) in.taken_before = in.taken = 0;
  b.flow_elements.Resize(fl.elements, 0);
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

uint32_t Book::Impl::ThreadsFor(size_t nodes) const {
  if (nodes < config.parallel_nodes) return 1;
  const int configured = config.compute_threads;
  const uint32_t n = configured > 0 ? static_cast<uint32_t>(configured) : std::thread::hardware_concurrency();
  return std::clamp<uint32_t>(n, 1, kArenaSlots);
}

void Book::Impl::InternFacet(const SiteFacts& site) {
  if (site.country.empty()) return;
  if (const std::optional<Stage> stage = StageOfRole(site.role)) FacetKey(*stage, site.country);
}

uint32_t Book::Impl::CommissioningOrigin(const Contribution& c) const {
  const SiteFacts* site = Site(c.site);
  const bool mine = site != nullptr && site->role == "mine" && !facts[c.fact].origin_undisclosed;
  return mine ? c.site + 1 : kUnknownOrigin;
}

Milligrams Book::Impl::DryOf(const Lot& lot, Milligrams wet) const {
  auto moisture = Grade(lot, moisture_key);
  return moisture ? DryMass(wet, *moisture) : wet;
}

void Book::Impl::TakenInto(uint32_t flow, size_t input, uint32_t element, ShareVector* origin,
                           ShareVector* exposure) const {
  if (origin != nullptr) origin->clear();
  if (exposure != nullptr) exposure->clear();
  const FlowInput& in = flows[flow].inputs[input];
  const Lot& lot = lots[in.lot];
  const ElementFigures* fig = FindElement(*this, lot, element);
  if (fig == nullptr) return;
  const Milligrams whole = lot.wet;
  thread_local ShareVector held;
  if (whole > 0) {
    const Milligrams before = in.taken_before, after = in.taken_before + in.taken;
    if (origin != nullptr) {
      shares.Get(fig->origin, held);
      TakenSharesInto(held, before, after, whole, *origin);
    }
    if (exposure != nullptr) {
      shares.Get(fig->exposure, held);
      TakenSharesInto(held, before, after, whole, *exposure);
      // A facet's floor difference can exceed the sum of the origins' floor
      // differences (a floor of a sum against a sum of floors): 2 mg of one
      // country from two mines, taken a third at a time, gives the middle
      // withdrawal 0 mg of metal but 1 mg of that country. No facet holds
      // more than the metal taken.
      thread_local ShareVector taken;
      Milligrams total = 0;
      if (origin != nullptr) {
        total = SumShares(*origin);
      } else {
        shares.Get(fig->origin, held);
        TakenSharesInto(held, before, after, whole, taken);
        total = SumShares(taken);
      }
      for (auto& share : *exposure) share.second = std::min(share.second, total);
      DropZeros(*exposure);
    }
  } else if (const Withdrawal& first = lot.withdrawals.front(); first.flow == flow && first.input == input) {
    // A lot of unknown mass is taken whole, by its first withdrawal (later
    // ones find it empty: taking it whole again would duplicate its metal).
    if (origin != nullptr) {
      shares.Get(fig->origin, *origin);
      DropZeros(*origin);
    }
    if (exposure != nullptr) {
      shares.Get(fig->exposure, *exposure);
      DropZeros(*exposure);
    }
  }
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
    fl.inputs[i].taken_before = before;
    fl.inputs[i].taken = after - before;
  }
  // Elements: those of the inputs, and those assayed on the outputs.
  thread_local ElementKeys elements;
  elements.clear();
  for (const FlowInput& in : fl.inputs) {
    for (const ElementFigures& e : Figures(lots[in.lot])) elements.push_back(e.element);
  }
  for (const FlowOutput& out : fl.outputs) {
    for (const LotGrade& g : lots[out.lot].grades) {
      if (g.element != moisture_key) elements.push_back(g.element);
    }
  }
  SortUnique(elements, element_names);
  const std::optional<Stage> stage = site != nullptr ? StageOfRole(site->role) : std::nullopt;
  // Records and share runs are reused in place (run_arena.h): a recompute
  // of a computed flow allocates nothing.
  flow_elements.Resize(fl.elements, static_cast<uint32_t>(elements.size()));
  const std::span<FlowElement> fes = flow_elements.Mutable(fl.elements);
  const size_t n = fl.outputs.size();
  thread_local ShareVector mix_origin, mix_exposure, pool, taken_origin, taken_exposure, scratch;
  thread_local std::vector<int64_t> unmeasured_weights, left, parts;
  for (size_t k = 0; k < elements.size(); ++k) {
    const uint32_t e = elements[k];
    FlowElement& fe = fes[k];
    fe.element = e;
    mix_origin.clear();
    mix_exposure.clear();
    for (size_t i = 0; i < fl.inputs.size(); ++i) {
      TakenInto(index, i, e, &taken_origin, &taken_exposure);
      AddShares(mix_origin, taken_origin);
      AddShares(mix_exposure, taken_exposure);
    }
    const Milligrams mix_total = SumShares(mix_origin);
    // Outputs: measured ones from their own assay; the rest share what the
    // inputs brought minus the measured outputs, by wet mass.
    figures.Resize(fe.outputs, static_cast<uint32_t>(n));
    const std::span<ElementFigures> outs = figures.Mutable(fe.outputs);
    Milligrams measured_total = 0;
    unmeasured_weights.assign(n, 0);
    bool any_unmeasured = false;
    for (size_t j = 0; j < n; ++j) {
      const Lot& lot = lots[fl.outputs[j].lot];
      ElementFigures& out = outs[j];
      out.element = e;
      if (auto g = Grade(lot, e)) {
        out.measured = true;
        out.contained = Contained(DryOf(lot, fl.outputs[j].wet), *g);
        measured_total += out.contained;
      } else {
        out.measured = false;
        out.contained = 0;
        unmeasured_weights[j] = fl.outputs[j].wet;
        any_unmeasured = true;
      }
    }
    const Milligrams remainder = std::max<Milligrams>(0, mix_total - measured_total);
    if (any_unmeasured) {
      int64_t weight_sum = 0;
      for (int64_t w : unmeasured_weights) weight_sum += w;
      if (weight_sum == 0) {  // outputs of unknown mass: equal parts
        for (size_t j = 0; j < n; ++j) unmeasured_weights[j] = outs[j].measured ? 0 : 1;
      }
      PartsInto(remainder, unmeasured_weights, parts);
      for (size_t j = 0; j < n; ++j) {
        if (!outs[j].measured) outs[j].contained = parts[j];
      }
    }
    // Origins: a measured output in proportion to the mix; the unmeasured
    // outputs share a pool (the mix's origins scaled to what they hold)
    // one after the other, each taking its part of what is left, so that
    // every origin's milligrams across them add up to the pool's exactly
    // (apportioning each output on its own could move a milligram from one
    // origin to another at every output).
    Milligrams unmeasured_total = 0;
    for (size_t j = 0; j < n; ++j) unmeasured_total += outs[j].measured ? 0 : outs[j].contained;
    ApportionSharesInto(unmeasured_total, mix_origin, pool);
    left.clear();
    for (const auto& x : pool) left.push_back(x.second);
    for (size_t j = 0; j < n; ++j) {
      ElementFigures& out = outs[j];
      const Milligrams c = out.contained;
      if (out.measured) {
        ApportionSharesInto(c, mix_origin, scratch);
      } else {
        // c <= sum(left), so no part exceeds what is left of its origin.
        scratch.clear();
        if (c > 0) {
          PartsInto(c, left, parts);
          for (size_t k2 = 0; k2 < pool.size(); ++k2) {
            left[k2] -= parts[k2];
            if (parts[k2] > 0) scratch.emplace_back(pool[k2].first, parts[k2]);
          }
        }
      }
      shares.Assign(out.origin, scratch);
      if (mix_total > 0) {
        FloorScaleSharesInto(mix_exposure, c, mix_total, scratch);
      } else {
        scratch.clear();
      }
      if (stage && site != nullptr && !site->country.empty() && c > 0) {
        RaiseFacet(scratch, InternedFacetKey(*stage, site->country), c);
      }
      shares.Assign(out.exposure, scratch);
    }
  }
}

void Book::Impl::ComputeLot(uint32_t index) {
  Lot& lot = lots[index];
  lot.cycle = false;
  lot.wet = 0;
  for (const Contribution& c : lot.sources) lot.wet += c.wet;
  thread_local ElementKeys elements;
  elements.clear();
  for (const LotGrade& g : lot.grades) {
    if (g.element != moisture_key) elements.push_back(g.element);
  }
  for (const Contribution& c : lot.sources) {
    if (c.flow == kNone) continue;
    for (const FlowElement& fe : Elements(flows[c.flow])) elements.push_back(fe.element);
  }
  SortUnique(elements, element_names);
  // Records and share runs are reused in place (run_arena.h).
  figures.Resize(lot.figures, static_cast<uint32_t>(elements.size()));
  const std::span<ElementFigures> figs = figures.Mutable(lot.figures);
  thread_local ShareVector origin, exposure, scratch, held;
  for (size_t k = 0; k < elements.size(); ++k) {
    const uint32_t e = elements[k];
    const std::optional<Nano> grade = Grade(lot, e);
    ElementFigures& fig = figs[k];
    fig.element = e;
    if (!grade) {
      // Unassayed: the sum of what the flows brought. From a single output,
      // that is the output's figures themselves (a flow output's origin has
      // no zero shares), shared rather than copied.
      const ElementFigures* single = nullptr;
      int carriers = 0;
      for (const Contribution& c : lot.sources) {
        if (c.flow == kNone) continue;
        for (const FlowElement& fe : Elements(flows[c.flow])) {
          if (fe.element != e) continue;
          single = &Outputs(fe)[c.output];
          ++carriers;
        }
      }
      if (carriers == 1) {
        fig.measured = false;
        fig.shared = true;  // (runs this record owned before, if any, become garbage: run_arena.h)
        fig.origin = single->origin;
        fig.exposure = single->exposure;
        fig.contained = shares.Sum(fig.origin);
        continue;
      }
    }
    if (fig.shared) {  // needs runs of its own again
      fig.shared = false;
      fig.origin = Run{};
      fig.exposure = Run{};
    }
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
          AddOne(exposure, InternedFacetKey(Stage::kMined, site->country), mg);
        }
        continue;
      }
      for (const FlowElement& fe : Elements(flows[c.flow])) {
        if (fe.element != e) continue;
        const ElementFigures& out = Outputs(fe)[c.output];
        shares.Get(out.origin, held);
        AddShares(origin, held);
        shares.Get(out.exposure, held);
        AddShares(exposure, held);
      }
    }
    const Milligrams brought = SumShares(origin);
    if (grade) {
      fig.measured = true;
      fig.contained = Contained(DryOf(lot, lot.wet), *grade);
      ApportionSharesInto(fig.contained, origin, scratch);
      DropZeros(scratch);
      shares.Assign(fig.origin, scratch);
      if (brought > 0) {
        FloorScaleSharesInto(exposure, fig.contained, brought, scratch);
      } else {
        scratch.clear();
      }
      shares.Assign(fig.exposure, scratch);
    } else {
      fig.measured = false;
      fig.contained = brought;
      DropZeros(origin);
      shares.Assign(fig.origin, origin);
      shares.Assign(fig.exposure, exposure);
    }
  }
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
  ComputeDirty(lot_dirty, flow_dirty, dirty_lots, dirty_flows);
}

void Book::Impl::ComputeDirty(const std::vector<char>& lot_dirty, const std::vector<char>& flow_dirty,
                              const std::vector<uint32_t>& dirty_lots, const std::vector<uint32_t>& dirty_flows) {
  // In-degrees within the dirty subgraph.
  std::vector<uint32_t> lot_deg(lots.size(), 0), flow_deg(flows.size(), 0);
  for (uint32_t f : dirty_flows) {
    flow_deg[f] = DistinctInputLots(flows[f].inputs, [&](uint32_t lot) { return lot_dirty[lot] != 0; });
    for (const FlowOutput& o : flows[f].outputs) ++lot_deg[o.lot];
  }
  // A lot's in-degree counts each (flow, output) once; a flow listing the
  // same output lot twice is decremented twice below, consistently.
  using Node = std::pair<bool, uint32_t>;  // (is_flow, index)
  std::vector<Node> initial;
  for (uint32_t l : dirty_lots) {
    if (lot_deg[l] == 0) initial.emplace_back(false, l);
  }
  for (uint32_t f : dirty_flows) {
    if (flow_deg[f] == 0) initial.emplace_back(true, f);
  }
  // Kahn's algorithm on one or more threads. A node is computed by the
  // thread that finished its last dirty predecessor (the in-degree's atomic
  // decrement orders every predecessor's writes before it), or, for a node
  // with none, by the thread that takes it from `initial`. Each thread takes
  // its ready nodes last in, first out: a node made ready is computed next,
  // while what it reads (the node just computed) is still in cache, so a
  // full recompute follows each chain downstream instead of sweeping the
  // whole book once per layer. Figures do not depend on the order.
  constexpr size_t kGrab = 64;  // initial nodes a thread takes at a time
  std::atomic<size_t> next_initial{0}, done{0};
  auto work = [&](uint32_t slot) {
    ArenaSlot arena_slot(slot);
    std::vector<Node> ready;
    size_t computed = 0;
    for (;;) {
      if (ready.empty()) {
        const size_t k = next_initial.fetch_add(kGrab, std::memory_order_relaxed);
        if (k >= initial.size()) break;
        const size_t end = std::min(initial.size(), k + kGrab);
        for (size_t j = end; j > k; --j) ready.push_back(initial[j - 1]);
      }
      const auto [is_flow, i] = ready.back();
      ready.pop_back();
      ++computed;
      if (is_flow) {
        if (FedByCycle(flows[i], lots)) {
          MarkCycle(*this, flows[i]);
        } else {
          ComputeFlow(i);
        }
        for (const FlowOutput& o : flows[i].outputs) {
          if (lot_dirty[o.lot] && std::atomic_ref(lot_deg[o.lot]).fetch_sub(1, std::memory_order_acq_rel) == 1) {
            ready.emplace_back(false, o.lot);
          }
        }
      } else {
        if (FedByCycle(lots[i], flows)) {
          MarkCycle(*this, lots[i]);
        } else {
          ComputeLot(i);
        }
        // A flow's withdrawals from one lot are adjacent (Fold appends all of
        // a flow's inputs at once): count the flow once per lot.
        const std::vector<Withdrawal>& ws = lots[i].withdrawals;
        for (size_t k = 0; k < ws.size(); ++k) {
          if (k > 0 && ws[k - 1].flow == ws[k].flow) continue;
          const uint32_t f = ws[k].flow;
          if (flow_dirty[f] && std::atomic_ref(flow_deg[f]).fetch_sub(1, std::memory_order_acq_rel) == 1) {
            ready.emplace_back(true, f);
          }
        }
      }
    }
    done.fetch_add(computed, std::memory_order_relaxed);
  };
  const size_t nodes = dirty_lots.size() + dirty_flows.size();
  const uint32_t threads = ThreadsFor(nodes);
  std::vector<std::thread> helpers;
  for (uint32_t t = 1; t < threads; ++t) helpers.emplace_back(work, t);
  work(0);
  for (std::thread& t : helpers) t.join();
  if (done.load() == nodes) return;
  for (uint32_t l : dirty_lots) {
    if (lot_deg[l] > 0) MarkCycle(*this, lots[l]);
  }
  for (uint32_t f : dirty_flows) {
    if (flow_deg[f] > 0) MarkCycle(*this, flows[f]);
  }
}

void Book::Impl::ComputeAll() {
  // Every node is dirty, in index order: what ComputeFrom's marking walk
  // gives when it starts from every node, without the walk.
  std::vector<uint32_t> all_lots(lots.size()), all_flows(flows.size());
  for (uint32_t i = 0; i < all_lots.size(); ++i) all_lots[i] = i;
  for (uint32_t i = 0; i < all_flows.size(); ++i) all_flows[i] = i;
  ComputeDirty(std::vector<char>(lots.size(), 1), std::vector<char>(flows.size(), 1), all_lots, all_flows);
}

}  // namespace orelog::custody
