#include "server/http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <list>
#include <thread>
#include <vector>

#include "orelog/ledger.h"
#include "repo/capture.h"
#include "repo/event_reader.h"
#include "server/blocking_pool.h"
#include "server/epcis_routes.h"
#include "server/log_line.h"
#include "server/metrics.h"
#include "server/problem.h"
#include "server/router.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"

namespace orelog::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// SO_REUSEPORT: every thread's acceptor binds the same address; the kernel
// spreads connections over them.
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

struct Connection {
  beast::tcp_stream* stream = nullptr;
  bool reading = false;  // waiting for (or receiving) a request: safe to cut off on Stop
};

// What the workers share.
struct Shared {
  std::filesystem::path dir;
  ServerOptions options;
  ServerServices services;
  Metrics metrics;
  std::unique_ptr<BlockingPool> pool;  // null for a read-only server
  std::unique_ptr<repo::CustodyView> custody;  // shared by the workers (it locks)
  std::unique_ptr<AuthLimiter> auth_limiter;     // shared by the workers (it locks)
  std::unique_ptr<repo::ReadLog> read_log;       // shared by the workers (it locks)
};

// One thread: its own io_context, acceptor, readers and routers.
struct Worker {
  Worker(Shared& s, std::unique_ptr<store::LogReader> r, std::unique_ptr<repo::EventReader> e)
      : shared(s),
        options(s.options),
        reader(std::move(r)),
        events(std::move(e)),
        router(*reader),
        epcis(*reader, *events, EpcisServices{s.services.capturer, &s.metrics, s.custody.get(), s.services.ledger, s.auth_limiter.get(), &s.dir,
                                                    s.read_log.get()}),
        acceptor(ioc) {}

  Shared& shared;
  const ServerOptions& options;
  std::unique_ptr<store::LogReader> reader;
  std::unique_ptr<repo::EventReader> events;
  Router router;
  EpcisRoutes epcis;
  asio::io_context ioc{1};
  tcp::acceptor acceptor;
  std::list<Connection*> connections;  // touched only on this worker's thread
  bool stopping = false;
  std::thread thread;

  asio::awaitable<void> Accept();
  asio::awaitable<void> Serve(tcp::socket socket);
  asio::awaitable<Response> Dispatch(const Request& request, std::string& route);
  Response Metrics();
  void BeginStop();
};

Request ToRequest(const http::request<http::string_body>& req) {
  Request r(std::string(req.method_string()), std::string(req.target()));
  for (const auto& field : req) r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  r.body = req.body();
  return r;
}

size_t MaxCaptureBody(const ServerServices& s) { return s.capturer ? s.capturer->options().max_bytes : 0; }

bool IsCapture(const ServerServices& s, std::string_view method, std::string_view target) {
  return method == "POST" && s.capturer != nullptr && (target == "/capture" || target == "/events");
}

// Captures may carry large bodies; everything else is small.
size_t BodyLimitFor(const ServerOptions& o, const ServerServices& s, std::string_view method, std::string_view target) {
  return IsCapture(s, method, target) ? s.capturer->options().max_bytes : o.body_limit;
}

