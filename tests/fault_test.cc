// Storage failure during writes: a writer whose disk fills up (simulated
// with RLIMIT_FSIZE in a child process) reports an error Status, refuses
// every later write, and loses nothing it acknowledged; reopened with room
// again, the ledger resumes and passes its audit.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <map>

#include "log/audit.h"
#include "orelog/ledger.h"
#include "testutil/ledger_util.h"
#include "testutil/shared_data.h"
#include "testutil/status_matchers.h"

namespace orelog {
namespace {

namespace fs = std::filesystem;

// Child -> parent messages.
struct Msg {
  enum Kind : uint32_t { kAck, kFirstError, kLaterError, kLaterOk } kind;
  uint32_t code;  // orelog::Code of an error
  uint64_t index;
  uint64_t seq;
};

void Send(int fd, const Msg& m) {
  if (::write(fd, &m, sizeof m) != sizeof m) ::_exit(12);
}

std::string Content(uint64_t seq) { return "fill-" + std::to_string(seq) + "-" + std::string(seq % 2000, 'f'); }

TEST(FaultTest, DiskFullMakesTheWriterRefuseAndLosesNothingAcknowledged) {
  fs::path root = orelog::testing::MakeTempDir("orelog-fault-test");
  fs::path dir = root / "ledger";
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(p[0]);
    if (!Ledger::Init(dir, "fault.example/log").ok()) ::_exit(10);
    LedgerOptions o;
    o.publish_interval = std::chrono::milliseconds(3);
    auto ledger = Ledger::Open(dir, o);
    if (!ledger.ok()) ::_exit(11);
    // No file may grow past 1 MiB from now on: the WAL (16 KiB pages) fills up within a
    // few hundred appends. SIGXFSZ ignored: the write fails with EFBIG instead.
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit lim{1024 * 1024, 1024 * 1024};
    if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) ::_exit(13);
    uint64_t seq = 0;
    for (int i = 0; i < 5000; ++i, ++seq) {
      std::string c = Content(seq);
      auto got = (*ledger)->AppendEntries({Bytes(c.begin(), c.end())});
      if (got.ok()) {
        Send(p[1], Msg{Msg::kAck, 0, (*got)[0], seq});
        continue;
      }
      Send(p[1], Msg{Msg::kFirstError, static_cast<uint32_t>(got.status().code()), 0, seq});
      // Sticky: later writes are refused too.
      for (int k = 0; k < 3; ++k) {
        ++seq;
        std::string more = Content(seq);
        auto again = (*ledger)->AppendEntries({Bytes(more.begin(), more.end())});
        Send(p[1], again.ok() ? Msg{Msg::kLaterOk, 0, (*again)[0], seq}
                              : Msg{Msg::kLaterError, static_cast<uint32_t>(again.status().code()), 0, seq});
      }
      break;
    }
    // Leave without the destructor's final integration: like a process that gives up.
    ::_exit(0);
  }
  ::close(p[1]);
  std::map<uint64_t, uint64_t> acked;  // index -> seq
  std::vector<Msg> errors;
  Msg m;
  ssize_t n;
  while ((n = ::read(p[0], &m, sizeof m)) == sizeof m) {
    if (m.kind == Msg::kAck) {
      EXPECT_TRUE(acked.emplace(m.index, m.seq).second) << "index " << m.index << " acknowledged twice";
    } else {
      errors.push_back(m);
    }
  }
  ::close(p[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the child crashed (signal " << WTERMSIG(status) << ")";
  ASSERT_EQ(WEXITSTATUS(status), 0);
  ASSERT_FALSE(errors.empty()) << "the file size limit never made a write fail (" << acked.size() << " acks)";
  RecordProperty("acknowledged_before_full", static_cast<int>(acked.size()));
  ASSERT_GT(acked.size(), 10u);
  EXPECT_EQ(errors[0].kind, Msg::kFirstError);
  EXPECT_EQ(static_cast<Code>(errors[0].code), Code::kIOError) << CodeName(static_cast<Code>(errors[0].code));
  ASSERT_EQ(errors.size(), 4u);
  for (size_t k = 1; k < errors.size(); ++k) {
    EXPECT_EQ(errors[k].kind, Msg::kLaterError) << "a write was accepted after a failed commit";
  }

  // Reopened with room again: nothing acknowledged is lost, the log has no gaps.
  {
    auto ledger = Ledger::Open(dir);
    ASSERT_OK(ledger);
    auto note = (*ledger)->Publish();
    ASSERT_OK(note);
    auto cp = orelog::testing::VerifiedCheckpoint(*note, (*ledger)->vkey());
    ASSERT_OK(cp);
    ASSERT_GT(cp->size, acked.rbegin()->first);
    for (const auto& [index, seq] : acked) {
      auto e = (*ledger)->Entry(index);
      ASSERT_OK(e);
      std::string want = Content(seq);
      ASSERT_EQ(std::string(e->begin(), e->end()), want) << "entry " << index;
    }
    auto more = (*ledger)->AppendEntries({Bytes{'o', 'k'}});
    ASSERT_OK(more);
    EXPECT_EQ((*more)[0], cp->size);
  }
  auto report = log::AuditLedger(dir);
  ASSERT_OK(report);
  EXPECT_EQ(report->entries, report->tree_size);
  fs::remove_all(root);
}

}  // namespace
}  // namespace orelog
