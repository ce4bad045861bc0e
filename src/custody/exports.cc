#include "custody/exports.h"

#include <algorithm>
#include <unordered_set>

#include "custody/book_impl.h"

namespace orelog::custody {
namespace {

// part × total / whole, floored (exact 128-bit product); 0 if whole <= 0.
Milligrams Part(Milligrams total, Milligrams part, Milligrams whole) {
  if (whole <= 0 || part <= 0) return 0;
  if (part >= whole) return total;
  return static_cast<Milligrams>(static_cast<__int128>(total) * part / whole);
}

std::string DestinationCountry(const Book::Impl& b, const EventFacts& f) {
  if (!f.destination_country.empty()) return f.destination_country;
  auto to = b.site_index.find(f.destination);
  auto from = b.site_index.find(f.site);
  const SiteFacts* dest = to == b.site_index.end() ? nullptr : b.Site(to->second);
  const SiteFacts* here = from == b.site_index.end() ? nullptr : b.Site(from->second);
  if (dest != nullptr && here != nullptr && !dest->country.empty() && dest->country != here->country) {
    return dest->country;
  }
  return "";
}

}  // namespace

std::vector<Export> Exports(const Book& book) {
  const Book::Impl& b = book.impl();
  // Shipments with a royalty receipt on any of their events.
  std::unordered_set<std::string> paid;
  for (const EventFacts& f : b.facts) {
    if (!f.royalty_receipts.empty() && !f.shipment.empty()) paid.insert(f.shipment);
  }
  std::vector<Export> out;
  for (uint32_t i = 0; i < b.facts.size(); ++i) {
    const EventFacts& f = b.facts[i];
    if (f.step != Step::kShipping) continue;
    const std::string country = DestinationCountry(b, f);
    if (f.export_licence.empty() && country.empty()) continue;
    Export e;
    e.fact = i;
    e.event_id = f.event_id;
    e.time_ms = f.time_ms;
    e.destination = country;
    e.shipment = f.shipment;
    e.export_licence = f.export_licence;
    e.declared_value = f.declared_value;
    e.royalty_receipt = !f.royalty_receipts.empty() || (!f.shipment.empty() && paid.contains(f.shipment));
    e.agreements.insert(f.agreements.begin(), f.agreements.end());
    for (const LotQuantity& q : f.lots) {
      ExportedLot el;
      el.lot = q.lot;
      auto key = b.FindLot(q.lot);
      if (key) {
        const Lot& lot = b.lots[*key];
        el.wet = q.wet.value_or(lot.wet);
        el.dry = Part(b.DryOf(lot, lot.wet), el.wet, lot.wet);
        for (const ElementFigures& fig : b.Figures(lot)) {
          const std::string& element = b.ElementName(fig.element);
          if (element == "H2O") continue;
          el.contained[element] = Part(fig.contained, el.wet, lot.wet);
        }
        for (uint32_t t : lot.timeline) {
          e.agreements.insert(b.facts[t].agreements.begin(), b.facts[t].agreements.end());
        }
      } else {
        el.wet = q.wet.value_or(0);
      }
      e.lots.push_back(std::move(el));
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string PrincipalElement(const ExportedLot& lot) {
  std::string best = "unassayed";
  Milligrams most = 0;
  for (const auto& [element, mg] : lot.contained) {
    if (mg > most) {  // map order: the first of equal masses wins
      best = element;
      most = mg;
    }
  }
  return best;
}

std::set<std::string> OriginProvinces(const Book& book, const std::string& lot) {
  const Book::Impl& b = book.impl();
  std::set<std::string> out;
  for (const Book::TracedLot& t : book.Upstream(lot, 64)) {
    auto key = b.FindLot(t.id);
    if (!key) continue;
    for (const Contribution& c : b.lots[*key].sources) {
      if (c.flow != kNone) continue;
      const uint32_t origin = b.CommissioningOrigin(c);
      if (origin == kUnknownOrigin) continue;
      const SiteFacts* mine = b.Site(origin - 1);  // origin keys are site keys + 1
      if (mine != nullptr && !mine->province.empty()) out.insert(mine->province);
    }
  }
  if (out.empty()) out.insert("unknown");
  return out;
}

}  // namespace orelog::custody
