// The EPCIS 2.0 REST endpoints (docs/api.md): capture, capture jobs, event
// queries, single events, their inclusion proofs and disclosures. Thin edge:
// handlers check the caller and translate; repo:: decides.
//
// Callers: a request with "Authorization: Bearer <token>" of a known token
// acts for that token's party and sees full forms; one without sees public
// forms only; a request with a bad token is refused (401), never downgraded.
#pragma once

#include <functional>
#include <optional>
#include <variant>

#include "merkle/hasher.h"
#include "repo/capture.h"
#include "repo/custody_view.h"
#include "repo/event_reader.h"
#include "server/metrics.h"
#include "server/router.h"
#include "store/log_store.h"

namespace orelog::server {

// Work to run on the blocking pool (it waits for a commit); it gets that
// pool thread's own EventReader.
using Deferred = std::function<Response(repo::EventReader&)>;
using Routed = std::variant<Response, Deferred>;

struct EpcisServices {
  repo::Capturer* capturer = nullptr;  // null: a read-only server (capture answers 405)
  Metrics* metrics = nullptr;
  repo::CustodyView* custody = nullptr;  // null: no custody endpoints
  Ledger* ledger = nullptr;              // signs passports; null: a read-only server
};

// Not thread-safe (the readers are not): one per server thread.
class EpcisRoutes {
 public:
  EpcisRoutes(store::LogReader& log, repo::EventReader& events, EpcisServices services)
      : log_(log), events_(events), services_(services) {}

  // The answer for /capture... and /events... paths; nullopt for other paths.
  // `route` is set to the metrics label of the endpoint.
  std::optional<Routed> Handle(const Request& request, std::string& route);

 private:
  Routed Capture(const Request& r);
  Response CaptureJob(const Request& r, std::string_view id);
  Response CaptureJobs(const Request& r);
  Routed PostEvent(const Request& r);
  Response Query(const Request& r);
  Response GetEvent(const Request& r, std::string_view id);
  Response Proof(std::string_view id);
  Response Disclosures(const Request& r, std::string_view id);
  Response MasterData(const Request& r, std::string_view rest);

  // The caller's party ("" = public), or the 401 answer for a bad token.
  std::variant<std::string, Response> Caller(const Request& r);
  // The caller's party, or a 401 answer (`why`) for no token or a bad one.
  std::variant<std::string, Response> RequireParty(const Request& r, std::string_view why);

  store::LogReader& log_;
  repo::EventReader& events_;
  EpcisServices services_;
  merkle::Hasher hasher_;
};

inline constexpr char kQueryParameterException[] = "epcisException:QueryParameterException";
inline constexpr char kQueryTooLargeException[] = "epcisException:QueryTooLargeException";
inline constexpr char kQueryTooComplexException[] = "epcisException:QueryTooComplexException";
inline constexpr char kSecurityException[] = "epcisException:SecurityException";
inline constexpr char kNoSuchResourceException[] = "epcisException:NoSuchResourceException";

}  // namespace orelog::server
