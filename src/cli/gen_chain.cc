#include "cli/gen_chain.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace orelog::cli {
namespace {

// 2026-01-05T00:00:00Z in milliseconds since 1970.
constexpr int64_t kBaseMs = 1'767'571'200'000;
constexpr int64_t kEventStepMs = 60'000;

constexpr char kWater[] = "https://identifiers.org/inchikey:XLYOFNOQVPJJNP-UHFFFAOYSA-N";
constexpr char kCopper[] = "https://identifiers.org/inchikey:RYGMFSIKBFXOCR-UHFFFAOYSA-N";
constexpr char kLab[] = "urn:epc:id:giai:4000001.777";

struct Site {
  const char* id;
  const char* name;
  const char* country;
  const char* role;
};

// Mines, concentrators, blending yards, ports, refineries (illustrative).
constexpr Site kMines[] = {
    {"urn:epc:id:sgln:0614141.10001.0", "Mine A", "PK", "mine"},
    {"urn:epc:id:sgln:0614141.10002.0", "Mine B", "PK", "mine"},
    {"urn:epc:id:sgln:0614141.10003.0", "Mine C", "PK", "mine"},
    {"urn:epc:id:sgln:0614141.10004.0", "Mine D", "CD", "mine"},
    {"urn:epc:id:sgln:0614141.10005.0", "Mine E", "CD", "mine"},
    {"urn:epc:id:sgln:0614141.10006.0", "Mine F", "ZM", "mine"},
    {"urn:epc:id:sgln:0614141.10007.0", "Mine G", "PE", "mine"},
    {"urn:epc:id:sgln:0614141.10008.0", "Mine H", "CN", "mine"},
};
constexpr Site kConcentrators[] = {
    {"urn:epc:id:sgln:0614141.20001.0", "Concentrator A", "PK", "concentrator"},
    {"urn:epc:id:sgln:0614141.20002.0", "Concentrator B", "CD", "concentrator"},
    {"urn:epc:id:sgln:0614141.20003.0", "Concentrator C", "ZM", "concentrator"},
    {"urn:epc:id:sgln:0614141.20004.0", "Concentrator D", "PE", "concentrator"},
};
constexpr Site kYards[] = {
    {"urn:epc:id:sgln:0614141.30001.0", "Blending yard A", "PK", "blending_yard"},
    {"urn:epc:id:sgln:0614141.30002.0", "Blending yard B", "AE", "blending_yard"},
    {"urn:epc:id:sgln:0614141.30003.0", "Blending yard C", "AE", "blending_yard"},
    {"urn:epc:id:sgln:0614141.30004.0", "Blending yard D", "PK", "blending_yard"},
};
constexpr Site kPorts[] = {
    {"urn:epc:id:sgln:0614141.40001.0", "Port A", "PK", "port"},
    {"urn:epc:id:sgln:0614141.40002.0", "Port B", "AE", "port"},
};
constexpr Site kRefineries[] = {
    {"urn:epc:id:sgln:0614141.50001.0", "Refinery A", "CN", "refinery"},
    {"urn:epc:id:sgln:0614141.50002.0", "Refinery B", "DE", "refinery"},
};

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
uint64_t Hash(uint64_t seed, uint64_t a, uint64_t b) { return Mix(seed ^ Mix(a * 0x100000001b3ULL ^ Mix(b))); }

std::string Utc(int64_t ms) {
  using namespace std::chrono;
  const sys_days day{days{ms / 86'400'000}};
  const year_month_day ymd{day};
  const int64_t s = ms / 1000 % 86400;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), s / 3600, s / 60 % 60,
                     s % 60, ms % 1000);
}

// A percentage with 4 decimals (the generator's grades are printed so).
std::string Pct(double fraction) { return fmt::format("{:.4f}", fraction * 100); }

std::string Qty(const std::string& lot, int64_t kg) {
  return fmt::format(R"({{"epcClass":"{}","quantity":{},"uom":"KGM"}})", lot, kg);
}

std::string Assay(const std::string& lot, int64_t kg, const std::string& site, const std::string& common,
                  double cu, double moisture) {
  return fmt::format(
      R"({{"type":"ObjectEvent",{},"action":"OBSERVE","bizStep":"inspecting","quantityList":[{}],)"
      R"("readPoint":{{"id":"{}"}},"bizLocation":{{"id":"{}"}},"sensorElementList":[{{"sensorMetadata":{{"deviceID":"{}"}},)"
      R"("sensorReport":[{{"type":"MassConcentration","chemicalSubstance":"{}","value":{},"uom":"P1"}},)"
      R"({{"type":"MassConcentration","chemicalSubstance":"{}","value":{},"uom":"P1"}}]}}]}})",
      common, Qty(lot, kg), site, site, kLab, kCopper, Pct(cu), kWater, Pct(moisture));
}