http::response<http::string_body> ToBeast(Response r, unsigned version, bool keep_alive) {
  http::response<http::string_body> res;
  res.version(version);
  res.result(static_cast<unsigned>(r.status));
  res.set(http::field::server, "orelog");
  for (auto& [k, v] : r.headers) res.set(k, v);
  res.body() = std::move(r.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

asio::awaitable<void> Worker::Accept() {
  while (acceptor.is_open()) {
    auto [ec, socket] = co_await acceptor.async_accept(kTuple);
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
    if (ec) {  // e.g. EMFILE: back off briefly instead of spinning
      asio::steady_timer t(ioc, std::chrono::milliseconds(50));
      co_await t.async_wait(kTuple);
      continue;
    }
    asio::co_spawn(ioc, Serve(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> Worker::Serve(tcp::socket socket) {
  boost::system::error_code peer_ec;
  const auto remote = socket.remote_endpoint(peer_ec);
  const std::string peer = peer_ec ? std::string() : remote.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  Connection self{&stream, false};
  auto it = connections.insert(connections.end(), &self);
  beast::flat_buffer buffer;
  while (!stopping) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<uint32_t>(options.header_limit));
    // The real limit depends on the route; Beast checks Content-Length against
    // the limit in force when the header completes, so start with the largest.
    parser.body_limit(std::max(options.body_limit, MaxCaptureBody(shared.services)));
    self.reading = true;
    // One deadline for header and body together: a client that dribbles is cut off.
    stream.expires_after(options.request_timeout);
    auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, kTuple);
    (void)hn;
    boost::system::error_code ec = hec;
    size_t body_limit = options.body_limit;
    if (!ec) {
      const auto& h = parser.get();
      body_limit = BodyLimitFor(options, shared.services, h.method_string(), h.target());
      if (parser.content_length() && *parser.content_length() > body_limit) {
        ec = http::error::body_limit;
      } else {
        parser.body_limit(body_limit);  // chunked bodies: counted as they arrive
        auto [bec, bn] = co_await http::async_read(stream, buffer, parser, kTuple);
        (void)bn;
        ec = bec;
      }
    }
    self.reading = false;
    std::optional<Response> reply;
    bool keep_alive = false;
    unsigned version = 11;
    std::string route = "other";
    auto started = std::chrono::steady_clock::now();
    if (ec == http::error::body_limit) {
      // Beast may refuse the Content-Length while reading the header (against
      // the largest limit); the fields are parsed by then, so name the route's.
      const auto& h = parser.get();
      body_limit = BodyLimitFor(options, shared.services, h.method_string(), h.target());
      std::string detail = "request bodies here are limited to " + std::to_string(body_limit) + " bytes";
      reply = IsCapture(shared.services, h.method_string(), h.target()) ? FromProblem(MakeEpcisProblem(413, repo::kCaptureLimitExceeded, detail))
                      : HttpProblemResponse(413, detail);
    } else if (ec == http::error::header_limit) {
      reply = HttpProblemResponse(431, "request headers are limited to " + std::to_string(options.header_limit) + " bytes");
    } else if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
               ec == asio::error::connection_reset || ec == asio::error::eof) {
      break;
    } else if (ec) {
      reply = HttpProblemResponse(400, "malformed HTTP request");
    } else {
      auto& req = parser.get();
      version = req.version();
      keep_alive = req.keep_alive() && !stopping;
      Request request = ToRequest(req);
      request.peer = peer;
      reply = co_await Dispatch(request, route);
      keep_alive = keep_alive && !stopping;
      auto elapsed = std::chrono::steady_clock::now() - started;
      shared.metrics.Observe(route, reply->status, elapsed);
      if (options.log_requests) {
        LogLine("info", "request",
                {{"method", std::string_view(request.method)},
                 {"path", request.Path()},
                 {"route", std::string_view(route)},
                 {"status", int64_t{reply->status}},
                 {"ms", std::chrono::duration<double, std::milli>(elapsed).count()}});
      }
    }
    auto res = ToBeast(std::move(*reply), version, keep_alive);
    stream.expires_after(options.write_timeout);
    auto [wec, wn] = co_await http::async_write(stream, res, kTuple);
    (void)wn;
    if (wec || !keep_alive) break;
  }
  connections.erase(it);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.close();
}

// Runs `work` on the blocking pool; the awaiting coroutine resumes on its
// own thread when the answer is ready (the completion is posted to its
// io_context, which a work guard keeps alive meanwhile). A plain function,
// not a coroutine: GCC 12 mishandles by-value coroutine parameters moved
// into an initiation (it destroyed the moved std::function twice).
struct PoolInitiation {
  BlockingPool* pool;
  template <typename Handler>
  void operator()(Handler handler, std::shared_ptr<Deferred> work) const {
    auto h = std::make_shared<Handler>(std::move(handler));
    auto ex = asio::get_associated_executor(*h);
    auto guard = std::make_shared<decltype(asio::make_work_guard(ex))>(asio::make_work_guard(ex));
    auto finish = [h, guard, ex](Response r) {
      asio::post(ex, [h, guard, r = std::move(r)]() mutable {
        (*h)(std::move(r));
        guard->reset();
      });
    };
    bool queued = pool->Submit([work, finish](repo::EventReader& pool_reader) { finish((*work)(pool_reader)); });
    if (!queued) finish(ProblemResponse(Status::Unavailable("too many captures in progress; retry later")));
  }
};

auto RunOnPool(BlockingPool* pool, std::shared_ptr<Deferred> work) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(PoolInitiation{pool}, asio::use_awaitable,
                                                                             std::move(work));
}

asio::awaitable<Response> Worker::Dispatch(const Request& request, std::string& route) {
  std::optional<Routed> routed = epcis.Handle(request, route);
  if (!routed) {
    std::string_view path = request.Path();
    if (path == "/metrics") {
      route = "metrics";
      co_return request.method == "GET" ? Metrics() : HttpProblemResponse(405, "only GET is supported here");
    }
    route = path == "/healthz" ? "healthz" : path == "/checkpoint" ? "checkpoint" : path.starts_with("/tile/") ? "tile" : "other";
    co_return router.Handle(request);
  }
  if (auto* r = std::get_if<Response>(&*routed)) co_return std::move(*r);
  if (!shared.pool) co_return HttpProblemResponse(405, "this server does not capture");
  auto work = std::make_shared<Deferred>(std::move(std::get<Deferred>(*routed)));
  co_return co_await RunOnPool(shared.pool.get(), work);
}

Response Worker::Metrics() {
  std::vector<std::tuple<std::string, std::string, double>> gauges;
  if (shared.pool) {
    gauges.emplace_back("orelog_capture_queue_depth", "Capture requests waiting for a capture thread.",
                        static_cast<double>(shared.pool->Queued()));
  }
  if (shared.services.ledger) {
    gauges.emplace_back("orelog_write_queue_entries", "Entries waiting to be sequenced by the log writer.",
                        static_cast<double>(shared.services.ledger->QueuedEntries()));
  }
  if (auto note = reader->Checkpoint(); note.ok()) {
    if (auto parsed = tlog::ParseNote(*note); parsed.ok()) {
      if (auto cp = tlog::ParseCheckpoint(parsed->text); cp.ok()) {
        gauges.emplace_back("orelog_log_size", "Entries covered by the latest signed checkpoint.",
                            static_cast<double>(cp->size));
      }
    }
  }
  Response r;
  r.headers.emplace_back("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = shared.metrics.Render(gauges);
  return r;
}

void Worker::BeginStop() {
  stopping = true;
  beast::error_code ignored;
  acceptor.close(ignored);
  for (Connection* c : connections) {
    if (c->reading) c->stream->cancel();  // idle or mid-request: cut off; writers finish
  }
}

}  // namespace

class HttpServer::Impl {
 public:
  Shared shared;
  std::vector<std::unique_ptr<Worker>> workers;
  uint16_t port = 0;
  bool stopped = false;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { Stop(); }
uint16_t HttpServer::port() const { return impl_->port; }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const std::filesystem::path& dir, const ServerOptions& options,
                                                      ServerServices services) {
  if (options.threads < 1 || options.threads > 256) return Status::Invalid("threads must be in 1..256");
  if (options.auth_failures.burst < 1 || options.auth_failures.refill_every.count() <= 0) {
    return Status::Invalid("auth failure limit: burst must be at least 1 and the refill period positive");
  }
  beast::error_code ec;
  auto address = asio::ip::make_address(options.host, ec);
  if (ec) return Status::Invalid("bad listen address '" + options.host + "': " + ec.message());

  auto impl = std::make_unique<Impl>();
  impl->shared.dir = dir;
  impl->shared.options = options;
  impl->shared.services = services;
  if (services.capturer != nullptr) {
    auto pool = BlockingPool::Start(dir, options.capture_threads, options.capture_queue);
    if (!pool.ok()) return pool.status();
    impl->shared.pool = std::move(*pool);
  }
  auto custody = repo::CustodyView::Open(dir, options.custody);
  if (!custody.ok()) return custody.status();
  impl->shared.custody = std::move(*custody);
  impl->shared.auth_limiter = std::make_unique<AuthLimiter>(options.auth_failures);
  // Full forms are served only with their reads recorded (docs/participants.md §3.3).
  auto read_log = repo::ReadLog::Open(dir);
  if (!read_log.ok()) return Status(read_log.status().code(), "the read log: " + read_log.status().message());
  impl->shared.read_log = std::move(*read_log);
  uint16_t port = options.port;
  for (int i = 0; i < options.threads; ++i) {
    auto reader = Ledger::OpenReader(dir);
    if (!reader.ok()) return reader.status();
    auto events = repo::EventReader::Open(dir);
    if (!events.ok()) return events.status();
    auto w = std::make_unique<Worker>(impl->shared, std::move(*reader), std::move(*events));
    tcp::endpoint ep(address, port);
    w->acceptor.open(ep.protocol(), ec);
    if (!ec) w->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) w->acceptor.set_option(ReusePort(true), ec);
    if (!ec) w->acceptor.bind(ep, ec);
    if (!ec) w->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      std::string msg = "cannot listen on ";
      msg += options.host;
      msg += ":";
      msg += std::to_string(port);
      msg += ": ";
      msg += ec.message();
      return Status::IOError(msg);
    }
    if (port == 0) port = w->acceptor.local_endpoint().port();
    impl->workers.push_back(std::move(w));
  }
  impl->port = port;
  for (auto& w : impl->workers) {
    Worker* worker = w.get();
    asio::co_spawn(worker->ioc, worker->Accept(), asio::detached);
    worker->thread = std::thread([worker] { worker->ioc.run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

void HttpServer::Stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  for (auto& w : impl_->workers) {
    Worker* worker = w.get();
    asio::post(worker->ioc, [worker] { worker->BeginStop(); });
  }
  for (auto& w : impl_->workers) {
    if (w->thread.joinable()) w->thread.join();
  }
  if (impl_->shared.pool) impl_->shared.pool->Stop();
}

}  // namespace orelog::server
