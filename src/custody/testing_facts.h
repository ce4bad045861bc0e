// Test helpers: custody facts built directly (no EPCIS), for book, flag and
// property tests. Header-only, tests only.
#pragma once

#include <string>
#include <vector>

#include "custody/book.h"
#include "custody/facts.h"

namespace orelog::custody::testing {

inline constexpr Milligrams kTonne = 1'000'000'000;
inline constexpr Nano kPct = 10'000'000;

class FactsBuilder {
 public:
  EventFacts& Next(Step step, std::string site = "") {
    EventFacts f;
    f.index = next_index_++;
    f.event_id = "ev-" + std::to_string(f.index);
    f.time_ms = time_ms_;
    time_ms_ += 3'600'000;
    f.step = step;
    f.site = std::move(site);
    facts_.push_back(std::move(f));
    return facts_.back();
  }
  EventFacts& Commission(const std::string& lot, Milligrams wet, std::string site) {
    EventFacts& f = Next(Step::kExtraction, std::move(site));
    f.lots.push_back({lot, wet});
    return f;
  }
  EventFacts& Assay(const std::string& lot, std::vector<AssayValue> values, std::string role = "producer",
                    std::string shipment = "") {
    EventFacts& f = Next(Step::kAssay);
    f.lots.push_back({lot, std::nullopt});
    f.assays = std::move(values);
    f.assay_role = std::move(role);
    f.shipment = std::move(shipment);
    return f;
  }
  EventFacts& Transform(std::vector<LotQuantity> in, std::vector<LotQuantity> out, std::string site = "") {
    EventFacts& f = Next(Step::kTransformation, std::move(site));
    f.inputs = std::move(in);
    f.outputs = std::move(out);
    return f;
  }
  EventFacts& Ship(const std::string& shipment, std::vector<LotQuantity> lots, std::string site = "") {
    EventFacts& f = Next(Step::kShipping, std::move(site));
    f.shipment = shipment;
    f.lots = std::move(lots);
    return f;
  }
  EventFacts& Receive(const std::string& shipment, std::vector<LotQuantity> lots, std::string site = "") {
    EventFacts& f = Next(Step::kReceipt, std::move(site));
    f.shipment = shipment;
    f.lots = std::move(lots);
    return f;
  }
  void SetTime(int64_t ms) { time_ms_ = ms; }
  const std::vector<EventFacts>& facts() const { return facts_; }

 private:
  uint64_t next_index_ = 0;
  int64_t time_ms_ = 1'761'955'200'000;  // 2025-11-01T00:00:00Z
  std::vector<EventFacts> facts_;
};

// A book of `sites` and `facts`, recorded and then computed in one pass.
inline Book Recomputed(const std::vector<SiteFacts>& sites, const std::vector<EventFacts>& facts) {
  Book book;
  for (const SiteFacts& s : sites) book.AddSite(s, false);
  for (const EventFacts& f : facts) book.Record(f);
  book.Recompute();
  return book;
}

inline SiteFacts Site(std::string id, std::string role, std::string country, bool high_risk = false) {
  SiteFacts s;
  s.id = std::move(id);
  s.name = s.id;
  s.role = std::move(role);
  s.country = std::move(country);
  s.high_risk = high_risk;
  return s;
}


}  // namespace orelog::custody::testing
