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
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <list>
#include <thread>
#include <vector>

#include "orelog/ledger.h"
#include "server/router.h"

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

// One thread: its own io_context, acceptor, reader and router.
struct Worker {
  Worker(const ServerOptions& o, std::unique_ptr<store::LogReader> r)
      : options(o), reader(std::move(r)), router(*reader), acceptor(ioc) {}

  const ServerOptions& options;
  std::unique_ptr<store::LogReader> reader;
  Router router;
  asio::io_context ioc{1};
  tcp::acceptor acceptor;
  std::list<Connection*> connections;  // touched only on this worker's thread
  bool stopping = false;
  std::thread thread;

  asio::awaitable<void> Accept();
  asio::awaitable<void> Serve(tcp::socket socket);
  void BeginStop();
};

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
  beast::tcp_stream stream(std::move(socket));
  Connection self{&stream, false};
  auto it = connections.insert(connections.end(), &self);
  beast::flat_buffer buffer;
  while (!stopping) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<uint32_t>(options.header_limit));
    parser.body_limit(options.body_limit);
    self.reading = true;
    stream.expires_after(options.request_timeout);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, kTuple);
    self.reading = false;
    (void)n;
    std::optional<Response> reply;
    bool keep_alive = false;
    unsigned version = 11;
    if (ec == http::error::body_limit) {
      reply = HttpProblemResponse(413, "request bodies are limited to " + std::to_string(options.body_limit) + " bytes");
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
      reply = router.Handle(Request{std::string(req.method_string()), std::string(req.target())});
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
  ServerOptions options;
  std::vector<std::unique_ptr<Worker>> workers;
  uint16_t port = 0;
  bool stopped = false;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { Stop(); }
uint16_t HttpServer::port() const { return impl_->port; }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const std::filesystem::path& dir, const ServerOptions& options) {
  if (options.threads < 1 || options.threads > 256) return Status::Invalid("threads must be in 1..256");
  beast::error_code ec;
  auto address = asio::ip::make_address(options.host, ec);
  if (ec) return Status::Invalid("bad listen address '" + options.host + "': " + ec.message());

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  uint16_t port = options.port;
  for (int i = 0; i < options.threads; ++i) {
    auto reader = Ledger::OpenReader(dir);
    if (!reader.ok()) return reader.status();
    auto w = std::make_unique<Worker>(impl->options, std::move(*reader));
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
}

}  // namespace orelog::server
