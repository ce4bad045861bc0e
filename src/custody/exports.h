// Exports in a custody book (docs/minerals-profile.md §5.1): shipping
// events that leave the country, with what they carry. Shared by the
// agreement flags (agreement_flags.h) and the export disclosure report
// (export_report.h). Pure.
//
// An export is a shipping fact with an export licence, a destination
// country, or a destination location that is a defined site in another
// country than the shipping site. Its lots are the quantityList lots; a lot
// shipped without a quantity ships its whole wet mass. A shipped part of a
// lot carries that part of the lot's dry mass and contained metal (floor of
// the exact proportion); dry mass is the lot view's (wet × (1 − moisture)
// with a moisture assay of the lot, else equal to wet).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "custody/book.h"
#include "custody/units.h"

namespace orelog::custody {

struct ExportedLot {
  std::string lot;
  Milligrams wet = 0;
  Milligrams dry = 0;
  std::map<std::string, Milligrams, std::less<>> contained;  // element -> mg (no H2O)
};

struct Export {
  uint32_t fact = 0;          // index into the book's facts (log order)
  std::string event_id;
  int64_t time_ms = 0;
  std::string destination;    // ISO country code, "" if this book cannot tell
  std::string shipment;
  std::vector<ExportedLot> lots;
  // Agreement links on the event or on any event naming one of its lots,
  // kPlaceholderLink for each undisclosed one (ascending, distinct).
  std::set<std::string> agreements;
  std::string export_licence;
  // Royalty receipts on the event or on any event with the same shipment.
  bool royalty_receipt = false;
  std::string declared_value;  // orl:declaredValue as written, "" if absent
};

// Every export of the book, in log order.
std::vector<Export> Exports(const Book& book);

// The principal element of an export lot: the one of most contained metal
// ("unassayed" if none; ties by name).
std::string PrincipalElement(const ExportedLot& lot);

// The origin provinces of a lot: the provinces of the mines its material
// was commissioned at, upstream through every flow; "unknown" if none.
std::set<std::string> OriginProvinces(const Book& book, const std::string& lot);

}  // namespace orelog::custody
