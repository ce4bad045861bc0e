#include "server/report_routes.h"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "custody/export_report.h"
#include "custody/exports.h"
#include "custody/history.h"
#include "query/instant.h"
#include "query/query_string.h"
#include "server/problem.h"

namespace orelog::server {
namespace {

Result<int64_t> Time(const std::map<std::string, std::string>& params, const std::string& name, int64_t fallback) {
  auto it = params.find(name);
  if (it == params.end()) return fallback;
  auto t = query::InstantMillis(it->second);
  if (!t.ok()) return Status::Invalid(name + " must be a date-time with a zone: " + t.status().message());
  return *t;
}

// CSV when asked for by format=csv or an Accept header naming text/csv
// (and not asking for JSON first); JSON otherwise.
Result<bool> WantsCsv(const Request& r, const std::map<std::string, std::string>& params) {
  if (auto f = params.find("format"); f != params.end()) {
    if (f->second != "csv" && f->second != "json") return Status::Invalid("format must be csv or json");
    return f->second == "csv";
  }
  const std::string_view accept = r.Header("Accept");
  const size_t csv = accept.find("text/csv");
  return csv != std::string_view::npos && csv < std::min(accept.find("application/json"), accept.size());
}

// The log indices the report rests on: the whole upstream history of every
// lot an export in the window ships (which holds the export events).
std::vector<uint64_t> RestsOn(const custody::Book& book, const custody::ReportQuery& q) {
  std::vector<uint64_t> out;
  std::set<std::string> lots;
  for (const custody::Export& e : custody::Exports(book)) {
    if (e.time_ms < q.from_ms || e.time_ms >= q.to_ms) continue;
    for (const custody::ExportedLot& l : e.lots) lots.insert(l.lot);
  }
  for (const std::string& lot : lots) {
    auto h = custody::HistoryIndices(book, lot, {});
    if (h.ok()) out.insert(out.end(), h->begin(), h->end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

bool IsReportPath(std::string_view path) { return path.starts_with("/reports/"); }

std::optional<Response> HandleReports(const Request& r, const repo::Viewer& viewer, repo::CustodyView& view,
                                      repo::EventReader* events, std::string& route, FullRead* read) {
  if (r.Path() != "/reports/exports") return std::nullopt;
  route = "report_exports";
  if (r.method != "GET") return NotAllowedHere("GET");
  auto split = query::SplitQueryString(r.Query());
  if (!split.ok()) return ProblemResponse(split.status());
  std::map<std::string, std::string> params;
  for (query::QueryParam& p : *split) {
    if (p.name != "from" && p.name != "to" && p.name != "groupBy" && p.name != "format") {
      return HttpProblemResponse(400, "unknown query parameter " + p.name);
    }
    if (!params.emplace(p.name, std::move(p.value)).second) return HttpProblemResponse(400, "repeated query parameter " + p.name);
  }
  custody::ReportQuery q;
  auto from = Time(params, "from", INT64_MIN);
  if (!from.ok()) return ProblemResponse(from.status());
  auto to = Time(params, "to", INT64_MAX);
  if (!to.ok()) return ProblemResponse(to.status());
  q.from_ms = *from;
  q.to_ms = *to;
  auto group_by = custody::ParseGroupBy(params.count("groupBy") ? params.at("groupBy") : "");
  if (!group_by.ok()) return ProblemResponse(group_by.status());
  q.group_by = *group_by;
  auto csv = WantsCsv(r, params);
  if (!csv.ok()) return ProblemResponse(csv.status());
  // One book, decided and computed under one lock of the view.
  bool full = false;
  custody::ExportReport report = view.ReadBoth([&](const custody::Book& pub, const custody::Book& all) {
    if (viewer.sees_nothing_withheld()) return custody::BuildExportReport(pub, q);
    std::vector<uint64_t> indices = RestsOn(all, q);
    if (!viewer.sees_everything()) {
      auto entitled = events != nullptr ? events->EntitledToAll(viewer, indices) : Result<bool>(false);
      if (!entitled.ok() || !*entitled) return custody::BuildExportReport(pub, q);
    }
    full = true;
    if (read != nullptr) {
      read->full = true;
      read->indices = std::move(indices);
    }
    return custody::BuildExportReport(all, q);
  });
  const std::string_view form = full ? "full" : "public";
  Response res;
  res.status = 200;
  res.headers.emplace_back("Cache-Control", "no-store");
  res.headers.emplace_back("Vary", "Accept, Authorization");
  if (*csv) {
    res.headers.emplace_back("Content-Type", "text/csv; charset=utf-8; header=present");
    res.body = custody::ExportReportCsv(report, form);
  } else {
    res.headers.emplace_back("Content-Type", "application/json");
    res.body = boost::json::serialize(custody::ExportReportJson(report, form));
  }
  return res;
}

}  // namespace orelog::server
