// The EPCIS 2.0 REST endpoints (docs/api.md): capture, capture jobs, event
// queries, single events, their inclusion proofs and disclosures. Thin edge:
// handlers check the caller and translate; repo:: decides.
//
// Callers (docs/participants.md §2, docs/api.md "Callers"): a request with
// "Authorization: Bearer <token>" of a known token acts for that token's
// party with its scopes; one without a token has no scopes. Full forms need
// read-full or audit (without: public forms), and every full-form read is
// recorded in the read log; capture needs capture (else
// 403); a read-full token sees the full forms of the events its party is
// entitled to (docs/participants.md §3). A request with a bad token is refused (401), never downgraded, and
// counts against its client's failure budget (AuthLimiter: 429 when spent).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <variant>

#include "merkle/hasher.h"
#include "repo/capture.h"
#include "repo/custody_view.h"
#include "repo/event_reader.h"
#include "repo/read_log.h"
#include "repo/token_scopes.h"
#include "server/auth_limiter.h"
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
  AuthLimiter* auth_limiter = nullptr;   // null: failed authentications are not limited
  const std::filesystem::path* ledger_dir = nullptr;  // the registry's; null: no /participants endpoints
  // Where full-form reads are recorded (docs/participants.md §3.3); `orelog
  // serve` always opens one. Null only where a test or benchmark embeds the
  // routes: reads are then not recorded and GET /reads answers 404.
  repo::ReadLog* read_log = nullptr;
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
  Response Reads(const Request& r);

  // Records that `grant` was shown full forms (`indices`) by this request;
  // the 503 answer if that could not be recorded (the full answer must then
  // not be sent). Nothing to record for a viewer who sees only public forms.
  std::optional<Response> RecordFullRead(const Request& r, const repo::TokenGrant& grant,
                                         const std::vector<uint64_t>& indices);
  // `routed` if it is not a 200 answer; else it once its read (no event
  // indices: private registry or agreement data) is recorded, or the 503.
  Routed RecordedIfShown(const Request& r, const repo::TokenGrant& grant, Routed routed);

  // What the caller's token grants (party "" and no scopes without a token),
  // or the answer for a bad token (401) or a client out of budget (429).
  std::variant<repo::TokenGrant, Response> Caller(const Request& r);
  // The grant of a token holding at least one of `any_of`; otherwise a 401
  // answer (`why`) for no token or a bad one, or 403 for a token without
  // such a scope.
  std::variant<repo::TokenGrant, Response> RequireScope(const Request& r, repo::Scopes any_of, std::string_view why);

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
