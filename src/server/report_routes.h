// GET /reports/exports (docs/api.md "Export report", docs/export-report.md):
// the export disclosure report, JSON or CSV. Thin edge: custody/
// export_report.h computes it from the custody book the caller's Access
// selects (public forms for the public), so it obeys the custody
// visibility rule; per-party entitlement plugs in by choosing that book.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "repo/custody_view.h"
#include "server/router.h"

namespace orelog::server {

bool IsReportPath(std::string_view path);

// The answer for a /reports/... path; nullopt for other paths.
std::optional<Response> HandleReports(const Request& request, repo::Access access, repo::CustodyView& view,
                                      std::string& route);

}  // namespace orelog::server
