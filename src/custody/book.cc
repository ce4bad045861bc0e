#include "custody/book.h"

#include <algorithm>
#include <unordered_map>

#include "custody/book_impl.h"

namespace orelog::custody {

std::string_view StageName(Stage s) {
  switch (s) {
    case Stage::kMined: return "mined";
    case Stage::kProcessed: return "processed";
    case Stage::kSeparated: return "separated";
    case Stage::kRefined: return "refined";
    case Stage::kProduced: return "produced";
  }
  return "processed";
}

uint32_t Book::Impl::LotKey(const std::string& id) {
  auto [it, inserted] = lot_index.try_emplace(id, static_cast<uint32_t>(lots.size()));
  if (inserted) {
    lots.emplace_back();
    lots.back().id = id;
    upstream.emplace_back();
  }
  return it->second;
}

uint32_t Book::Impl::SiteKey(const std::string& id) {
  auto [it, inserted] = site_index.try_emplace(id, static_cast<uint32_t>(sites.size()));
  if (inserted) {
    sites.emplace_back();
    sites.back().facts.id = id;
    origin_names.push_back(id);  // origin key = site key + 1
  }
  return it->second;
}

uint32_t Book::Impl::FacetKey(Stage stage, const std::string& country) {
  auto [it, inserted] = facet_index.try_emplace({stage, country}, static_cast<uint32_t>(facet_names.size()));
  if (inserted) facet_names.emplace_back(stage, country);
  return it->second;
}

uint32_t Book::Impl::ElementKey(std::string_view name) {
  auto it = element_index.find(name);
  if (it != element_index.end()) return it->second;
  const auto key = static_cast<uint32_t>(element_names.size());
  element_names.emplace_back(name);
  element_index.emplace(std::string(name), key);
  return key;
}

Book::Book(BookConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Book::~Book() = default;
Book::Book(Book&&) noexcept = default;
Book& Book::operator=(Book&&) noexcept = default;

uint64_t Book::applied_through() const { return impl_->applied_through; }
size_t Book::lot_count() const { return impl_->lots.size(); }
const BookConfig& Book::config() const { return impl_->config; }
void Book::set_compute_threads(int threads) { impl_->config.compute_threads = threads; }

void Book::AddSite(const SiteFacts& site, bool compute) {
  Impl& b = *impl_;
  const uint32_t key = b.SiteKey(site.id);
  SiteState& state = b.sites[key];
  if (state.defined && SiteToJson(state.facts) == SiteToJson(site)) return;  // unchanged (the usual case)
  state.facts = site;
  state.defined = true;
  b.InternFacet(site);
  // A site's role, country or risk status feeds every figure of material
  // that passed through it; sites change rarely, so recompute everything.
  if (compute && !b.lots.empty()) b.ComputeAll();
}

void Book::Apply(EventFacts in) { Fold(std::move(in), true); }
void Book::Record(EventFacts in) { Fold(std::move(in), false); }

void Book::Fold(EventFacts in, bool compute) {
  Impl& b = *impl_;
  if (b.applied_through > 0 && in.index < b.applied_through) return;  // replayed
  b.applied_through = in.index + 1;
  const auto fi = static_cast<uint32_t>(b.facts.size());
  b.facts.push_back(std::move(in));
  const EventFacts& f = b.facts.back();
  b.fact_by_id.emplace(f.event_id, fi);
  std::vector<uint32_t> dirty_lots;
  std::vector<uint32_t> dirty_flows;
  const uint32_t site = f.site.empty() ? kNone : b.SiteKey(f.site);

  auto touch = [&](uint32_t lot) {
    std::vector<uint32_t>& tl = b.lots[lot].timeline;
    if (tl.empty() || tl.back() != fi) tl.push_back(fi);
  };

  switch (f.step) {
    case Step::kExtraction:
      for (const LotQuantity& q : f.lots) {
        const uint32_t lot = b.LotKey(q.lot);
        Lot& l = b.lots[lot];
        Contribution c;
        c.fact = fi;
        c.wet = q.wet.value_or(0);
        c.site = site;
        l.sources.push_back(c);
        l.commissionings.push_back(fi);
        if (!f.site.empty()) l.location = f.site;
        if (!f.owner_to.empty()) l.owner = f.owner_to;
        touch(lot);
        dirty_lots.push_back(lot);
      }
      break;
    case Step::kAssay:
      for (const LotQuantity& q : f.lots) {
        const uint32_t lot = b.LotKey(q.lot);
        Lot& l = b.lots[lot];
        for (const AssayValue& a : f.assays) {
          const LotGrade g{b.ElementKey(a.element), f.assay_role.empty() || f.assay_role == "producer", f.time_ms, fi,
                           a.fraction};
          LotGrade* held = l.GradeOf(g.element);
          if (held == nullptr) {
            l.grades.push_back(g);
          } else if (held->Rank() <= g.Rank()) {
            *held = g;
          }
          if (!f.shipment.empty()) b.shipment_assays[f.shipment].push_back(static_cast<uint32_t>(b.assays.size()));
          b.assays.push_back({fi, lot, a.element, a.fraction, f.assay_role, f.shipment, f.time_ms});
        }
        touch(lot);
        dirty_lots.push_back(lot);
        // The flows that made the lot compare their outputs with its assay.
        for (const Contribution& c : l.sources) {
          if (c.flow != kNone) dirty_flows.push_back(c.flow);
        }
      }
      break;
    case Step::kTransformation: {
      const auto flow = static_cast<uint32_t>(b.flows.size());
      b.flows.emplace_back();
      Flow& fl = b.flows.back();
      fl.fact = fi;
      fl.site = site;
      for (const LotQuantity& q : f.inputs) {
        const uint32_t lot = b.LotKey(q.lot);
        b.lots[lot].withdrawals.push_back({flow, static_cast<uint32_t>(fl.inputs.size())});
        fl.inputs.push_back({lot, q.wet});
        touch(lot);
      }
      for (const LotQuantity& q : f.outputs) {
        const uint32_t lot = b.LotKey(q.lot);
        const bool loss = std::find(f.loss_outputs.begin(), f.loss_outputs.end(), q.lot) != f.loss_outputs.end();
        Contribution c;
        c.fact = fi;
        c.flow = flow;
        c.output = static_cast<uint32_t>(fl.outputs.size());
        c.wet = q.wet.value_or(0);
        b.lots[lot].sources.push_back(c);
        if (!f.site.empty()) b.lots[lot].location = f.site;
        fl.outputs.push_back({lot, c.wet, loss});
        for (const FlowInput& input : fl.inputs) b.upstream[lot].push_back({input.lot, flow, f.index});
        touch(lot);
      }
      dirty_flows.push_back(flow);
      break;
    }
    case Step::kPacking:
      for (const LotQuantity& q : f.lots) {
        const uint32_t lot = b.LotKey(q.lot);
        b.lots[lot].package = f.parent;
        touch(lot);
      }
      break;
    case Step::kShipping:
    case Step::kReceipt: {
      const bool shipping = f.step == Step::kShipping;
      if (!f.shipment.empty()) {
        Shipment& s = b.shipments[f.shipment];
        s.id = f.shipment;
        (shipping ? s.shipped : s.received).push_back(fi);
      }
      for (const LotQuantity& q : f.lots) {
        const uint32_t lot = b.LotKey(q.lot);
        Lot& l = b.lots[lot];
        if (!f.owner_to.empty()) l.owner = f.owner_to;
        if (!f.holder_to.empty()) l.holder = f.holder_to;
        l.status = shipping ? "in_transit" : "received";
        if (!shipping && !f.site.empty()) l.location = f.site;
        touch(lot);
      }
      break;
    }
    case Step::kSampling:
    case Step::kOther:
      for (const LotQuantity& q : f.lots) touch(b.LotKey(q.lot));
      break;
  }
  if (!compute || (dirty_lots.empty() && dirty_flows.empty())) return;
  // A new flow changes nothing upstream of itself (it is the last
  // withdrawal of each input); an assay or commissioning changes its lot.
  b.ComputeFrom(dirty_lots, dirty_flows);
}

void Book::Recompute() { impl_->ComputeAll(); }

namespace {

// Lot key -> position in a trace's list: open addressing with linear
// probing, sized by the trace (not by the book) and allocated once per call.
class TraceSet {
 public:
  // The position of `lot`, inserting it at `position` if it is new; the
  // second member says whether it was.
  std::pair<uint32_t, bool> Insert(uint32_t lot, uint32_t position) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    for (size_t i = Hash(lot);; i = (i + 1) & (slots_.size() - 1)) {
      Slot& s = slots_[i];
      if (s.lot == kEmpty) {
        s = {lot, position};
        ++size_;
        return {position, true};
      }
      if (s.lot == lot) return {s.position, false};
    }
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint32_t lot = kEmpty;
    uint32_t position = 0;
  };
  size_t Hash(uint32_t lot) const { return (lot * 0x9E3779B1u) & (slots_.size() - 1); }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : 2 * old.size(), Slot{});
    size_ = 0;
    for (const Slot& s : old) {
      if (s.lot != kEmpty) Insert(s.lot, s.position);
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace

std::vector<Book::TracedLot> Book::Upstream(std::string_view id, int depth, std::vector<TracedEdge>* edges) const {
  const Impl& b = *impl_;
  std::vector<TracedLot> out;
  if (edges != nullptr) edges->clear();
  auto root = b.FindLot(id);
  if (!root) return out;
  // Breadth-first over Impl::upstream: levels never decrease along `order`.
  TraceSet seen;
  seen.Insert(*root, 0);
  std::vector<uint32_t> order{*root};
  std::vector<int> level{0};
  for (size_t next = 0; next < order.size(); ++next) {
    const int d = level[next];
    if (d >= depth) continue;
    for (const UpEdge& e : b.upstream[order[next]]) {
      const auto [at, fresh] = seen.Insert(e.input, static_cast<uint32_t>(order.size()));
      if (fresh) {
        order.push_back(e.input);
        level.push_back(d + 1);
      }
      if (edges != nullptr) edges->push_back({at, static_cast<uint32_t>(next), e.event_index});
    }
  }
  out.reserve(order.size());
  for (size_t i = 0; i < order.size(); ++i) out.push_back({b.lots[order[i]].id, level[i]});
  return out;
}

namespace {

// Keys are interned in computation order, which differs between an
// incremental and a full computation: compare by name.
std::vector<std::pair<std::string, Milligrams>> Named(std::span<const Share> v, const Book::Impl& b, bool facets) {
  std::vector<std::pair<std::string, Milligrams>> out;
  for (const auto& [k, mg] : v) {
    std::string name = facets ? std::string(StageName(b.facet_names[k].first)) + "@" + b.facet_names[k].second
                              : b.origin_names[k];
    out.emplace_back(std::move(name), mg);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string DescribeShares(const std::vector<std::pair<std::string, Milligrams>>& v) {
  std::string s;
  for (const auto& [k, mg] : v) s += k + ":" + std::to_string(mg) + " ";
  return s;
}

}  // namespace

std::string CompareFigures(const Book& a, const Book& b) {
  const Book::Impl& x = a.impl();
  const Book::Impl& y = b.impl();
  if (x.lots.size() != y.lots.size()) return "lot counts differ";
  for (size_t i = 0; i < x.lots.size(); ++i) {
    const Lot& l = x.lots[i];
    auto j = y.FindLot(l.id);
    if (!j) return "lot " + l.id + " missing";
    const Lot& m = y.lots[*j];
    if (l.wet != m.wet) return "lot " + l.id + ": wet mass differs";
    const auto lf = x.Figures(l);
    const auto mf = y.Figures(m);
    if (lf.size() != mf.size()) return "lot " + l.id + ": element lists differ";
    for (size_t e = 0; e < lf.size(); ++e) {
      const ElementFigures& p = lf[e];
      const ElementFigures& q = mf[e];
      const std::string& element = x.ElementName(p.element);
      if (element != y.ElementName(q.element) || p.contained != q.contained || p.measured != q.measured) {
        return "lot " + l.id + " " + element + ": contained " + std::to_string(p.contained) + " vs " +
               std::to_string(q.contained);
      }
      auto po = Named(x.Shares(p.origin), x, false);
      auto qo = Named(y.Shares(q.origin), y, false);
      if (po != qo) return "lot " + l.id + " " + element + ": origin " + DescribeShares(po) + "vs " + DescribeShares(qo);
      auto pe = Named(x.Shares(p.exposure), x, true);
      auto qe = Named(y.Shares(q.exposure), y, true);
      if (pe != qe) {
        return "lot " + l.id + " " + element + ": exposure " + DescribeShares(pe) + "vs " + DescribeShares(qe);
      }
    }
  }
  return "";
}

}  // namespace orelog::custody
