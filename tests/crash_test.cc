// Crash recovery: a child process appends to a ledger and reports each
// acknowledged batch through a pipe; the parent SIGKILLs it at random
// points, reopens the ledger and checks that nothing acknowledged was lost,
// that there are no gaps, and that the audit passes. 20 kills on one ledger.
//
// fork() happens while the parent runs no other thread (every Ledger the
// parent opens is closed, and its threads joined, before the next fork).
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>

#include "log/audit.h"
#include "orelog/ledger.h"
#include "testutil/ledger_util.h"
#include "testutil/child_io.h"
#include "testutil/shared_data.h"
#include "testutil/status_matchers.h"

namespace orelog {
namespace {

namespace fs = std::filesystem;
using orelog::testing::StatusIs;

// What the child reports per acknowledged entry.
struct Ack {
  uint64_t index;
  uint64_t run;
  uint64_t seq;  // the child's entry counter within its run
};
static_assert(sizeof(Ack) * 50 < PIPE_BUF, "one batch's acks are written atomically");

// Entry contents are derived from (run, seq): unique, of varying length.
std::string Content(uint64_t run, uint64_t seq) {
  std::string s = "run" + std::to_string(run) + "-seq" + std::to_string(seq) + "-";
  s.append((run * 131 + seq * 7919) % 300, static_cast<char>('a' + seq % 26));
  return s;
}

// Parses "run<r>-seq<s>-..." back, or false.
bool ParseContent(const std::string& s, uint64_t& run, uint64_t& seq) {
  unsigned long long r = 0, q = 0;
  if (std::sscanf(s.c_str(), "run%llu-seq%llu-", &r, &q) != 2) return false;
  run = r;
  seq = q;
  return Content(run, seq) == s;
}

using orelog::testing::WriteAll;

[[noreturn]] void Die(const char* what, const Status& st) { orelog::testing::ChildDie("crash_test child", what, st); }

// The child: append batches of 1-50 entries forever; ack each after it returns.
[[noreturn]] void ChildMain(const fs::path& dir, uint64_t run, uint64_t seed, int ack_fd) {
  LedgerOptions options;
  options.publish_interval = std::chrono::milliseconds(2 + seed % 40);  // integrate while appending
  auto ledger = Ledger::Open(dir, options);
  if (!ledger.ok()) Die("open", ledger.status());
  std::mt19937_64 rng(seed);
  uint64_t seq = 0;
  while (true) {
    size_t n = 1 + rng() % 50;
    std::vector<Bytes> entries;
    for (size_t k = 0; k < n; ++k) {
      std::string c = Content(run, seq + k);
      entries.emplace_back(c.begin(), c.end());
    }
    auto got = (*ledger)->AppendEntries(entries);
    if (!got.ok()) Die("append", got.status());
    Ack acks[50];
    for (size_t k = 0; k < n; ++k) acks[k] = Ack{(*got)[k], run, seq + k};
    WriteAll(ack_fd, acks, n * sizeof(Ack));
    seq += n;
  }
}

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override { root_ = orelog::testing::MakeTempDir("orelog-crash-test"); }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(CrashTest, AcknowledgedAppendsSurviveSigkill) {
  const fs::path dir = root_ / "ledger";
  std::string vkey;
  {
    // Init in a child too, so that this process starts no thread before the forks.
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(p[0]);
      auto v = Ledger::Init(dir, "crash.example/log");
      if (!v.ok()) Die("init", v.status());
      WriteAll(p[1], v->data(), v->size());
      ::_exit(0);
    }
    ::close(p[1]);
    char buf[512];
    ssize_t n;
    while ((n = ::read(p[0], buf, sizeof buf)) > 0) vkey.append(buf, static_cast<size_t>(n));
    ::close(p[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ASSERT_FALSE(vkey.empty());
  }

  std::mt19937_64 rng(20261127);
  std::map<uint64_t, std::string> acked;  // index -> content, over all runs
  uint64_t killed_with_acks = 0;
  const auto started = std::chrono::steady_clock::now();
  for (uint64_t run = 0; run < 20; ++run) {
    SCOPED_TRACE("run " + std::to_string(run));
    // How long the child lives: 0 acks (killed at once, maybe during Open or
    // recovery) or until this many entries were acknowledged.
    const uint64_t target = (rng() % 4 == 0) ? 0 : 1 + rng() % 600;
    const uint64_t child_seed = rng();
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(p[0]);
      ChildMain(dir, run, child_seed, p[1]);
    }
    ::close(p[1]);

    std::string buf;
    auto take_acks = [&] {
      size_t whole = buf.size() / sizeof(Ack) * sizeof(Ack);
      for (size_t off = 0; off < whole; off += sizeof(Ack)) {
        Ack a;
        std::memcpy(&a, buf.data() + off, sizeof a);
        EXPECT_EQ(a.run, run);
        auto [it, fresh] = acked.emplace(a.index, Content(a.run, a.seq));
        EXPECT_TRUE(fresh) << "index " << a.index << " acknowledged twice";
      }
      buf.erase(0, whole);
    };
    uint64_t got = 0;
    while (got < target) {
      pollfd pfd{p[0], POLLIN, 0};
      int ready = ::poll(&pfd, 1, 60000);
      ASSERT_GT(ready, 0) << "no ack from the child for 60 s";
      char chunk[4096];
      ssize_t n = ::read(p[0], chunk, sizeof chunk);
      ASSERT_GT(n, 0) << "the child exited by itself";
      buf.append(chunk, static_cast<size_t>(n));
      got += static_cast<uint64_t>(n) / sizeof(Ack);  // approximate: whole acks only matter below
    }
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "child ended otherwise (exit code " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1) << ")";
    // Acks already in the pipe were sent after their append returned: they count too.
    char chunk[4096];
    ssize_t n;
    while ((n = ::read(p[0], chunk, sizeof chunk)) > 0) buf.append(chunk, static_cast<size_t>(n));
    ::close(p[0]);
    EXPECT_EQ(buf.size() % sizeof(Ack), 0u) << "a torn ack: writes of one batch are atomic";
    take_acks();
    if (target > 0) ++killed_with_acks;

    // Reopen: integrates what was sequenced, publishes.
    {
      LedgerOptions manual;
      manual.publish_interval = std::chrono::milliseconds(0);
      auto ledger = Ledger::Open(dir, manual);
      ASSERT_OK(ledger);
      auto note = (*ledger)->Publish();
      ASSERT_OK(note);
      auto cp = orelog::testing::VerifiedCheckpoint(*note, vkey);
      ASSERT_OK(cp);
      if (!acked.empty()) {
        ASSERT_GT(cp->size, acked.rbegin()->first) << "an acknowledged index is beyond the log";
      }
      // No gaps; every entry is one the children wrote; acknowledged ones are intact.
      std::map<uint64_t, uint64_t> last_seq;  // per run
      for (uint64_t i = 0; i < cp->size; ++i) {
        auto e = (*ledger)->Entry(i);
        ASSERT_OK(e) << "entry " << i << " of " << cp->size;
        std::string text(e->begin(), e->end());
        uint64_t r = 0, s = 0;
        ASSERT_TRUE(ParseContent(text, r, s)) << "entry " << i << " is not a child's entry";
        if (auto it = last_seq.find(r); it != last_seq.end()) {
          ASSERT_GT(s, it->second) << "entry " << i << " out of order within run " << r;
        }
        last_seq[r] = s;
        if (auto it = acked.find(i); it != acked.end()) ASSERT_EQ(text, it->second) << "entry " << i;
      }
      EXPECT_TRUE(StatusIs((*ledger)->Entry(cp->size), Code::kNotFound));
    }
    auto report = log::AuditLedger(dir);
    ASSERT_OK(report);
    EXPECT_EQ(report->entries, report->tree_size);
  }
  RecordProperty("acknowledged_entries", static_cast<int>(acked.size()));
  RecordProperty("kills_after_acks", static_cast<int>(killed_with_acks));
  EXPECT_GT(acked.size(), 1000u);
  EXPECT_GT(killed_with_acks, 5u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(120));
}

}  // namespace
}  // namespace orelog