std::string Party(const Site& s) { return fmt::format("urn:epc:id:pgln:0614141.{}", std::string(s.id).substr(24, 5)); }

}  // namespace

ChainGenerator::ChainGenerator(const ChainOptions& options) : options_(options) {
  width_ = std::max<uint64_t>(1, (options.lots + kLotsPerColumn - 1) / kLotsPerColumn);
  if (options_.events_per_document == 0) options_.events_per_document = 100;
}

int ChainGenerator::FanIn(int layer, uint64_t column) const {
  if (layer < 2 || layer > 19) return 1;
  return 2 + static_cast<int>(Hash(options_.seed, static_cast<uint64_t>(layer), column) % 3);
}

std::string ChainGenerator::LotId(int layer, uint64_t column) const {
  return fmt::format("urn:epc:class:lgtin:4012345.0{:05}.S{}L{}C{}", 10000 + layer, options_.seed, layer, column);
}

uint64_t ChainGenerator::UpstreamLots(int layer, uint64_t column) const {
  // The columns upstream in each layer form an interval [column, hi].
  uint64_t hi = column, total = 0;
  for (int l = layer; l >= 0; --l) {
    total += hi - column + 1;
    if (l == 0) break;
    uint64_t next = hi;
    for (uint64_t j = column; j <= hi; ++j) next = std::max(next, std::min(width_ - 1, j + FanIn(l, j) - 1));
    hi = next;
  }
  return total;
}

uint64_t ChainGenerator::MaxUpstreamLots() const {
  uint64_t best = 0;
  for (uint64_t j = 0; j < width_; ++j) best = std::max(best, UpstreamLots(kChainLayers - 1, j));
  return best;
}

int64_t ChainGenerator::last_event_ms() const { return last_event_ms_; }

std::string ChainGenerator::ReceiveTime() const { return Utc(last_event_ms_ + kEventStepMs); }

std::string ChainGenerator::Common(uint64_t k) const {
  const uint64_t h = Mix(options_.seed ^ Mix(k + 1));
  const uint64_t g = Mix(h);
  return fmt::format(R"("eventTime":"{}","eventTimeZoneOffset":"+00:00","eventID":"urn:uuid:{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}")",
                     Utc(kBaseMs + static_cast<int64_t>(k) * kEventStepMs), h >> 32, (h >> 16) & 0xffff, h & 0xfff,
                     g >> 52, g & 0xffffffffffffULL);
}

void ChainGenerator::Emit(std::string event) {
  last_event_ms_ = kBaseMs + static_cast<int64_t>(next_event_) * kEventStepMs;
  ++next_event_;
  pending_.push_back(std::move(event));
}

