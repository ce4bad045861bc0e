// End-to-end: the server on 127.0.0.1, port 0, spoken to over raw sockets.
#include "server/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <thread>

#include "server/server_test_fixture.h"
#include "tlog/tile.h"

namespace orelog::server {
namespace {

using Clock = std::chrono::steady_clock;

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// A minimal blocking HTTP/1.1 client over one loopback connection; every
// receive waits at most 5 s so that a broken server fails instead of hanging.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { ::close(fd_); }
  bool connected() const { return connected_; }

  bool Send(std::string_view s) {
    while (!s.empty()) {
      ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      s.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Waits up to `timeout` for data; false on EOF, error or timeout.
  bool Fill(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    in_.append(buf, static_cast<size_t>(n));
    return true;
  }

  // True if the server closed the connection (EOF or reset) within `timeout`.
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return true;
    }
    return false;
  }

  std::optional<HttpReply> Read() {
    size_t end;
    while ((end = in_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    HttpReply r;
    std::string head = in_.substr(0, end);
    in_.erase(0, end + 4);
    size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    r.status = std::stoi(status_line.substr(9, 3));
    size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      size_t e = head.find("\r\n", pos);
      if (e == std::string::npos) e = head.size();
      std::string line = head.substr(pos, e - pos);
      size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[name] = value;
      pos = e + 2;
    }
    size_t length = std::stoul(r.headers.count("content-length") ? r.headers["content-length"] : "0");
    while (in_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    r.body = in_.substr(0, length);
    in_.erase(0, length);
    return r;
  }

  std::optional<HttpReply> Get(const std::string& target, bool close = false) {
    std::string req = "GET " + target;
    req += " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (close) req += "Connection: close\r\n";
    req += "\r\n";
    if (!Send(req)) return std::nullopt;
    return Read();
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string in_;
};

class HttpServerTest : public LedgerFixture {
 protected:
  void StartServer(ServerOptions o = {}) {
    o.host = "127.0.0.1";
    o.port = 0;
    auto s = HttpServer::Start(dir_, o);
    ASSERT_OK(s);
    server_ = std::move(*s);
    ASSERT_NE(server_->port(), 0);
  }
  void TearDown() override {
    server_.reset();
    LedgerFixture::TearDown();
  }
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, CheckpointAndEveryTileOverOneKeepAliveConnection) {
  StartServer();
  Client c(server_->port());
  ASSERT_TRUE(c.connected());
  auto cp = c.Get("/checkpoint");
  ASSERT_TRUE(cp);
  EXPECT_EQ(cp->status, 200);
  auto want = ledger_->Checkpoint();
  ASSERT_OK(want);
  EXPECT_EQ(cp->body, *want);
  EXPECT_EQ(cp->headers["content-type"], "text/plain; charset=utf-8");

  auto tiles = tlog::TilesForTreeSize(kSize);
  for (const tlog::TileRef& t : tiles) {  // all on the same connection
    SCOPED_TRACE(t.Path());
    auto r = c.Get("/" + t.Path());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    auto bytes = t.entries ? reader_->EntryBundle(t.index, t.width) : reader_->Tile(t.level, t.index, t.width);
    ASSERT_OK(bytes);
    EXPECT_EQ(r->body, std::string(bytes->begin(), bytes->end()));
    EXPECT_EQ(r->headers["cache-control"],
              t.width == tlog::kTileWidth ? "public, max-age=31536000, immutable" : "public, max-age=5");
  }
  auto last = c.Get("/healthz", /*close=*/true);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->status, 200);
  EXPECT_TRUE(c.ClosedWithin(std::chrono::milliseconds(2000)));
}

TEST_F(HttpServerTest, MalformedTilePathIs400ProblemJson) {
  StartServer();
  Client c(server_->port());
  auto r = c.Get("/tile/0/x1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->headers["content-type"], "application/problem+json");
  for (const char* field : {"\"type\":", "\"title\":\"Bad Request\"", "\"status\":400", "\"detail\":"}) {
    EXPECT_NE(r->body.find(field), std::string::npos) << r->body;
  }
  auto missing = c.Get("/tile/0/009");  // and the connection is still usable
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(HttpServerTest, WrongMethodIs405WithAllow) {
  StartServer();
  Client c(server_->port());
  ASSERT_TRUE(c.Send("DELETE /checkpoint HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->headers["allow"], "GET");
}

TEST_F(HttpServerTest, OversizeBodyIs413) {
  ServerOptions o;
  o.body_limit = 1024;
  StartServer(o);
  Client c(server_->port());
  ASSERT_TRUE(c.Send("POST /checkpoint HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->headers["content-type"], "application/problem+json");
  EXPECT_TRUE(c.ClosedWithin(std::chrono::milliseconds(2000)));
}

TEST_F(HttpServerTest, OversizeHeaderIs431) {
  ServerOptions o;
  o.header_limit = 1024;
  StartServer(o);
  Client c(server_->port());
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
}

TEST_F(HttpServerTest, SlowClientIsCutOff) {
  ServerOptions o;
  o.request_timeout = std::chrono::milliseconds(300);
  StartServer(o);
  Client c(server_->port());
  auto start = Clock::now();
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\n"));
  // Dribble a header byte every 100 ms: the deadline covers the whole request.
  bool closed = false;
  for (int i = 0; i < 40 && !closed; ++i) {
    c.Send("X");
    closed = c.ClosedWithin(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(3000));
}

TEST_F(HttpServerTest, StopReturnsWhileAKeepAliveConnectionIsIdle) {
  ServerOptions o;
  o.request_timeout = std::chrono::milliseconds(60000);
  StartServer(o);
  Client c(server_->port());
  auto r = c.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(5000));
  EXPECT_TRUE(c.ClosedWithin(std::chrono::milliseconds(2000)));
}

TEST_F(HttpServerTest, ThreadsShareThePortAndAnswerConcurrently) {
  ServerOptions o;
  o.threads = 3;
  StartServer(o);
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 6; ++i) {
    clients.emplace_back([&] {
      Client c(server_->port());
      for (int k = 0; k < 5; ++k) {
        auto r = c.Get("/checkpoint");
        if (r && r->status == 200) ++ok;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 30);
}

TEST_F(HttpServerTest, BadListenAddressAndThreadCountAreRejected) {
  ServerOptions o;
  o.host = "not-an-ip";
  EXPECT_FALSE(HttpServer::Start(dir_, o).ok());
  o.host = "127.0.0.1";
  o.threads = 0;
  EXPECT_FALSE(HttpServer::Start(dir_, o).ok());
}

}  // namespace
}  // namespace orelog::server
