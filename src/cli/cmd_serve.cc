// serve: the read-only HTTP log endpoints (docs/api.md) until SIGINT/SIGTERM.
#include <fmt/format.h>
#include <signal.h>

#include <charconv>
#include <cstdio>

#include "cli/commands.h"
#include "server/http_server.h"

namespace orelog::cli {
namespace {

// "HOST:PORT" or "[IPv6]:PORT".
Status ParseListen(const std::string& listen, server::ServerOptions& o) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return Status::Invalid("--listen wants HOST:PORT, got '" + listen + "'");
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string_view port = std::string_view(listen).substr(colon + 1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    return Status::Invalid("--listen: bad port in '" + listen + "'");
  }
  o.host = host;
  o.port = static_cast<uint16_t>(value);
  return Status::Ok();
}

}  // namespace

int Serve(const std::string& dir, const std::string& listen, int threads) {
  server::ServerOptions o;
  o.threads = threads;
  if (Status st = ParseListen(listen, o); !st.ok()) return Fail("serve", st);

  // Block the stop signals before the server threads exist (they inherit the
  // mask), then wait for them synchronously on this thread.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto server = server::HttpServer::Start(dir, o);
  if (!server.ok()) return Fail("serve", server.status());
  std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  fmt::print("orelog: serving {} on http://{}:{}/ ({} threads)\n", dir, host, (*server)->port(), o.threads);
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop_signals, &sig);
  fmt::print(stderr, "orelog: signal {}, shutting down\n", sig);
  (*server)->Stop();
  return kExitOk;
}

}  // namespace orelog::cli