void ChainGenerator::EmitLayer(int layer) {
  const uint64_t seed = options_.seed;
  previous_ = std::move(current_);
  current_.assign(width_, LotState{});
  auto common = [&] { return Common(next_event_); };
  // How many flows of this layer take from each lot of the previous one.
  auto inputs_of = [&](uint64_t j) {
    return std::pair<uint64_t, uint64_t>{j, std::min(width_, j + static_cast<uint64_t>(FanIn(layer, j)))};
  };
  if (layer >= 1) {
    for (uint64_t j = 0; j < width_; ++j) {
      auto [a, b] = inputs_of(j);
      for (uint64_t i = a; i < b; ++i) previous_[i].consumers += 1;
    }
  }
  // Takes this flow's share of lot i (the last consumer, column i, takes the rest).
  auto take = [&](uint64_t i, uint64_t consumer, LotState& out) {
    LotState& in = previous_[i];
    const int64_t kg = consumer == i ? in.wet_kg - in.given_kg : in.wet_kg / in.consumers;
    in.given_kg += kg;
    const double part = in.wet_kg > 0 ? static_cast<double>(kg) / static_cast<double>(in.wet_kg) : 0;
    out.wet_kg += kg;
    out.dry_kg += in.dry_kg * part;
    out.cu_kg += in.cu_kg * part;
    return kg;
  };
  auto moisture = [](const LotState& s) { return s.wet_kg > 0 ? 1 - s.dry_kg / static_cast<double>(s.wet_kg) : 0; };
  auto grade = [](const LotState& s) { return s.dry_kg > 0 ? s.cu_kg / s.dry_kg : 0; };

  if (layer == 0) {
    for (uint64_t j = 0; j < width_; ++j) {
      const uint64_t h = Hash(seed, 0, j);
      const Site& mine = kMines[h % std::size(kMines)];
      LotState& s = current_[j];
      s.wet_kg = 8'000'000 + static_cast<int64_t>(h >> 8) % 4'000'000;
      const double m = (300 + static_cast<double>((h >> 40) % 301)) / 10000;  // 3.00 .. 6.00 %
      const double g = (40 + static_cast<double>((h >> 50) % 81)) / 10000;    // 0.40 .. 1.20 %
      s.dry_kg = static_cast<double>(s.wet_kg) * (1 - m);
      s.cu_kg = s.dry_kg * g;
      const std::string lot = LotId(0, j);
      Emit(fmt::format(
          R"({{"type":"ObjectEvent",{},"action":"ADD","bizStep":"commissioning","disposition":"active",)"
          R"("quantityList":[{}],"readPoint":{{"id":"{}"}},"bizLocation":{{"id":"{}"}},)"
          R"("ilmd":{{"orl:deposit":"{} pit {}","orl:period":"{}"}}}})",
          common(), Qty(lot, s.wet_kg), mine.id, mine.id, mine.name, h % 5, Utc(kBaseMs + static_cast<int64_t>(next_event_) * kEventStepMs).substr(0, 7)));
      Emit(Assay(lot, s.wet_kg, mine.id, common(), g, m));
    }
    return;
  }
  if (layer == 1) {
    for (uint64_t j = 0; j < width_; ++j) {
      const uint64_t h = Hash(seed, 1, j);
      const Site& site = kConcentrators[Hash(seed, 0, j) % std::size(kMines) % std::size(kConcentrators)];
      const LotState& ore = previous_[j];
      const double gc = (2400 + static_cast<double>(h % 601)) / 10000;  // 24 .. 30 %
      const double mc = (800 + static_cast<double>((h >> 20) % 201)) / 10000;
      LotState& c = current_[j];
      c.wet_kg = std::llround(0.9 * ore.cu_kg / gc / (1 - mc));
      c.dry_kg = static_cast<double>(c.wet_kg) * (1 - mc);
      c.cu_kg = c.dry_kg * gc;
      const std::string tail = fmt::format("urn:epc:class:lgtin:4012345.019999.S{}T{}", seed, j);
      Emit(fmt::format(
          R"({{"type":"TransformationEvent",{},"bizStep":"commissioning","inputQuantityList":[{}],)"
          R"("outputQuantityList":[{},{}],"orl:lossOutputs":["{}"],"readPoint":{{"id":"{}"}},"bizLocation":{{"id":"{}"}}}})",
          common(), Qty(LotId(0, j), ore.wet_kg), Qty(LotId(1, j), c.wet_kg), Qty(tail, ore.wet_kg - c.wet_kg), tail,
          site.id, site.id));
      Emit(Assay(LotId(1, j), c.wet_kg, site.id, common(), gc, mc));
    }
    return;
  }
  auto ship = [&](const std::string& lot, int64_t kg, const Site& from, const Site& to, uint64_t j, bool export_leg) {
    const std::string desadv = fmt::format("urn:epcglobal:cbv:bt:0614141000005:DESADV-S{}L{}C{}", seed, layer, j);
    std::string extra;
    if (export_leg) {
      extra = fmt::format(R"(,"orl:hsCode":"260300","orl:exportLicence":"EXP-{}-{}","orl:destinationCountry":"{}")", seed, j,
                          to.country);
    }
    Emit(fmt::format(
        R"({{"type":"ObjectEvent",{},"action":"OBSERVE","bizStep":"{}","disposition":"in_transit","quantityList":[{}],)"
        R"("readPoint":{{"id":"{}"}},"bizLocation":{{"id":"{}"}},)"
        R"("bizTransactionList":[{{"type":"desadv","bizTransaction":"{}"}}],)"
        R"("sourceList":[{{"type":"owning_party","source":"{}"}},{{"type":"location","source":"{}"}}],)"
        R"("destinationList":[{{"type":"owning_party","destination":"{}"}},{{"type":"location","destination":"{}"}}]{}}})",
        common(), export_leg ? "departing" : "shipping", Qty(lot, kg), from.id, from.id, desadv, Party(from), from.id,
        Party(to), to.id, extra));
    Emit(fmt::format(
        R"({{"type":"ObjectEvent",{},"action":"OBSERVE","bizStep":"receiving","disposition":"in_progress","quantityList":[{}],)"
        R"("readPoint":{{"id":"{}"}},"bizLocation":{{"id":"{}"}},)"
        R"("bizTransactionList":[{{"type":"desadv","bizTransaction":"{}"}}]}})",
        common(), Qty(lot, kg), to.id, to.id, desadv));
  };
  auto yard = [&](int l, uint64_t j) -> const Site& { return kYards[(j / 64 + static_cast<uint64_t>(l)) % std::size(kYards)]; };
  auto port = [&](uint64_t j) -> const Site& { return kPorts[(j / 128) % std::size(kPorts)]; };
  if (layer <= 19) {
    if (layer == 19) {
      for (uint64_t j = 0; j < width_; ++j) ship(LotId(18, j), previous_[j].wet_kg, yard(18, j), port(j), j, false);
    }
    for (uint64_t j = 0; j < width_; ++j) {
      const Site& site = layer == 19 ? port(j) : yard(layer, j);
      LotState& out = current_[j];
      std::string inputs;
      auto [a, b] = inputs_of(j);
      for (uint64_t i = a; i < b; ++i) {
        const int64_t kg = take(i, j, out);
        inputs += (i == a ? "" : ",") + Qty(LotId(layer - 1, i), kg);
      }
      Emit(fmt::format(
          R"({{"type":"TransformationEvent",{},"bizStep":"commissioning","inputQuantityList":[{}],)"
          R"("outputQuantityList":[{}],"readPoint":{{"id":"{}"}},"bizLocation":{{"id":"{}"}},"ilmd":{{"orl:process":"blending"}}}})",
          common(), inputs, Qty(LotId(layer, j), out.wet_kg), site.id, site.id));
      if (layer == 19) Emit(Assay(LotId(19, j), out.wet_kg, site.id, common(), grade(out), moisture(out)));
    }
    return;
  }
  // Layer 20: export each port lot to a refinery, refine it to cathode and slag.
  for (uint64_t j = 0; j < width_; ++j) {
    const Site& refinery = kRefineries[(j / 256 + seed) % std::size(kRefineries)];
    LotState& in = previous_[j];
    ship(LotId(19, j), in.wet_kg, port(j), refinery, j, true);
    LotState& out = current_[j];
    out.wet_kg = std::min(in.wet_kg, static_cast<int64_t>(std::llround(in.cu_kg * 0.975 / 0.9999)));
    out.dry_kg = static_cast<double>(out.wet_kg);
    out.cu_kg = out.dry_kg * 0.9999;
    const std::string slag = fmt::format("urn:epc:class:lgtin:4012345.029999.S{}X{}", seed, j);
    Emit(fmt::format(
        R"({{"type":"TransformationEvent",{},"bizStep":"commissioning","inputQuantityList":[{}],)"
        R"("outputQuantityList":[{},{}],"orl:lossOutputs":["{}"],"readPoint":{{"id":"{}"}},"bizLocation":{{"id":"{}"}},)"
        R"("ilmd":{{"orl:process":"smelting and electrorefining"}}}})",
        common(), Qty(LotId(19, j), in.wet_kg), Qty(LotId(20, j), out.wet_kg), Qty(slag, in.wet_kg - out.wet_kg), slag,
        refinery.id, refinery.id));
    Emit(Assay(LotId(20, j), out.wet_kg, refinery.id, common(), 0.9999, 0));
  }
}

