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
#include <vector>

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

// A running `orelog serve` child with its stdout on a pipe.
struct ServeChild {
  pid_t pid = -1;
  int out = -1;
  int port = 0;
  std::string banner;
};

ServeChild StartServe(const std::vector<std::string>& args) {
  ServeChild c;
  int out[2];
  if (::pipe(out) != 0) return c;
  std::vector<std::string> argv_s = {ORELOG_BINARY, "serve"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  c.pid = ::fork();
  if (c.pid == 0) {
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::close(out[1]);
    ::execv(ORELOG_BINARY, argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  c.out = out[0];
  c.banner = ReadUntil(c.out, "\n", std::chrono::milliseconds(20000));
  size_t at = c.banner.find("http://127.0.0.1:");
  c.port = at == std::string::npos ? 0 : std::atoi(c.banner.c_str() + at + 17);
  return c;
}

// Sends one request with Connection: close and reads the answer until `stop`.
std::string Ask(int port, const std::string& request, const std::string& stop) {
  std::string reply;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    EXPECT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    reply = ReadUntil(fd, stop, std::chrono::milliseconds(5000));
  }
  ::close(fd);
  return reply;
}

// SIGTERM, then expects exit code 0 within 20 s.
void StopServe(ServeChild& c) {
  ::kill(c.pid, SIGTERM);
  int st = 0;
  pid_t done = 0;
  for (int i = 0; i < 200 && done == 0; ++i) {
    done = ::waitpid(c.pid, &st, WNOHANG);
    if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (done == 0) {
    ::kill(c.pid, SIGKILL);
    ::waitpid(c.pid, &st, 0);
    ADD_FAILURE() << "orelog serve did not exit on SIGTERM";
  } else {
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << st;
  }
  ::close(c.out);
}

TEST(CliServe, ServesTheCheckpointAndStopsOnSigterm) {
  auto root = orelog::testing::MakeTempDir("orelog-cli-serve");
  std::string dir = (root / "ledger").string();
  ASSERT_EQ(RunOrelog("init --dir '" + dir + "' --origin example.com/serve-test"), 0);
  ASSERT_EQ(RunOrelog("checkpoint --dir '" + dir + "'"), 0);
  ServeChild c = StartServe({"--dir", dir, "--listen", "127.0.0.1:0", "--threads", "2"});
  ASSERT_GT(c.pid, 0);
  EXPECT_GT(c.port, 0) << c.banner;
  std::string reply;
  if (c.port > 0) {
    reply = Ask(c.port, "GET /checkpoint HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "\xE2\x80\x94 example.com/serve-test");
  }
  EXPECT_NE(reply.find("HTTP/1.1 200 OK"), std::string::npos) << reply;
  EXPECT_NE(reply.find("\r\n\r\nexample.com/serve-test\n0\n"), std::string::npos) << reply;
  StopServe(c);
  std::filesystem::remove_all(root);
}

// A config file's [serve] section sets the options; flags override it.
TEST(CliServe, ConfigFileWithFlagsOverridingIt) {
  auto root = orelog::testing::MakeTempDir("orelog-cli-serve-config");
  std::string dir = (root / "ledger").string();
  ASSERT_EQ(RunOrelog("init --dir '" + dir + "' --origin example.com/serve-config"), 0);
  const std::string config = (root / "orelog.toml").string();
  {
    std::FILE* f = std::fopen(config.c_str(), "w");
    ASSERT_NE(f, nullptr);
    // Port 1 cannot be bound here: the server only starts if --listen overrides it.
    std::fprintf(f, "[serve]\ndir = \"%s\"\nlisten = \"127.0.0.1:1\"\ncapture-limit = 7\nquiet = true\n", dir.c_str());
    std::fclose(f);
  }
  ServeChild c = StartServe({"--config", config, "--listen", "127.0.0.1:0"});
  ASSERT_GT(c.pid, 0);
  EXPECT_GT(c.port, 0) << c.banner;
  std::string reply;
  if (c.port > 0) reply = Ask(c.port, "OPTIONS /capture HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "\r\n\r\n");
  EXPECT_NE(reply.find("HTTP/1.1 204"), std::string::npos) << reply;
  EXPECT_NE(reply.find("GS1-EPCIS-Capture-Limit: 7\r\n"), std::string::npos) << reply;
  StopServe(c);
  // A config file naming an option serve does not have is refused.
  {
    std::FILE* f = std::fopen(config.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fprintf(f, "[serve]\ndir = \"%s\"\nno-such-option = 1\n", dir.c_str());
    std::fclose(f);
  }
  EXPECT_EQ(RunOrelog("serve --config '" + config + "' --listen 127.0.0.1:0"), 2);
  std::filesystem::remove_all(root);
}

// --disclosure-policy: the server applies and publishes the file's policy;
// a malformed one stops it before it serves.
TEST(CliServe, DisclosurePolicyFileIsAppliedAndPublished) {
  auto root = orelog::testing::MakeTempDir("orelog-cli-serve-policy");
  std::string dir = (root / "ledger").string();
  ASSERT_EQ(RunOrelog("init --dir '" + dir + "' --origin example.com/serve-policy"), 0);
  auto write = [&](const std::string& name, const std::string& text) {
    const std::string path = (root / name).string();
    std::FILE* f = std::fopen(path.c_str(), "w");
    EXPECT_NE(f, nullptr);
    if (f != nullptr) {
      std::fputs(text.c_str(), f);
      std::fclose(f);
    }
    return path;
  };
  const std::string good = write("policy.json", R"({"version":"5","withhold":["/sourceList/*/source"]})");
  ServeChild c = StartServe({"--dir", dir, "--listen", "127.0.0.1:0", "--disclosure-policy", good});
  ASSERT_GT(c.pid, 0);
  EXPECT_GT(c.port, 0) << c.banner;
  std::string reply;
  if (c.port > 0) reply = Ask(c.port, "GET /policy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "}");
  EXPECT_NE(reply.find(R"({"version":"5","withhold":["/sourceList/*/source"],"withholdEventId":true})"), std::string::npos)
      << reply;
  StopServe(c);
  const std::string bad = write("bad.json", R"({"version":"5","withhold":["/eventTime"]})");
  EXPECT_EQ(RunOrelog("serve --dir '" + dir + "' --listen 127.0.0.1:0 --disclosure-policy '" + bad + "'"), 2);
  std::filesystem::remove_all(root);
}

}  // namespace
