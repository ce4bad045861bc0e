// The custody book: lots, flows and shipments folded from custody facts, with
// contained metal, origin attribution and covered-country exposure by
// contained metal per element (docs/custody.md). Pure; no I/O.
//
// Semantics are those of the final graph, not of arrival order: a lot's
// figures are a function of every fact about it and about its ancestors,
// whatever order they were applied in (an assay of an input that arrives
// after the blend still changes the blend's figures). Apply() recomputes
// only what a fact can change (the lots and flows downstream of it);
// Recompute() rebuilds every figure from scratch. Both give exactly the same
// integers (tests and `orelog recompute` check it).
//
// Arithmetic: masses and contained metal in milligrams, fractions in 1e-9
// (units.h). A withdrawal of part of a lot takes, per origin, floor(share ×
// cumulative withdrawn) minus the same for the withdrawals before it, so
// splits conserve every origin's milligrams exactly and never go negative.
//
// Thread safety: none; the owner serialises Apply and reads (custody/live.h).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "custody/facts.h"
#include "custody/settlement.h"
#include "custody/units.h"

namespace orelog::custody {

struct BookConfig {
  Nano balance_tolerance = 10'000'000;   // 1% of check-in, either direction
  Nano quantity_tolerance = 5'000'000;   // received vs shipped, 0.5%
  int64_t custody_gap_hours = 72;        // domestic leg: shipped -> received
  int64_t export_transit_hours = 1440;   // export leg (licence or destination country): 60 days
  std::vector<std::string> covered_countries{"CN", "RU", "KP", "IR"};
  std::string default_coc_model = "mass_balance";
  // Assay exchange and payables per element; elements without a rule have no
  // settlement (their exchange is reported, not settled).
  std::map<std::string, ExchangeRule, std::less<>> exchange_rules{
      {"Cu", {2'000'000, UmpireRule::kMeanOfUmpireAndCloser}},  // 0.20 % absolute
      {"Sb", {3'000'000, UmpireRule::kMeanOfUmpireAndCloser}},  // 0.30 %
  };
  std::map<std::string, PayableRule, std::less<>> payables{
      {"Cu", {965'000'000, 10'000'000}},  // 96.5 % with a 1-unit minimum deduction
  };
  // Royalty rates per element in hundredths of `royalty_currency` per tonne
  // of contained element (docs/custody.md §7). Empty: no royalty is
  // computed and the royalty_unpaid flag is off.
  std::map<std::string, int64_t, std::less<>> royalty_rates;
  std::string royalty_currency = "USD";
  // Threads that compute figures when a fact or a recompute makes at least
  // `parallel_nodes` lots and flows dirty (smaller computations take one,
  // as threads cost more than they save there): 0 is one per hardware
  // thread; at most 8. Figures do not depend on either.
  int compute_threads = 0;
  size_t parallel_nodes = 50'000;
};

// One (key, milligrams) share of a lot's contained metal; sorted by key.
using Share = std::pair<uint32_t, Milligrams>;
using ShareVector = std::vector<Share>;

// Exposure facets: a stage of the chain at a country.
enum class Stage : uint8_t { kMined, kProcessed, kSeparated, kRefined, kProduced };
std::string_view StageName(Stage s);

struct LotView;  // views.h

class Book {
 public:
  explicit Book(BookConfig config = {});
  ~Book();
  Book(Book&&) noexcept;
  Book& operator=(Book&&) noexcept;

  // Sites: the latest definition of a site wins. A changed definition
  // recomputes every figure (unless `compute` is false, as for Record).
  void AddSite(const SiteFacts& site, bool compute = true);
  // Facts must be applied in log order (index increasing); a fact with an
  // index at or below the last applied one is ignored (idempotent replay).
  // (Both keep the facts: pass an rvalue to move them in rather than copy.)
  void Apply(EventFacts facts);
  // Like Apply, but computes nothing: for loading many facts followed by one
  // Recompute() (startup, audits). Figures are stale until Recompute().
  void Record(EventFacts facts);
  // Every figure rebuilt from the facts and sites applied so far.
  void Recompute();

  // The lots upstream of `lot` to `depth` levels: the inputs of the flows
  // that made it, theirs, and so on, breadth-first, each once at its least
  // depth, `lot` itself first at depth 0. The nodes of TraceJson's upstream
  // trace (views.h) without the JSON, and without touching every lot of the
  // book. Empty for an unknown lot. The views stay valid until the book
  // changes.
  struct TracedLot {
    std::string_view id;
    int depth = 0;
  };
  // With `edges`, also the edges TraceJson lists: one per input of each flow
  // that made a listed lot of depth below `depth`, from the input to the
  // lot (positions in the returned list), with the flow's log index.
  struct TracedEdge {
    uint32_t from = 0;
    uint32_t to = 0;
    uint64_t event_index = 0;
  };
  std::vector<TracedLot> Upstream(std::string_view lot, int depth, std::vector<TracedEdge>* edges = nullptr) const;

  // BookConfig::compute_threads, changed (figures do not depend on it).
  void set_compute_threads(int threads);

  uint64_t applied_through() const;  // 1 + the last applied index, 0 if none
  size_t lot_count() const;
  const BookConfig& config() const;

  class Impl;
  const Impl& impl() const { return *impl_; }

 private:
  void Fold(EventFacts facts, bool compute);
  std::unique_ptr<Impl> impl_;
};

// Exactly-equal check of every computed figure (for recompute audits and
// tests); an empty string when equal, else the first difference.
std::string CompareFigures(const Book& a, const Book& b);

}  // namespace orelog::custody
