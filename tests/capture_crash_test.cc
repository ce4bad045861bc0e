// Capture jobs survive crashes: a child process captures EPCIS documents
// through repo::Capturer (the code behind POST /capture) and reports each
// answered job through a pipe; the parent SIGKILLs it at random points,
// reopens the ledger and checks that every answered job is complete (its
// record and every one of its events, with their private rows), that no log
// entry lacks its private row or vice versa, and that the audit passes.
//
// fork() happens while the parent runs no other thread.
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
#include "repo/capture.h"
#include "repo/event_reader.h"
#include "repo/schema.h"
#include "testutil/child_io.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"

namespace orelog {
namespace {

namespace fs = std::filesystem;

struct JobAck {
  char id[33];       // hex job ID, NUL-terminated
  uint32_t events;   // events the job captured
};
static_assert(sizeof(JobAck) < PIPE_BUF, "an ack is written atomically");

using orelog::testing::WriteAll;

[[noreturn]] void Die(const char* what, const Status& st) { orelog::testing::ChildDie("capture_crash_test child", what, st); }

// A document of `n` distinct events (serials from run and sequence).
std::string Document(uint64_t run, uint64_t first, size_t n) {
  std::string events;
  for (size_t k = 0; k < n; ++k) {
    if (k) events += ",";
    events += R"({"type":"ObjectEvent","eventTime":"2026-10-01T08:00:00.000+05:00","eventTimeZoneOffset":"+05:00",)"
              R"("action":"OBSERVE","bizStep":"shipping","epcList":["urn:epc:id:sgtin:0614141.107346.R)" +
              std::to_string(run) + "S" + std::to_string(first + k) +
              R"("],"bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:0614141000005:PO-)" +
              std::to_string(first + k) + R"("}]})";
  }
  return R"({"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","type":"EPCISDocument",)"
         R"("schemaVersion":"2.0","creationDate":"2026-11-01T00:00:00Z","epcisBody":{"eventList":[)" +
         events + "]}}";
}

[[noreturn]] void ChildMain(const fs::path& dir, uint64_t run, uint64_t seed, int ack_fd) {
  LedgerOptions options;
  options.publish_interval = std::chrono::milliseconds(2 + seed % 40);
  auto ledger = Ledger::Open(dir, options);
  if (!ledger.ok()) Die("open", ledger.status());
  repo::CaptureOptions co;
  co.ledger_dir = dir;
  repo::Capturer capturer(**ledger, co);
  std::mt19937_64 rng(seed);
  uint64_t seq = 0;
  while (true) {
    size_t n = 1 + rng() % 20;
    repo::CaptureOutcome out = capturer.CaptureDocument(Document(run, seq, n), "party-" + std::to_string(run % 3),
                                                        repo::ErrorBehaviour::kRollback);
    if (!out.status.ok()) Die("capture", out.status);
    JobAck ack{};
    std::snprintf(ack.id, sizeof ack.id, "%s", out.job.id.c_str());
    ack.events = static_cast<uint32_t>(out.job.captured);
    WriteAll(ack_fd, &ack, sizeof ack);
    seq += n;
  }
}

TEST(CaptureCrashTest, AnsweredJobsAreCompleteAfterSigkill) {
  const fs::path root = orelog::testing::MakeTempDir("orelog-capture-crash");
  const fs::path dir = root / "ledger";
  {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {  // init in a child: this process starts no thread before the forks
      auto v = Ledger::Init(dir, "crash.example/capture");
      if (!v.ok()) Die("init", v.status());
      Status st = repo::EnsureRepoSchema(dir);
      if (!st.ok()) Die("schema", st);
      ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  const fs::path db = dir / Ledger::kDatabaseFile;
  std::mt19937_64 rng(20261201);
  std::map<std::string, uint32_t> answered;
  int kills_after_acks = 0;
  for (uint64_t run = 0; run < 10; ++run) {
    SCOPED_TRACE("run " + std::to_string(run));
    const uint64_t target = (rng() % 5 == 0) ? 0 : 1 + rng() % 40;  // jobs before the kill
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
    while (buf.size() / sizeof(JobAck) < target) {
      pollfd pfd{p[0], POLLIN, 0};
      ASSERT_GT(::poll(&pfd, 1, 60000), 0) << "no job answered for 60 s";
      char chunk[4096];
      ssize_t n = ::read(p[0], chunk, sizeof chunk);
      ASSERT_GT(n, 0) << "the child exited by itself";
      buf.append(chunk, static_cast<size_t>(n));
    }
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    char chunk[4096];
    ssize_t n;
    while ((n = ::read(p[0], chunk, sizeof chunk)) > 0) buf.append(chunk, static_cast<size_t>(n));
    ::close(p[0]);
    ASSERT_EQ(buf.size() % sizeof(JobAck), 0u);
    for (size_t off = 0; off < buf.size(); off += sizeof(JobAck)) {
      JobAck a;
      std::memcpy(&a, buf.data() + off, sizeof a);
      answered.emplace(std::string(a.id), a.events);
    }
    if (target > 0) ++kills_after_acks;

    // Reopen (recovers and publishes), then check every answered job.
    {
      LedgerOptions manual;
      manual.publish_interval = std::chrono::milliseconds(0);
      auto ledger = Ledger::Open(dir, manual);
      ASSERT_OK(ledger);
      ASSERT_OK((*ledger)->Publish());
    }
    auto reader = repo::EventReader::Open(dir);
    ASSERT_OK(reader);
    for (const auto& [id, events] : answered) {
      // The job belongs to one of three parties; it is found under one of them.
      bool found = false;
      for (int party = 0; party < 3 && !found; ++party) {
        auto job = (*reader)->Job(id, "party-" + std::to_string(party));
        if (!job.ok()) continue;
        found = true;
        EXPECT_TRUE(job->success);
        EXPECT_EQ(job->captured, events);
      }
      EXPECT_TRUE(found) << "answered job " << id << " was lost";
      EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT count(*) FROM events WHERE job = '" + id + "'"), events)
          << "job " << id;
    }
    // Entries and private rows match one to one: no entry without its row, no row without its entry.
    EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT count(*) FROM entries"),
              orelog::testing::SqlInt(db, "SELECT count(*) FROM events"));
    EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT count(*) FROM events e LEFT JOIN entries x ON x.idx = e.idx "
                                          "WHERE x.idx IS NULL"),
              0);
    reader->reset();
    auto report = log::AuditLedger(dir);
    ASSERT_OK(report);
    EXPECT_EQ(report->entries, report->tree_size);
  }
  EXPECT_GT(answered.size(), 50u);
  EXPECT_GE(kills_after_acks, 5);
  fs::remove_all(root);
}

}  // namespace
}  // namespace orelog
