// serve: the EPCIS capture/query API and the log endpoints (docs/api.md)
// until SIGINT/SIGTERM; then stop accepting, finish in-flight requests and
// flush the log (integrate and publish a final checkpoint).
#include <fmt/format.h>
#include <signal.h>

#include <charconv>
#include <cstdio>

#include "cli/commands.h"
#include "orelog/ledger.h"
#include "base/file.h"
#include "epcis/policy_file.h"
#include "repo/capture.h"
#include "repo/schema.h"
#include "server/http_server.h"
#include "server/log_line.h"

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

int Serve(const ServeConfig& config) {
  server::ServerOptions o;
  o.threads = config.threads;
  o.capture_threads = config.capture_threads;
  o.capture_queue = config.capture_queue;
  o.log_requests = !config.quiet;
  if (Status st = ParseListen(config.listen, o); !st.ok()) return Fail("serve", st);
  if (Status st = custody::ApplyRuleText(config.custody, o.custody); !st.ok()) return Fail("serve", st);

  // Block the stop signals before any thread exists (threads inherit the
  // mask), then wait for them synchronously on this thread.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  if (Status st = repo::EnsureRepoSchema(config.dir); !st.ok()) return Fail("serve", st);
  LedgerOptions lo;
  lo.publish_interval = std::chrono::milliseconds(config.publish_ms);
  lo.max_queued_entries = config.write_queue;
  auto ledger = Ledger::Open(config.dir, lo);
  if (!ledger.ok()) return Fail("serve", ledger.status());
  repo::CaptureOptions co;
  co.max_events = config.capture_limit;
  co.max_bytes = config.capture_bytes;
  co.ledger_dir = config.dir;
  if (!config.disclosure_policy.empty()) {
    auto text = ReadFile(config.disclosure_policy, 1 << 20);
    if (!text.ok()) return Fail("serve", text.status());
    auto policy = epcis::ParsePolicyDocument(*text);
    if (!policy.ok()) return Fail("serve", Status(policy.status().code(), config.disclosure_policy + ": " + policy.status().message()));
    co.policy = std::move(*policy);
  }
  if (co.max_events > lo.max_group_entries) {
    return Fail("serve", Status::Invalid("--capture-limit may not exceed " + std::to_string(lo.max_group_entries)));
  }
  repo::Capturer capturer(**ledger, co);

  auto server = server::HttpServer::Start(config.dir, o, server::ServerServices{ledger->get(), &capturer});
  if (!server.ok()) return Fail("serve", server.status());
  std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  std::string base = fmt::format("http://{}:{}", host, (*server)->port());
  fmt::print("orelog: serving {} on {}/ ({} threads)\n", config.dir, base, o.threads);
  fmt::print("  log:     {}/checkpoint  {}/tile/...\n", base, base);
  fmt::print("  events:  {}/events  {}/events/{{eventID}}[/proof]\n", base, base);
  fmt::print("  capture: {}/capture (bearer token)\n", base);
  fmt::print("  health:  {}/healthz  {}/metrics\n", base, base);
  std::fflush(stdout);
  server::LogLine("info", "serving",
                  {{"dir", std::string_view(config.dir)}, {"url", std::string_view(base)}, {"threads", int64_t{o.threads}}});

  int sig = 0;
  sigwait(&stop_signals, &sig);
  server::LogLine("info", "shutting down", {{"signal", int64_t{sig}}});
  (*server)->Stop();
  ledger->reset();  // integrates and publishes what was acknowledged
  server::LogLine("info", "stopped");
  return kExitOk;
}

}  // namespace orelog::cli
