// GET /reports/exports (docs/api.md "Export report", docs/export-report.md):
// the export disclosure report, JSON or CSV. Thin edge: custody/
// export_report.h computes it from ONE custody book, chosen by the derived-
// figures rule of docs/participants.md §3.2: the full book for audit, the
// public book for the public, and for a participant the full book only if it
// is entitled to every event the report rests on (the whole upstream history
// of every exported lot in the window), else the public book.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "repo/custody_view.h"
#include "repo/event_reader.h"
#include "repo/viewer.h"
#include "server/custody_routes.h"
#include "server/router.h"

namespace orelog::server {

bool IsReportPath(std::string_view path);

// The answer for a /reports/... path; nullopt for other paths. `events`
// looks up entitlement (null: participants get the public computation);
// `read` receives the indices a full computation rested on (for the read log).
std::optional<Response> HandleReports(const Request& request, const repo::Viewer& viewer, repo::CustodyView& view,
                                      repo::EventReader* events, std::string& route, FullRead* read);

}  // namespace orelog::server
