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
#include "server/test_http_client.h"
#include "tlog/tile.h"

namespace orelog::server {
namespace {

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
  // Not a capture: a plain HTTP problem that names this route's limit.
  EXPECT_NE(r->body.find("\"type\":\"about:blank\""), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("limited to 1024 bytes"), std::string::npos) << r->body;
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
