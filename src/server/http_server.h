// The HTTP/1.1 server (Boost.Beast; Beast stays inside http_server.cc).
// N threads, each with its own io_context, SO_REUSEPORT acceptor on the same
// address and its own LogReader/Router, so no coroutine ever migrates between
// threads (docs/deps.md pitfall 6) and no reader is shared.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "custody/book.h"
#include "orelog/status.h"
#include "server/auth_limiter.h"

namespace orelog {
class Ledger;
namespace repo {
class Capturer;
}
}  // namespace orelog

namespace orelog::server {

struct ServerOptions {
  std::string host = "127.0.0.1";  // IPv4 or IPv6 literal
  uint16_t port = 0;               // 0: the OS picks one (see HttpServer::port())
  int threads = 2;
  // From the start of waiting for a request (idle keep-alive included) until
  // its header and body are complete; a client that dribbles is cut off.
  std::chrono::milliseconds request_timeout{15000};
  std::chrono::milliseconds write_timeout{30000};
  size_t header_limit = 8 * 1024;  // bytes; larger -> 431
  size_t body_limit = 4 * 1024;    // bytes, for requests other than captures; larger -> 413
  // Capture (POST /capture, POST /events): bodies up to the capturer's
  // max_bytes; `capture_threads` threads wait for commits, at most
  // `capture_queue` requests wait for them (then 503 + Retry-After).
  int capture_threads = 16;
  size_t capture_queue = 256;
  bool log_requests = true;  // one JSON line per request on stderr
  custody::BookConfig custody;  // rules and thresholds of the custody view
  // Failed authentications allowed per client before 429 (docs/api.md "Callers").
  AuthLimitOptions auth_failures;
};

// What a writing server captures with; both null for a read-only server.
// Both must outlive the server.
struct ServerServices {
  Ledger* ledger = nullptr;
  repo::Capturer* capturer = nullptr;
};

class HttpServer {
 public:
  // Opens one log reader and one event reader per thread on the ledger in
  // `dir` (which must have the repository tables, repo::EnsureRepoSchema),
  // binds and starts serving.
  static Result<std::unique_ptr<HttpServer>> Start(const std::filesystem::path& dir, const ServerOptions& options,
                                                   ServerServices services = {});

  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;  // the bound port

  // Stops accepting, closes idle connections, lets requests being answered
  // finish (captures in flight complete; bounded by write_timeout), then
  // joins the threads. Idempotent; not to be called from a server thread.
  void Stop();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace orelog::server
