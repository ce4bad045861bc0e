// The custody endpoints (docs/api.md "Custody"): lots, their genealogy and
// origin, metal balances, shipment settlement and red flags. Thin edge: the
// figures come from repo::CustodyView (custody/views.h renders them).
//
// Who sees what: a public caller (or a token without read-full or audit) is
// answered from the book built from public forms only, so a figure computed
// from anything withheld is absent for them; a read-full or audit caller is
// answered from the full forms (until per-party policy lands, every such
// token is entitled to all full forms). The caller decides the Access.
#pragma once

#include <optional>
#include <string>

#include "orelog/ledger.h"
#include "repo/custody_view.h"
#include "repo/event_reader.h"
#include "server/router.h"

namespace orelog::server {

// What GET /lots/{id}/passport needs beyond the custody view: the log (entries,
// proofs, checkpoint), the private event rows (disclosures) and the ledger
// (its key signs passports; null on a read-only server: 503).
struct PassportSources {
  store::LogReader* log = nullptr;
  repo::EventReader* events = nullptr;
  Ledger* ledger = nullptr;
};

// GET /lots/{lot}/passport: 200 with the signed passport (docs/passport-format.md),
// 503 (+ Retry-After) while the lot's latest event is not in a checkpoint or
// on a read-only server, 413 beyond passport::kMaxLeaves leaves, 404 for an
// unknown lot.
Response PassportResponse(std::string_view lot, repo::Access access, repo::CustodyView& view,
                          const PassportSources& sources);

// The answer for /lots/..., /balances, /shipments/... and /flags paths;
// nullopt for other paths. `route` is set to the metrics label.
std::optional<Response> HandleCustody(const Request& request, repo::Access access, repo::CustodyView& view,
                                      const PassportSources& passport, std::string& route);

// True for paths HandleCustody answers (to authenticate before routing).
bool IsCustodyPath(std::string_view path);

}  // namespace orelog::server
