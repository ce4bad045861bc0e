#include "http_load.h"

#include <sys/resource.h>

#include <algorithm>
#include <barrier>
#include <cmath>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "common.h"

namespace orelog::bench {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

void Connection(const LoadOptions& o, int c, std::barrier<>& start, std::vector<double>& latencies) {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), o.port), ec);
  Check(!ec, "connect: " + ec.message());
  socket.set_option(asio::ip::tcp::no_delay(true));
  beast::flat_buffer buffer;
  latencies.reserve(o.requests_per_connection);
  start.arrive_and_wait();
  for (uint64_t k = 0; k < o.requests_per_connection; ++k) {
    HttpCall call = o.make(c, k);
    http::request<http::string_body> req(http::string_to_verb(call.method), call.target, 11);
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : call.headers) req.set(name, value);
    req.body() = std::move(call.body);
    req.keep_alive(true);
    req.prepare_payload();
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u * 1024 * 1024);
    const auto t0 = Clock::now();
    http::write(socket, req, ec);
    Check(!ec, "write: " + ec.message());
    http::read(socket, buffer, parser, ec);
    Check(!ec, "read: " + ec.message());
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    const auto& res = parser.get();
    if (!o.check(c, k, static_cast<int>(res.result_int()), res.body())) {
      Check(false, "unexpected answer " + std::to_string(res.result_int()) + " to " + call.target + ": " +
                       res.body().substr(0, 400));
    }
    Check(res.keep_alive(), "the server closed the connection");
  }
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
}

}  // namespace

double ProcessCpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

LoadResult RunLoad(const LoadOptions& o) {
  std::vector<std::vector<double>> per(static_cast<size_t>(o.connections));
  std::barrier<> start(o.connections + 1);
  std::vector<std::thread> threads;
  for (int c = 0; c < o.connections; ++c) {
    threads.emplace_back([&, c] { Connection(o, c, start, per[static_cast<size_t>(c)]); });
  }
  start.arrive_and_wait();  // every connection is open
  const double cpu0 = ProcessCpuSeconds();
  Stopwatch sw;
  for (auto& t : threads) t.join();
  LoadResult r;
  r.seconds = sw.Seconds();
  r.cpu_seconds = ProcessCpuSeconds() - cpu0;
  for (auto& v : per) r.latencies_ms.insert(r.latencies_ms.end(), v.begin(), v.end());
  return r;
}

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

}  // namespace orelog::bench
