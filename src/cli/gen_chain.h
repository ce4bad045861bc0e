// A deterministic synthetic custody chain under the minerals profile
// (docs/minerals-profile.md), as EPCIS capture documents: `orelog gen` and
// the custody benchmark (bench/custody_bench.cc). Pure; no I/O, no clock.
//
// Shape (docs/cli.md "gen"): W columns, 21 layers of lots.
//   layer 0       ore lot, extracted at a mine (extraction + assay: Cu, moisture)
//   layer 1       concentrate + tailings (loss output), at a concentrator, from the
//                 column's ore lot (transformation + assay)
//   layers 2..18  blends at blending yards
//   layer 19      port blend: each layer-18 lot is shipped to a port and received
//                 there first; the blend is assayed
//   layer 20      cathode + slag (loss output), at a refinery, from the column's
//                 port lot, which is exported to the refinery and received first
// A blend (layers 2..19) in column j takes 2-4 inputs, f(l, j) = 2 + h(seed,
// l, j) mod 3, from the columns j .. j+f-1 of the layer before (clamped to
// W). A lot consumed by c blends gives floor(mass / c) kg to each but the
// last, column j' itself, which takes the rest: every lot is consumed
// whole, wet mass is conserved exactly. The upstream of a lot therefore
// spans at most 3 more columns per blend layer: a layer-20 lot has at most
// 1 (itself) + 1 (port lot) + sum_{k=1..18} (1 + 3k) (layers 18..1) + 55
// (ores) = 588 lots upstream, however large W is (UpstreamLots gives the
// exact figure; random fan-ins make 400-550 typical).
//
// Every document has `events_per_document` events (the last fewer); the
// first also carries the sites' master data. Event k (0-based, in log order)
// has eventTime 2026-01-05T00:00:00Z + 60 k seconds and an eventID derived
// from (seed, k), so the same seed gives the same events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace orelog::cli {

struct ChainOptions {
  uint64_t lots = 1000;  // at least this many lots: W = ceil(lots / kLotsPerColumn)
  uint64_t seed = 1;
  uint64_t events_per_document = 100;
};

inline constexpr int kChainLayers = 21;      // layers 0..20; the deepest lot is 20 flows from its ore
inline constexpr int kLotsPerColumn = 23;    // 21 + tailings + slag
inline constexpr int kEventsPerColumn = 29;  // 2 + 2 + 17 + 4 + 4

class ChainGenerator {
 public:
  explicit ChainGenerator(const ChainOptions& options);

  uint64_t width() const { return width_; }
  uint64_t total_lots() const { return width_ * kLotsPerColumn; }
  uint64_t total_events() const { return width_ * kEventsPerColumn; }

  // The next capture document, or nullopt once every event was produced.
  std::optional<std::string> NextDocument();
  // The eventTime of the last event of the last document returned (the
  // receive clock `orelog gen` gives the capturer: one minute later).
  int64_t last_event_ms() const;
  // That receive time as UTC "YYYY-MM-DDTHH:MM:SS.sssZ" (CaptureOptions::now).
  std::string ReceiveTime() const;

  // The epcClass of the main lot of (layer, column) (not tailings or slag).
  std::string LotId(int layer, uint64_t column) const;
  // A refined lot of the middle column: 20 flows from its ores.
  std::string DeepestLot() const { return LotId(kChainLayers - 1, width_ / 2); }
  // How many lots are upstream of (layer, column), the lot itself included,
  // by the fan-in rule (what an upstream trace of depth >= layer finds).
  uint64_t UpstreamLots(int layer, uint64_t column) const;
  // The most lots upstream of any layer-20 lot.
  uint64_t MaxUpstreamLots() const;

  // Fan-in of the flow making (layer, column): 1 for layers 1 and 20.
  int FanIn(int layer, uint64_t column) const;

 private:
  struct LotState {
    int64_t wet_kg = 0;
    double dry_kg = 0;
    double cu_kg = 0;
    int consumers = 0;  // flows of the next layer taking from it
    int64_t given_kg = 0;
  };
  void EmitLayer(int layer);
  void Emit(std::string event);
  std::string Common(uint64_t k) const;  // eventTime, offset, eventID of event k

  ChainOptions options_;
  uint64_t width_ = 0;
  std::vector<LotState> previous_, current_;
  int next_layer_ = 0;
  uint64_t next_event_ = 0;   // events produced so far
  std::vector<std::string> pending_;  // events produced, not yet in a document
  size_t pending_pos_ = 0;
  uint64_t documents_ = 0;
  int64_t last_event_ms_ = 0;
};

// The sites of the chain, as an epcisMasterData vocabularyList member (JSON).
std::string ChainSitesJson();

}  // namespace orelog::cli
