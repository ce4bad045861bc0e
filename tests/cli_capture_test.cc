// The capture path end to end with the built binary, as an operator would
// run it: init, token create, serve (background, port 0), capture, query,
// the proof of a captured event verified offline by verify-event (and a
// tampered one refused), then SIGTERM: exit 0 and a final checkpoint that
// covers every captured event, including one captured just before the stop.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/file.h"
#include "orelog/ledger.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"

extern char** environ;

namespace orelog {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

struct CliRun {
  int code = -1;
  std::string out, err;
};

std::vector<char*> Argv(std::vector<std::string>& all) {
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

// Reads from `fd` until `stop` appears, EOF, or the deadline passes.
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

// One HTTP/1.1 GET on its own connection; "" on failure. Returns the whole
// answer (status line, header, body).
std::string HttpGet(int port, const std::string& target) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
      reply = ReadUntil(fd, "\x01never", std::chrono::milliseconds(5000));  // until the server closes
    }
  }
  ::close(fd);
  return reply;
}

std::string BodyOf(const std::string& reply) {
  size_t at = reply.find("\r\n\r\n");
  return at == std::string::npos ? "" : reply.substr(at + 4);
}

class CliCaptureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = orelog::testing::MakeTempDir("orelog-cli-capture");
    dir_ = (root_ / "ledger").string();
  }
  void TearDown() override {
    if (server_ > 0) {
      ::kill(server_, SIGKILL);
      ::waitpid(server_, nullptr, 0);
    }
    if (server_out_ >= 0) ::close(server_out_);
    fs::remove_all(root_);
  }

  CliRun Cli(std::vector<std::string> args) {
    static int counter = 0;
    std::string base = (root_ / ("run" + std::to_string(counter++))).string();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, (base + ".out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, (base + ".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    args.insert(args.begin(), ORELOG_BINARY);
    auto argv = Argv(args);
    pid_t pid = 0;
    CliRun r;
    int rc = posix_spawn(&pid, ORELOG_BINARY, &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
      ADD_FAILURE() << "cannot run " << ORELOG_BINARY << ": " << std::strerror(rc);
      return r;
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = *ReadFile(base + ".out");
    r.err = *ReadFile(base + ".err");
    return r;
  }

  // Starts `orelog serve` on port 0; returns its port (0 on failure).
  int Serve(const std::string& publish_ms) {
    int out[2];
    if (::pipe(out) != 0) return 0;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addclose(&fa, out[1]);
    std::vector<std::string> args{ORELOG_BINARY, "serve", "--dir", dir_, "--listen", "127.0.0.1:0", "--quiet",
                                  "--publish-ms", publish_ms, "--capture-threads", "2"};
    auto argv = Argv(args);
    int rc = posix_spawn(&server_, ORELOG_BINARY, &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(out[1]);
    server_out_ = out[0];
    if (rc != 0) return 0;
    std::string banner = ReadUntil(server_out_, "\n", std::chrono::milliseconds(20000));
    size_t at = banner.find("http://127.0.0.1:");
    EXPECT_NE(at, std::string::npos) << banner;
    return at == std::string::npos ? 0 : std::atoi(banner.c_str() + at + 17);
  }

  // SIGTERM; the server's exit code (-1 if it had to be killed).
  int Stop() {
    ::kill(server_, SIGTERM);
    int st = 0;
    pid_t done = 0;
    for (int i = 0; i < 200 && done == 0; ++i) {  // up to 20 s
      done = ::waitpid(server_, &st, WNOHANG);
      if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (done == 0) return -1;  // TearDown kills it
    server_ = -1;
    ::close(server_out_);
    server_out_ = -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  }

  // The published checkpoint's tree size, read from the ledger (no publish).
  uint64_t PublishedSize() {
    auto reader = Ledger::OpenReader(dir_);
    EXPECT_OK(reader);
    if (!reader.ok()) return 0;
    auto note = (*reader)->Checkpoint();
    EXPECT_OK(note);
    if (!note.ok()) return 0;
    auto parsed = tlog::ParseNote(*note);
    EXPECT_OK(parsed);
    auto cp = parsed.ok() ? tlog::ParseCheckpoint(parsed->text) : Result<tlog::Checkpoint>(parsed.status());
    EXPECT_OK(cp);
    return cp.ok() ? cp->size : 0;
  }

  void Write(const std::string& name, const std::string& data) {
    std::ofstream f(root_ / name, std::ios::binary);
    f << data;
  }
  std::string PathOf(const std::string& name) { return (root_ / name).string(); }

  fs::path root_;
  std::string dir_;
  pid_t server_ = -1;
  int server_out_ = -1;
};

std::string Epc(int serial) { return "urn:epc:id:sgtin:0614141.107346." + std::to_string(serial); }

std::string Event(int serial, const std::string& extra = "") {
  return R"({"type":"ObjectEvent","eventTime":"2024-06-01T08:00:00Z","eventTimeZoneOffset":"+00:00",)"
         R"("action":"OBSERVE","bizStep":"receiving","epcList":[")" +
         Epc(serial) + "\"]" + extra + "}";
}

constexpr char kContext[] =
    R"(["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://ex.example/"}])";

// A capture document of the given comma-separated events.
std::string Document(const std::string& events) {
  return std::string(R"({"@context":)") + kContext +
         R"(,"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-06-01T09:00:00Z",)"
         R"("epcisBody":{"eventList":[)" + events + "]}}";
}

TEST_F(CliCaptureTest, InitTokenServeCaptureQueryVerifyEventAndStop) {
  CliRun init = Cli({"init", "--dir", dir_, "--origin", "cli-capture.example/log"});
  ASSERT_EQ(init.code, 0) << init.err;
  const std::string vkey = init.out.substr(0, init.out.find('\n'));
  CliRun token = Cli({"token", "create", "--dir", dir_, "--party", "mine.example/alice"});
  ASSERT_EQ(token.code, 0) << token.err;
  const std::string bearer = token.out.substr(0, token.out.find('\n'));
  ASSERT_TRUE(bearer.starts_with("olt_")) << token.out;

  int port = Serve("200");
  ASSERT_GT(port, 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(port);

  Write("doc.json", Document(Event(1) + "," + Event(2, R"(,"ex:assay":"AU 12.5 g/t")") + "," + Event(3)));
  CliRun capture = Cli({"capture", "--url", url, "--token", bearer, PathOf("doc.json")});
  ASSERT_EQ(capture.code, 0) << capture.out << capture.err;
  EXPECT_NE(capture.out.find("3 captured"), std::string::npos) << capture.out;
  CliRun unauthorised = Cli({"capture", "--url", url, "--token", "olt_nope", PathOf("doc.json")});
  EXPECT_EQ(unauthorised.code, 2) << unauthorised.out << unauthorised.err;

  CliRun query = Cli({"query", "--url", url, "MATCH_epc=" + Epc(2)});
  ASSERT_EQ(query.code, 0) << query.err;
  json::value doc = json::parse(query.out);
  const json::array& list = doc.at_pointer("/epcisBody/queryResults/resultsBody/eventList").as_array();
  ASSERT_EQ(list.size(), 1u) << query.out;
  EXPECT_EQ(list[0].at("epcList").as_array()[0], json::value(Epc(2)));
  EXPECT_EQ(query.out.find("12.5 g/t"), std::string::npos) << "a withheld extension in a public answer";
  const std::string event_id(list[0].at("eventID").as_string());
  ASSERT_TRUE(event_id.starts_with("urn:uuid:")) << event_id;  // withheld members: a random public ID

  // The proof: pending until the next checkpoint (publish every 200 ms).
  std::string proof;
  for (auto deadline = Clock::now() + std::chrono::seconds(10); Clock::now() < deadline;) {
    std::string reply = HttpGet(port, "/events/" + event_id + "/proof");
    if (reply.starts_with("HTTP/1.1 200")) {
      proof = BodyOf(reply);
      break;
    }
    ASSERT_TRUE(reply.starts_with("HTTP/1.1 503")) << reply;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(proof.empty());
  Write("proof.json", proof);
  CliRun verify = Cli({"verify-event", PathOf("proof.json"), "--vkey", vkey});
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find(event_id), std::string::npos) << verify.out;

  // One byte of the leaf changed (a digit of the EPC serial): refused.
  json::value answer = json::parse(proof);
  std::string leaf(answer.at("leaf").as_string());
  size_t at = leaf.find(Epc(2));
  ASSERT_NE(at, std::string::npos);
  leaf[at + Epc(2).size() - 1] = '7';
  answer.as_object()["leaf"] = leaf;
  Write("tampered.json", json::serialize(answer));
  CliRun tampered = Cli({"verify-event", PathOf("tampered.json"), "--vkey", vkey});
  EXPECT_EQ(tampered.code, 1) << tampered.out << tampered.err;
  // The right log name with another key: refused too.
  CliRun keygen = Cli({"keygen", "cli-capture.example/log"});
  ASSERT_EQ(keygen.code, 0);
  const std::string other_vkey = keygen.out.substr(keygen.out.find('\n') + 1, keygen.out.find('\n', keygen.out.find('\n') + 1) - keygen.out.find('\n') - 1);
  ASSERT_TRUE(other_vkey.starts_with("cli-capture.example/log+")) << keygen.out;
  CliRun other_key = Cli({"verify-event", PathOf("proof.json"), "--vkey", other_vkey});
  EXPECT_EQ(other_key.code, 1) << other_key.out << other_key.err;

  EXPECT_EQ(Stop(), 0);
  EXPECT_EQ(PublishedSize(), 3u);

  // Again with no periodic checkpoint: only the shutdown flush can cover
  // the event captured just before SIGTERM.
  port = Serve("3600000");
  ASSERT_GT(port, 0);
  Write("event.json", std::string(R"({"@context":)") + kContext + "," + Event(4).substr(1));
  CliRun single = Cli({"capture", "--url", "http://127.0.0.1:" + std::to_string(port), "--token", bearer,
                    PathOf("event.json")});
  ASSERT_EQ(single.code, 0) << single.out << single.err;
  EXPECT_NE(single.out.find("/events/"), std::string::npos) << single.out;
  EXPECT_EQ(PublishedSize(), 3u);  // acknowledged, not yet in a checkpoint
  EXPECT_EQ(Stop(), 0);
  EXPECT_EQ(PublishedSize(), 4u);
  EXPECT_EQ(orelog::testing::SqlInt(fs::path(dir_) / Ledger::kDatabaseFile, "SELECT count(*) FROM events"), 4);
  EXPECT_EQ(orelog::testing::SqlInt(fs::path(dir_) / Ledger::kDatabaseFile, "SELECT max(idx) + 1 FROM events"), 4);
}

// docs/participants.md §4 with the binary: a participant's key from keygen
// registered with `participant key add`, `capture --sign-key`, and the
// signature of a captured entry checked offline by verify-signature.
TEST_F(CliCaptureTest, SignedCaptureVerifiesOffline) {
  const std::string org = "urn:epc:id:pgln:0614141.00001";
  ASSERT_EQ(Cli({"init", "--dir", dir_, "--origin", "cli-signed.example/log"}).code, 0);
  CliRun keygen = Cli({"keygen", org, "--json"});
  ASSERT_EQ(keygen.code, 0) << keygen.err;
  json::value key = json::parse(keygen.out);
  const std::string public_key(key.at("publicKey").as_string());
  Write("org.skey", std::string(key.at("skey").as_string()) + "\n");
  Write("org.json", R"({"participant":")" + org +
                        R"(","name":"Org","country":"PK","roles":["miner"],"beneficialOwners":{"declared":false}})");
  CliRun reg = Cli({"participant", "register", "--dir", dir_, "--admin", "operator", "--file", PathOf("org.json")});
  ASSERT_EQ(reg.code, 0) << reg.err;
  CliRun add = Cli({"participant", "key", "add", "--dir", dir_, "--admin", "operator", "--id", org, "--public-key",
                    public_key});
  ASSERT_EQ(add.code, 0) << add.err;
  EXPECT_NE(add.out.find(std::string(key.at("keyId").as_string())), std::string::npos) << add.out;
  CliRun token = Cli({"token", "create", "--dir", dir_, "--party", org});
  ASSERT_EQ(token.code, 0) << token.err;
  const std::string bearer = token.out.substr(0, token.out.find('\n'));

  int port = Serve("200");
  ASSERT_GT(port, 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  Write("doc.json", Document(Event(1) + "," + Event(2, R"(,"ex:assay":"AU 12.5 g/t")")));
  CliRun capture = Cli({"capture", "--url", url, "--token", bearer, PathOf("doc.json"), "--sign-key", PathOf("org.skey")});
  ASSERT_EQ(capture.code, 0) << capture.out << capture.err;
  EXPECT_NE(capture.out.find("2 captured"), std::string::npos) << capture.out;

  CliRun query = Cli({"query", "--url", url, "MATCH_epc=" + Epc(2)});
  ASSERT_EQ(query.code, 0) << query.err;
  const std::string event_id(json::parse(query.out)
                                 .at_pointer("/epcisBody/queryResults/resultsBody/eventList/0/eventID")
                                 .as_string());
  std::string proof;
  for (auto deadline = Clock::now() + std::chrono::seconds(10); Clock::now() < deadline && proof.empty();) {
    std::string reply = HttpGet(port, "/events/" + event_id + "/proof");
    if (reply.starts_with("HTTP/1.1 200")) proof = BodyOf(reply);
    else std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(proof.empty());
  Write("proof.json", proof);
  CliRun verify = Cli({"verify-signature", PathOf("proof.json"), "--public-key", public_key, "--json"});
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("\"organisation\": \"" + org + "\""), std::string::npos) << verify.out;
  // The entry's bytes with the origin given.
  Write("leaf.bin", std::string(json::parse(proof).at("leaf").as_string()));
  EXPECT_EQ(Cli({"verify-signature", PathOf("leaf.bin"), "--public-key", public_key, "--origin",
                 "cli-signed.example/log"}).code, 0);
  EXPECT_EQ(Cli({"verify-signature", PathOf("leaf.bin"), "--public-key", public_key, "--origin",
                 "cli-signed.example/other"}).code, 1);
  // Another key: refused.
  CliRun other = Cli({"keygen", org, "--json"});
  const std::string other_key(json::parse(other.out).at("publicKey").as_string());
  EXPECT_EQ(Cli({"verify-signature", PathOf("proof.json"), "--public-key", other_key}).code, 1);
  // A key the registry does not hold: the server refuses the capture.
  Write("other.skey", std::string(json::parse(other.out).at("skey").as_string()));
  CliRun refused = Cli({"capture", "--url", url, "--token", bearer, PathOf("doc.json"), "--sign-key", PathOf("other.skey")});
  EXPECT_EQ(refused.code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("is not in the registry"), std::string::npos) << refused.err;
  EXPECT_EQ(Stop(), 0);
}

}  // namespace
}  // namespace orelog
