// The custody endpoints (docs/api.md "Custody"): lots, their genealogy and
// origin, metal balances, shipment settlement and red flags. Thin edge: the
// figures come from repo::CustodyView (custody/views.h renders them).
//
// Who sees what (docs/participants.md §3.2): a public caller (or a token
// without read-full or audit) is answered from the book built from public
// forms only, so a figure computed from anything withheld is absent for
// them; an audit caller from the full forms; a participant with read-full
// from the full forms only when it is entitled to every event the answer
// rests on (and the events it names), else like the public. A flag is shown
// in full when the participant is entitled to all of its evidence, else in
// its public form if the public sees it.
#pragma once

#include <optional>
#include <string>
#include <vector>

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

// What an answer showed in full, for the read log: the log indices of the
// events it rests on when anything in it came from full forms.
struct FullRead {
  bool full = false;
  std::vector<uint64_t> indices;
};

// GET /lots/{lot}/passport: 200 with the signed passport (docs/passport-format.md),
// 503 (+ Retry-After) while the lot's latest event is not in a checkpoint or
// on a read-only server, 413 beyond passport::kMaxLeaves leaves, 404 for an
// unknown lot.
// Disclosures are embedded only for leaves the viewer is entitled to.
Response PassportResponse(std::string_view lot, const repo::Viewer& viewer, repo::CustodyView& view,
                          const PassportSources& sources, FullRead* read = nullptr);


// The answer for /lots/..., /balances, /shipments/... and /flags paths;
// nullopt for other paths. `route` is set to the metrics label.
// `read` (if given) is told what was shown in full.
std::optional<Response> HandleCustody(const Request& request, const repo::Viewer& viewer, repo::CustodyView& view,
                                      const PassportSources& passport, std::string& route, FullRead* read = nullptr);

// True for paths HandleCustody answers (to authenticate before routing).
bool IsCustodyPath(std::string_view path);

}  // namespace orelog::server
