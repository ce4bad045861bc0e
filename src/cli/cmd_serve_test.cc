// orelog serve: runs the built binary on port 0, fetches /checkpoint over
// loopback, then stops it with SIGTERM and expects a clean exit.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "testutil/shared_data.h"

namespace {

using Clock = std::chrono::steady_clock;

int RunOrelog(const std::string& args) {
  std::string cmd = std::string(ORELOG_BINARY) + " " + args + " >/dev/null 2>&1";
  int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// Reads from fd until `stop` appears, EOF, or the deadline passes.
std::string ReadUntil(int fd, const std::string& stop, std::chrono::milliseconds timeout) {
  std::string got;
  auto deadline = Clock::now() + timeout;
  while (got.find(stop) == std::string::npos && Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  return got;
}

TEST(CliServe, ServesTheCheckpointAndStopsOnSigterm) {
  auto root = orelog::testing::MakeTempDir("orelog-cli-serve");
  std::string dir = (root / "ledger").string();
  ASSERT_EQ(RunOrelog("init --dir '" + dir + "' --origin example.com/serve-test"), 0);
  ASSERT_EQ(RunOrelog("checkpoint --dir '" + dir + "'"), 0);

  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::close(out[1]);
    ::execl(ORELOG_BINARY, ORELOG_BINARY, "serve", "--dir", dir.c_str(), "--listen", "127.0.0.1:0", "--threads", "2",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string banner = ReadUntil(out[0], "\n", std::chrono::milliseconds(20000));
  size_t at = banner.find("http://127.0.0.1:");
  int port = at == std::string::npos ? 0 : std::atoi(banner.c_str() + at + 17);
  EXPECT_GT(port, 0) << banner;

  std::string reply;
  if (port > 0) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      std::string req = "GET /checkpoint HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
      EXPECT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
      reply = ReadUntil(fd, "\xE2\x80\x94 example.com/serve-test", std::chrono::milliseconds(5000));
    }
    ::close(fd);
  }
  EXPECT_NE(reply.find("HTTP/1.1 200 OK"), std::string::npos) << reply;
  EXPECT_NE(reply.find("\r\n\r\nexample.com/serve-test\n0\n"), std::string::npos) << reply;

  ::kill(pid, SIGTERM);
  int st = 0;
  pid_t done = 0;
  for (int i = 0; i < 200 && done == 0; ++i) {  // up to 20 s
    done = ::waitpid(pid, &st, WNOHANG);
    if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (done == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &st, 0);
    ADD_FAILURE() << "orelog serve did not exit on SIGTERM";
  } else {
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << st;
  }
  ::close(out[0]);
  std::filesystem::remove_all(root);
}

}  // namespace