std::optional<std::string> ChainGenerator::NextDocument() {
  if (pending_pos_ == pending_.size()) {
    pending_.clear();
    pending_pos_ = 0;
  }
  while (pending_.size() - pending_pos_ < options_.events_per_document && next_layer_ < kChainLayers) {
    EmitLayer(next_layer_++);
  }
  if (pending_pos_ == pending_.size()) return std::nullopt;
  std::string doc =
      R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",)"
      R"({"orl":"https://ns.orelog.dev/minerals#"}],"type":"EPCISDocument","schemaVersion":"2.0",)"
      R"("creationDate":"2026-01-05T00:00:00.000Z",)";
  if (documents_++ == 0) doc += R"("epcisHeader":{"epcisMasterData":{"vocabularyList":[)" + ChainSitesJson() + "]}},";
  doc += R"("epcisBody":{"eventList":[)";
  const size_t end = std::min(pending_.size(), pending_pos_ + options_.events_per_document);
  for (size_t i = pending_pos_; i < end; ++i) {
    if (i != pending_pos_) doc += ',';
    doc += pending_[i];
  }
  pending_pos_ = end;
  doc += "]}}";
  return doc;
}

std::string ChainSitesJson() {
  std::string out = R"({"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[)";
  bool first = true;
  auto add = [&](const Site& s) {
    if (!first) out += ',';
    first = false;
    out += fmt::format(
        R"({{"id":"{}","attributes":[{{"id":"urn:epcglobal:cbv:mda#name","attribute":"{}"}},)"
        R"({{"id":"urn:epcglobal:cbv:mda#countryCode","attribute":"{}"}},{{"id":"orl:role","attribute":"{}"}},)"
        R"({{"id":"orl:licence","attribute":"LIC-{}"}}]}})",
        s.id, s.name, s.country, s.role, std::string(s.id).substr(24, 5));
  };
  for (const Site& s : kMines) add(s);
  for (const Site& s : kConcentrators) add(s);
  for (const Site& s : kYards) add(s);
  for (const Site& s : kPorts) add(s);
  for (const Site& s : kRefineries) add(s);
  out += "]}";
  return out;
}

}  // namespace orelog::cli
