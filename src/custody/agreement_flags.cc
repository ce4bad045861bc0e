#include "custody/agreement_flags.h"

#include <algorithm>

#include "custody/exports.h"
#include "custody/money.h"
#include "epcis/timestamp.h"

namespace orelog::custody {
namespace {

// Whether an agreement or licence in force on the export's day (UTC)
// covers it.
bool Covered(const Export& e, const agreements::Register& reg) {
  const std::string day = epcis::FormatUtcMillis(e.time_ms).value_or("").substr(0, 10);
  for (const std::string& link : e.agreements) {
    if (link == kPlaceholderLink) return true;  // a link whose target this reader may not see
    const agreements::Agreement* a = reg.Find(link);
    if (a != nullptr && a->InForceOn(day)) return true;
  }
  if (!e.export_licence.empty()) {
    const agreements::Agreement* licence = reg.Find(e.export_licence);
    if (licence != nullptr && licence->InForceOn(day) && licence->current.type == "export-licence") return true;
  }
  return false;
}

Flag MakeFlag(std::string kind, const Export& e, std::string message) {
  Flag f;
  f.id = kind + "/" + e.event_id;
  f.kind = std::move(kind);
  f.severity = 2;
  f.subject_type = "event";
  f.subject = e.event_id;
  f.message = std::move(message);
  f.evidence.push_back(e.event_id);
  for (const ExportedLot& l : e.lots) f.lots.push_back(l.lot);
  std::sort(f.lots.begin(), f.lots.end());
  f.lots.erase(std::unique(f.lots.begin(), f.lots.end()), f.lots.end());
  return f;
}

std::string Where(const Export& e) {
  const std::string day = epcis::FormatUtcMillis(e.time_ms).value_or("").substr(0, 10);
  return "the export" + (e.destination.empty() ? std::string() : " to " + e.destination) + " of " + day;
}

}  // namespace

std::vector<Flag> AgreementFlags(const Book& book, const agreements::Register& reg) {
  const BookConfig& config = book.config();
  if (reg.empty() && config.royalty_rates.empty()) return {};
  std::vector<Flag> out;
  for (const Export& e : Exports(book)) {
    if (!reg.empty() && !Covered(e, reg)) {
      out.push_back(MakeFlag("export_without_agreement", e, Where(e) + " rests on no agreement or export licence in force"));
    }
    if (config.royalty_rates.empty() || e.royalty_receipt) continue;
    Cents due = 0;
    std::string elements;
    for (const ExportedLot& l : e.lots) {
      for (const auto& [element, mg] : l.contained) {
        auto rate = config.royalty_rates.find(element);
        if (rate == config.royalty_rates.end()) continue;
        const Cents c = RoyaltyCents(mg, rate->second);
        if (c <= 0) continue;
        due += c;
        if (elements.find(element) == std::string::npos) elements += (elements.empty() ? "" : ", ") + element;
      }
    }
    if (due > 0) {
      out.push_back(MakeFlag("royalty_unpaid", e, Where(e) + " owes " + config.royalty_currency + " " + FormatCents(due) +
                                                      " royalty (" + elements + ") and no royalty receipt is recorded"));
    }
  }
  std::sort(out.begin(), out.end(), [](const Flag& x, const Flag& y) { return x.id < y.id; });
  return out;
}

}  // namespace orelog::custody
