// Internal state of the custody book, shared by its .cc files (book.cc: the
// graph; figures.cc: contained metal, origin and exposure; flags.cc: red
// flags; views.cc: JSON views). Not an API.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "custody/book.h"
#include "custody/run_arena.h"
#include "custody/share_store.h"

namespace orelog::custody {

inline constexpr uint32_t kNone = UINT32_MAX;
inline constexpr uint32_t kUnknownOrigin = 0;  // origin key of material with no known mine

// Where a lot's material came from: commissioned at a site, or an output of a flow.
struct Contribution {
  uint32_t fact = kNone;  // index into Impl::facts
  uint32_t flow = kNone;  // kNone: a commissioning
  uint32_t output = 0;    // position in the flow's outputs
  Milligrams wet = 0;
  uint32_t origin = kUnknownOrigin;  // commissioning: the origin key
  uint32_t site = kNone;             // commissioning: the site key
};

struct Withdrawal {
  uint32_t flow = 0;
  uint32_t input = 0;  // position in the flow's inputs
};

struct AssayRecord {
  uint32_t fact = 0;
  uint32_t lot = 0;
  std::string element;
  Nano fraction = 0;
  std::string role;
  std::string shipment;
  int64_t time_ms = 0;
};

struct LotGrade {
  uint32_t element = 0;  // key into Impl::element_names
  bool producer = false;
  int64_t time_ms = 0;
  uint32_t fact = 0;
  Nano fraction = 0;
  // The grade kept is the one of highest rank: a total order, so the
  // result does not depend on the order assays arrive in.
  std::tuple<bool, int64_t, uint32_t> Rank() const { return {producer, time_ms, fact}; }
};

// The members a computation reads come first: they share the first two
// cache lines (a full recompute visits every lot in an order unrelated to
// where it lies in memory, so each visit costs the lines it touches).
struct Lot {
  std::vector<Contribution> sources;
  std::vector<Withdrawal> withdrawals;  // in flow (log) order
  // Computed figures.
  Milligrams wet = 0;  // sum of sources
  bool cycle = false;  // on or downstream of a cycle of flows: figures left empty
  Run figures;         // of ElementFigures in Impl::figures, sorted by element name
  // The grade per element (moisture as "H2O", Impl::moisture_key), one
  // record per element in no particular order (a lot has a few at most;
  // a flat vector is one cache line where a map was a node per element):
  // the latest producer assay by (eventTime, index); without one, the
  // latest assay of any role (the exchange assays of seller, buyer and
  // umpire are for settlement).
  std::vector<LotGrade> grades;
  const LotGrade* GradeOf(uint32_t element) const {
    for (const LotGrade& g : grades) {
      if (g.element == element) return &g;
    }
    return nullptr;
  }
  LotGrade* GradeOf(uint32_t element) {
    return const_cast<LotGrade*>(static_cast<const Lot&>(*this).GradeOf(element));
  }
  std::string id;
  std::vector<uint32_t> timeline;       // facts naming the lot, in log order
  std::vector<uint32_t> commissionings; // facts commissioning it
  std::string holder, owner, location, package;
  std::string status = "active";  // active, in_transit, received, consumed
};

struct FlowInput {
  uint32_t lot = 0;
  std::optional<Milligrams> wet;  // none: whatever remained
  // Computed: the lot's wet mass before this withdrawal (its earlier
  // withdrawals, in log order) and the wet mass it takes, so that
  // [before, before + taken) is the part of the lot it takes.
  Milligrams taken_before = 0;
  Milligrams taken = 0;
};
struct FlowOutput {
  uint32_t lot = 0;
  Milligrams wet = 0;
  bool loss = false;
};

// Figures of one element in one lot (or one output of a flow): what a lot
// holds as created.
struct ElementFigures {
  uint32_t element = 0;      // key into Impl::element_names
  bool measured = false;     // from the lot's own assay (else derived from its inputs)
  // A lot's figures that are exactly those of the one flow output that
  // brought the element (unassayed, no other source of it: most lots of a
  // chain) share that output's runs instead of copying them. The flow is
  // upstream, so whenever it is recomputed the lot is too, and refreshes the
  // copy of its runs. The lot never writes into runs it shares.
  bool shared = false;
  Milligrams contained = 0;  // in the whole lot as created
  Run origin;    // in Impl::shares; key: origin site (0 = unknown origin); sums to `contained`
  Run exposure;  // in Impl::shares; key: facet (stage, country); each facet <= contained
};

// Contained metal of one element through one flow. What each input took is
// not stored: Impl::TakenInto computes it from the input lot's figures (the
// flow's mix is their sum).
struct FlowElement {
  uint32_t element = 0;  // key into Impl::element_names
  Run outputs;           // of ElementFigures in Impl::figures, one per flow output
};

struct Flow {  // (what a computation reads first, as in Lot)
  std::vector<FlowInput> inputs;
  std::vector<FlowOutput> outputs;
  Run elements;  // computed: of FlowElement in Impl::flow_elements, sorted by element name
  bool cycle = false;  // on or downstream of a cycle of flows: no elements
  uint32_t fact = 0;
  uint32_t site = kNone;
  std::string coc_model;  // effective model
};

// An edge of the upstream graph: `input` went into the flow that made the
// lot whose list holds it (Impl::upstream).
struct UpEdge {
  uint32_t input = 0;
  uint32_t flow = 0;
  uint64_t event_index = 0;  // the flow's log index
};

struct Shipment {
  std::string id;
  std::vector<uint32_t> shipped;   // shipping facts
  std::vector<uint32_t> received;  // receipt facts
};

struct SiteState {
  SiteFacts facts;
  bool defined = false;
};

class Book::Impl {
 public:
  explicit Impl(BookConfig c) : config(std::move(c)) {
    origin_names.push_back("");  // kUnknownOrigin
    moisture_key = ElementKey("H2O");
  }

