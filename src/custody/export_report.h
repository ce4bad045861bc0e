// The export disclosure report (EITI Requirements 3.2/3.3 style;
// docs/export-report.md): exports (custody/exports.h) in a time window,
// grouped by any of mineral, origin province, destination country and
// period (UTC month), each row with its lots, gross (wet) and dry mass,
// contained metal per element, the declared values this book can see,
// royalties at the configured rates, and the event IDs behind it.
//
// Computed from ONE custody book: the caller chooses which (the public
// book for the public, the full book for entitled callers), so the report
// obeys the custody visibility rule exactly as the book does. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "custody/book.h"
#include "custody/money.h"
#include "orelog/status.h"

namespace orelog::custody {

enum class ReportKey { kMineral, kProvince, kDestination, kPeriod };

struct ReportQuery {
  int64_t from_ms = INT64_MIN;  // export time >= from
  int64_t to_ms = INT64_MAX;    // export time < to
  std::vector<ReportKey> group_by;  // in the order given; distinct
};

// "mineral,province,destination,period" (any subset, any order, no
// repeats; "" groups nothing: one row). InvalidArgument otherwise.
Result<std::vector<ReportKey>> ParseGroupBy(std::string_view text);

struct ReportRow {
  std::map<ReportKey, std::string> key;  // the grouping values
  std::set<std::string> lots;
  size_t exports = 0;
  Milligrams wet = 0, dry = 0;
  std::map<std::string, Milligrams, std::less<>> contained;  // element -> mg
  std::map<std::string, Cents, std::less<>> declared;         // currency -> cents (visible values)
  size_t value_undisclosed = 0;  // exports whose declared value this book cannot see
  std::map<std::string, Cents, std::less<>> royalties;        // element -> cents
  std::set<std::string> agreements;  // agreement IDs this book can see
  size_t undisclosed_links = 0;      // exports linked only through undisclosed links
  std::vector<std::string> event_ids;  // the export events, log order
};

struct ExportReport {
  ReportQuery query;
  std::string royalty_currency;
  std::vector<ReportRow> rows;  // ascending by key
};

ExportReport BuildExportReport(const Book& book, const ReportQuery& query);

// JSON (docs/api.md "Export report"): masses as {"mg", "t"}, money as
// decimal strings. `form` names the book it was computed from ("public" or
// "full") and is reported.
boost::json::object ExportReportJson(const ExportReport& report, std::string_view form);
// CSV (RFC 4180, header row first): one line per row; lists joined by ';',
// per-element figures as "El=t" pairs.
std::string ExportReportCsv(const ExportReport& report, std::string_view form);

}  // namespace orelog::custody
