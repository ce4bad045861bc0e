// The HTTP routes of the read-only log endpoints, free of Beast types: the
// server translates a parsed request into Request and a Response back into
// HTTP. Thin edge: the router maps paths to LogReader calls and Status codes
// to problem+json; the store decides what exists.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/problem.h"
#include "store/log_store.h"

namespace orelog::server {

struct Request {
  Request() = default;
  Request(std::string m, std::string t) : method(std::move(m)), target(std::move(t)) {}

  std::string method;  // "GET", ...
  std::string target;  // origin-form, e.g. "/tile/0/x001/234.p/7?x=1"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string peer;  // the client's IP address as text ("" if unknown)

  // The value of the first header named `name` (case-insensitive), or "".
  std::string_view Header(std::string_view name) const;
  // The target's path (before '?') and query (after it, "" if none).
  std::string_view Path() const;
  std::string_view Query() const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Length
  std::string body;

  // The value of the first header named `name` (case-insensitive), or "".
  std::string_view Header(std::string_view name) const;
};

inline constexpr char kFullTileCacheControl[] = "public, max-age=31536000, immutable";
inline constexpr char kPartialTileCacheControl[] = "public, max-age=5";
inline constexpr char kCheckpointCacheControl[] = "no-cache";

// GET /healthz, GET /checkpoint, GET /tile/<L>/<N>[.p/<W>], GET /tile/entries/<N>[.p/<W>].
// Not thread-safe (the reader is not): one Router per server thread.
class Router {
 public:
  explicit Router(store::LogReader& reader) : reader_(reader) {}

  Response Handle(const Request& request);

 private:
  store::LogReader& reader_;
};

// A problem+json response (with Retry-After for 503s).
Response ProblemResponse(const Status& status);
Response FromProblem(const Problem& problem);
Response HttpProblemResponse(int http_status, std::string_view detail);
// 405 problem+json with "Allow: <allow>" (e.g. "GET, POST").
Response NotAllowedHere(std::string_view allow);
// `status` with `body` as Content-Type `type`, never cached (API answers).
Response JsonAnswer(int status, std::string body, std::string_view type = "application/json");

}  // namespace orelog::server