  BookConfig config;
  std::vector<EventFacts> facts;
  std::unordered_map<std::string, uint32_t> fact_by_id;  // event ID -> index into facts
  uint64_t applied_through = 0;
  std::vector<Lot> lots;
  std::unordered_map<std::string, uint32_t> lot_index;
  // By lot: the inputs of the flows that made it, in flow order. The same
  // edges as lots' sources and flows' inputs, packed apart from them so that
  // an upstream trace reads two small arrays per lot instead of a lot's,
  // a flow's and their vectors' cache lines (Book::Upstream).
  std::vector<std::vector<UpEdge>> upstream;
  std::vector<Flow> flows;
  std::vector<AssayRecord> assays;
  std::map<std::string, Shipment, std::less<>> shipments;
  // Shipment ID -> indices into `assays` of the assays naming it (settlement
  // reads them per shipment; a scan of every assay per shipment made the
  // flag pass quadratic).
  std::unordered_map<std::string, std::vector<uint32_t>> shipment_assays;
  std::vector<SiteState> sites;
  std::unordered_map<std::string, uint32_t> site_index;
  // Origin keys are site keys + 1 (0 is "unknown"); facet keys encode
  // (stage, country) as an index into facet_names.
  std::vector<std::string> origin_names;
  std::vector<std::pair<Stage, std::string>> facet_names;
  std::map<std::pair<Stage, std::string>, uint32_t> facet_index;
  std::vector<std::string> element_names;
  std::map<std::string, uint32_t, std::less<>> element_index;
  uint32_t moisture_key = 0;  // the element key of "H2O" (a lot's moisture grade)
  // Computed figures (run_arena.h): lots' and flows' outputs' per-element
  // figures, flows' elements, and every share list.
  RunArena<ElementFigures> figures;
  RunArena<FlowElement> flow_elements;
  ShareStore shares;

  uint32_t LotKey(const std::string& id);
  uint32_t SiteKey(const std::string& id);
  uint32_t FacetKey(Stage stage, const std::string& country);
  // Interns the facet a defined site gives the material it handles (its
  // stage at its country), when the site is defined (Book::AddSite), so
  // that computations only look facet keys up.
  void InternFacet(const SiteFacts& site);
  // The key of a defined site's facet (InternFacet): a lookup only, safe on
  // computing threads.
  uint32_t InternedFacetKey(Stage stage, const std::string& country) const {
    return facet_index.find(std::pair{stage, country})->second;
  }
  uint32_t ElementKey(std::string_view name);
  const std::string& ElementName(uint32_t key) const { return element_names[key]; }
  std::span<const ElementFigures> Figures(const Lot& lot) const { return figures.Get(lot.figures); }
  std::span<const FlowElement> Elements(const Flow& fl) const { return flow_elements.Get(fl.elements); }
  std::span<const ElementFigures> Outputs(const FlowElement& fe) const { return figures.Get(fe.outputs); }
  ShareVector Shares(Run r) const {
    ShareVector v;
    shares.Get(r, v);
    return v;
  }
  // What input `input` of flow `flow` took of element `element`, by origin
  // and by facet (either may be null): the same integers the flow's
  // computation added into its mix. Valid while the book is computed.
  void TakenInto(uint32_t flow, size_t input, uint32_t element, ShareVector* origin, ShareVector* exposure) const;
  const SiteFacts* Site(uint32_t key) const {
    return key < sites.size() && sites[key].defined ? &sites[key].facts : nullptr;
  }
  // The lot's grade of the element named `name`, if any.
  const LotGrade* GradeNamed(const Lot& lot, std::string_view name) const {
    auto it = element_index.find(name);
    return it == element_index.end() ? nullptr : lot.GradeOf(it->second);
  }
  std::optional<uint32_t> FindLot(std::string_view id) const {
    auto it = lot_index.find(std::string(id));
    if (it == lot_index.end()) return std::nullopt;
    return it->second;
  }

  // Threads for a computation over `nodes` lots and flows: 1 below
  // BookConfig::parallel_nodes, else BookConfig::compute_threads (0: one per
  // hardware thread), at most kArenaSlots.
  uint32_t ThreadsFor(size_t nodes) const;

  // figures.cc
  void ComputeAll();
  void ComputeFrom(const std::vector<uint32_t>& start_lots, const std::vector<uint32_t>& start_flows);
  // Computes the dirty nodes (flags by index, and lists in marking order)
  // after their dirty predecessors; ComputeFrom's second half.
  void ComputeDirty(const std::vector<char>& lot_dirty, const std::vector<char>& flow_dirty,
                    const std::vector<uint32_t>& dirty_lots, const std::vector<uint32_t>& dirty_flows);
  void ComputeLot(uint32_t lot);
  void ComputeFlow(uint32_t flow);
  Milligrams DryOf(const Lot& lot, Milligrams wet) const;
  // The origin key of a commissioning: its site's if that is a defined mine
  // and the origin is not declared undisclosed, else kUnknownOrigin.
  uint32_t CommissioningOrigin(const Contribution& c) const;
};

// Adds `b` into `a` (both sorted by key).
void AddShares(ShareVector& a, std::span<const Share> b);
Milligrams SumShares(std::span<const Share> v);

}  // namespace orelog::custody
