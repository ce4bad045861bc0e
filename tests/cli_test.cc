// The orelog command line, run as a separate process in temporary
// directories: outputs, exit codes (0 ok, 1 verification failed, 2 usage or
// invalid input, 3 other error) and messages.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <algorithm>
#include <cstring>
#include <fstream>

#include "base/file.h"
#include "orelog/ledger.h"
#include "repo/read_log.h"
#include "testutil/ledger_util.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"

extern char** environ;

namespace orelog {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int code = -1;
  std::string out, err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = orelog::testing::MakeTempDir("orelog-cli-test");
    ledger_ = (root_ / "ledger").string();
  }
  void TearDown() override { fs::remove_all(root_); }

  // Runs the orelog binary with `args`; stdin from `stdin_data` (empty: /dev/null).
  CliRun Cli(const std::vector<std::string>& args, const std::string& stdin_data = "") {
    static int counter = 0;
    std::string base = (root_ / ("run" + std::to_string(counter++))).string();
    std::string in = stdin_data.empty() ? "/dev/null" : base + ".in";
    if (!stdin_data.empty()) Write(in, stdin_data);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, (base + ".out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, (base + ".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> all{ORELOG_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
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

  static void Write(const fs::path& p, const std::string& data) {
    std::ofstream f(p, std::ios::binary);
    f << data;
  }

  // init + the given lines appended; returns the vkey.
  std::string InitWith(const std::string& lines) {
    CliRun init = Cli({"init", "--dir", ledger_, "--origin", "cli.example/log"});
    EXPECT_EQ(init.code, 0) << init.err;
    std::string vkey = init.out.substr(0, init.out.find('\n'));
    if (!lines.empty()) {
      CliRun app = Cli({"append", "--dir", ledger_}, lines);
      EXPECT_EQ(app.code, 0) << app.err;
    }
    return vkey;
  }

  static boost::json::object Json(const CliRun& r) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(r.out, ec);
    EXPECT_FALSE(ec) << "not JSON: " << r.out << " (" << ec.message() << ")";
    if (ec || !v.is_object()) return {};
    return v.as_object();
  }

  fs::path root_;
  std::string ledger_;
};

#define EXPECT_EXIT_CODE(run, want) EXPECT_EQ((run).code, want) << "stdout: " << (run).out << "\nstderr: " << (run).err

TEST_F(CliTest, AppendCheckpointProveAndVerifyProof) {
  CliRun init = Cli({"init", "--dir", ledger_, "--origin", "cli.example/log"});
  ASSERT_EQ(init.code, 0) << init.err;
  const std::string vkey = init.out.substr(0, init.out.find('\n'));
  EXPECT_EQ(vkey.rfind("cli.example/log+", 0), 0u) << init.out;

  fs::path file = root_ / "entries.txt";
  Write(file, "alpha\nbeta\ngamma\n");
  CliRun a1 = Cli({"append", "--dir", ledger_, file.string()});
  EXPECT_EXIT_CODE(a1, 0);
  EXPECT_EQ(a1.out, "0\n1\n2\n");
  CliRun a2 = Cli({"append", "--dir", ledger_}, "delta\nepsilon");  // last line without newline
  EXPECT_EXIT_CODE(a2, 0);
  EXPECT_EQ(a2.out, "3\n4\n");

  CliRun cp = Cli({"checkpoint", "--dir", ledger_});
  ASSERT_EQ(cp.code, 0) << cp.err;
  auto body = orelog::testing::VerifiedCheckpoint(cp.out, vkey);
  ASSERT_OK(body);
  EXPECT_EQ(body->size, 5u);
  EXPECT_EQ(body->origin, "cli.example/log");

  CliRun prove = Cli({"prove", "--dir", ledger_, "inclusion", "1"});
  ASSERT_EQ(prove.code, 0) << prove.err;
  EXPECT_EQ(prove.out.rfind("c2sp.org/tlog-proof@v1\nindex 1\n", 0), 0u) << prove.out;
  fs::path proof = root_ / "beta.tlog-proof";
  Write(proof, prove.out);
  fs::path entry = root_ / "beta.entry";
  Write(entry, "beta");
  CliRun ok = Cli({"verify-proof", proof.string(), "--vkey", vkey, "--entry", entry.string()});
  EXPECT_EXIT_CODE(ok, 0);
  EXPECT_NE(ok.out.find("OK: entry 1 is in cli.example/log at tree size 5"), std::string::npos) << ok.out;

  // The entry file was tampered with.
  Write(entry, "betA");
  CliRun bad_entry = Cli({"verify-proof", proof.string(), "--vkey", vkey, "--entry", entry.string()});
  EXPECT_EXIT_CODE(bad_entry, 1);
  EXPECT_NE(bad_entry.err.find("orelog verify-proof: "), std::string::npos) << bad_entry.err;
  Write(entry, "beta\n");  // a trailing newline is not part of the entry
  EXPECT_EXIT_CODE(Cli({"verify-proof", proof.string(), "--vkey", vkey, "--entry", entry.string()}), 1);
  Write(entry, "beta");

  // The proof claims another index.
  std::string moved = prove.out;
  moved.replace(moved.find("index 1\n"), 8, "index 2\n");
  Write(proof, moved);
  EXPECT_EXIT_CODE(Cli({"verify-proof", proof.string(), "--vkey", vkey, "--entry", entry.string()}), 1);
  Write(proof, prove.out);

  // A key that did not sign the checkpoint.
  CliRun keygen = Cli({"keygen", "cli.example/log"});
  ASSERT_EQ(keygen.code, 0);
  std::string other_vkey = keygen.out.substr(keygen.out.find('\n') + 1);
  other_vkey.pop_back();
  CliRun wrong_key = Cli({"verify-proof", proof.string(), "--vkey", other_vkey, "--entry", entry.string()});
  EXPECT_EXIT_CODE(wrong_key, 1);
  EXPECT_EXIT_CODE(Cli({"verify-proof", proof.string(), "--vkey", "garbage", "--entry", entry.string()}), 2);
  EXPECT_EXIT_CODE(Cli({"verify-proof", proof.string(), "--vkey", vkey, "--entry", (root_ / "nope").string()}), 3);

  // Inclusion at an earlier published size, and a consistency proof.
  CliRun prove_old = Cli({"prove", "--dir", ledger_, "inclusion", "0", "--size", "3"});
  EXPECT_EXIT_CODE(prove_old, 0);
  EXPECT_EXIT_CODE(Cli({"prove", "--dir", ledger_, "inclusion", "0", "--size", "4"}), 3);  // never published
  CliRun cons = Cli({"prove", "--dir", ledger_, "consistency", "3", "5"});
  EXPECT_EXIT_CODE(cons, 0);
  EXPECT_EQ(cons.out.rfind("old 3\n", 0), 0u) << cons.out;
  // An index beyond the tree is invalid input.
  CliRun beyond = Cli({"prove", "--dir", ledger_, "inclusion", "5"});
  EXPECT_EXIT_CODE(beyond, 2);
  EXPECT_NE(beyond.err.find("not in the tree of size 5"), std::string::npos) << beyond.err;
}

TEST_F(CliTest, JsonOutputsParse) {
  CliRun keygen = Cli({"keygen", "--json", "k.example"});
  ASSERT_EQ(keygen.code, 0);
  auto kj = Json(keygen);
  EXPECT_EQ(std::string(kj["skey"].as_string()).rfind("PRIVATE+KEY+k.example+", 0), 0u);
  EXPECT_EQ(std::string(kj["vkey"].as_string()).rfind("k.example+", 0), 0u);

  CliRun init = Cli({"init", "--json", "--dir", ledger_, "--origin", "cli.example/json"});
  ASSERT_EQ(init.code, 0) << init.err;
  auto ij = Json(init);
  const std::string vkey(ij["vkey"].as_string());
  EXPECT_EQ(ij["origin"].as_string(), "cli.example/json");
  EXPECT_EQ(ij["dir"].as_string(), ledger_);

  CliRun app = Cli({"append", "--json", "--dir", ledger_}, "a \"quoted\" line\nback\\slash\n\ttab\n");
  ASSERT_EQ(app.code, 0) << app.err;
  EXPECT_EQ(boost::json::serialize(Json(app)["indices"]), "[0,1,2]");

  CliRun cp = Cli({"checkpoint", "--json", "--dir", ledger_});
  ASSERT_EQ(cp.code, 0) << cp.err;
  const std::string note(Json(cp)["checkpoint"].as_string());
  auto body = orelog::testing::VerifiedCheckpoint(note, vkey);
  ASSERT_OK(body);
  EXPECT_EQ(body->size, 3u);

  CliRun prove = Cli({"prove", "--json", "--dir", ledger_, "inclusion", "2"});
  ASSERT_EQ(prove.code, 0) << prove.err;
  auto pj = Json(prove);
  EXPECT_EQ(pj["index"].as_int64(), 2);
  EXPECT_EQ(pj["tree_size"].as_int64(), 3);
  EXPECT_EQ(pj["proof"].as_array().size(), 1u);  // leaf 2 of 3: one sibling hash
  EXPECT_EQ(pj["checkpoint"].as_string(), note);

  CliRun cons = Cli({"prove", "--json", "--dir", ledger_, "consistency", "1", "3"});
  ASSERT_EQ(cons.code, 0) << cons.err;
  auto cj = Json(cons);
  EXPECT_EQ(cj["old_size"].as_int64(), 1);
  EXPECT_EQ(cj["new_size"].as_int64(), 3);
  EXPECT_EQ(cj["proof"].as_array().size(), 2u);

  CliRun verify = Cli({"verify", "--json", "--dir", ledger_});
  ASSERT_EQ(verify.code, 0) << verify.err;
  auto vj = Json(verify);
  EXPECT_EQ(vj["ok"].as_bool(), true);
  EXPECT_EQ(vj["entries"].as_int64(), 3);
  EXPECT_EQ(vj["tree_size"].as_int64(), 3);
  EXPECT_EQ(vj["nodes_checked"].as_int64(), 4);  // 2n - popcount(n) perfect nodes

  fs::path tree = root_ / "tree";
  CliRun exp = Cli({"export-tiles", "--json", "--dir", ledger_, tree.string()});
  ASSERT_EQ(exp.code, 0) << exp.err;
  EXPECT_EQ(Json(exp)["tree_size"].as_int64(), 3);
  CliRun vt = Cli({"verify-tiles", "--json", tree.string(), "--vkey", vkey});
  ASSERT_EQ(vt.code, 0) << vt.err;
  EXPECT_EQ(Json(vt)["ok"].as_bool(), true);

  fs::path proof = root_ / "p", entry = root_ / "e";
  Write(proof, Cli({"prove", "--dir", ledger_, "inclusion", "0"}).out);
  Write(entry, "a \"quoted\" line");
  CliRun vp = Cli({"verify-proof", "--json", proof.string(), "--vkey", vkey, "--entry", entry.string()});
  ASSERT_EQ(vp.code, 0) << vp.err;
  auto vpj = Json(vp);
  EXPECT_EQ(vpj["verified"].as_bool(), true);
  EXPECT_EQ(vpj["index"].as_int64(), 0);

  CliRun backup = Cli({"backup", "--json", "--dir", ledger_, (root_ / "bk").string()});
  ASSERT_EQ(backup.code, 0) << backup.err;
  EXPECT_EQ(Json(backup)["backup"].as_string(), (root_ / "bk").string());
}

TEST_F(CliTest, ExportTilesAndVerifyTilesSince) {
  const std::string vkey = InitWith("one\ntwo\nthree\n");
  ASSERT_EQ(Cli({"checkpoint", "--dir", ledger_}).code, 0);
  fs::path tree = root_ / "tree";
  CliRun exp = Cli({"export-tiles", "--dir", ledger_, tree.string()});
  ASSERT_EQ(exp.code, 0) << exp.err;
  CliRun vt = Cli({"verify-tiles", tree.string(), "--vkey", vkey});
  EXPECT_EXIT_CODE(vt, 0);
  EXPECT_NE(vt.out.find("OK: "), std::string::npos);

  fs::path old_cp = root_ / "old.checkpoint";
  fs::copy_file(tree / "checkpoint", old_cp);
  std::string more;
  for (int i = 0; i < 600; ++i) more += "more " + std::to_string(i) + "\n";
  ASSERT_EQ(Cli({"append", "--dir", ledger_}, more).code, 0);
  ASSERT_EQ(Cli({"checkpoint", "--dir", ledger_}).code, 0);
  ASSERT_EQ(Cli({"export-tiles", "--dir", ledger_, tree.string()}).code, 0);
  CliRun since = Cli({"verify-tiles", tree.string(), "--vkey", vkey, "--since", old_cp.string()});
  EXPECT_EXIT_CODE(since, 0);
  EXPECT_NE(since.out.find("tree size 603"), std::string::npos) << since.out;

  // A checkpoint of another history signed with the same key.
  auto key = orelog::testing::LedgerSigningKey(ledger_);
  ASSERT_OK(key);
  Hash wrong{};
  wrong.fill(7);
  fs::path fake = root_ / "fake.checkpoint";
  Write(fake, orelog::testing::SignCheckpoint(*key, "cli.example/log", 2, wrong));
  CliRun rewritten = Cli({"verify-tiles", tree.string(), "--vkey", vkey, "--since", fake.string()});
  EXPECT_EXIT_CODE(rewritten, 1);
  EXPECT_NE(rewritten.err.find("history was rewritten"), std::string::npos) << rewritten.err;
  EXPECT_EXIT_CODE(Cli({"verify-tiles", tree.string(), "--vkey", vkey, "--since", (root_ / "nope").string()}), 3);

  // A modified tile.
  std::string tile = *ReadFile(tree / "tile/0/001");
  tile[40] ^= 1;
  Write(tree / "tile/0/001", tile);
  CliRun bad = Cli({"verify-tiles", tree.string(), "--vkey", vkey});
  EXPECT_EXIT_CODE(bad, 1);
  EXPECT_NE(bad.err.find("tile/0/001"), std::string::npos) << bad.err;
}

TEST_F(CliTest, BackupIsAVerifiableLedger) {
  InitWith("x\ny\nz\n");
  fs::path backup = root_ / "backup";
  CliRun b = Cli({"backup", "--dir", ledger_, backup.string()});
  ASSERT_EQ(b.code, 0) << b.err;
  CliRun v = Cli({"verify", "--dir", backup.string()});
  EXPECT_EXIT_CODE(v, 0);
  EXPECT_NE(v.out.find("3 entries recomputed"), std::string::npos) << v.out;
  struct stat st;
  ASSERT_EQ(::stat((backup / Ledger::kKeyFile).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // The copy is a ledger of its own: it can be appended to.
  CliRun app = Cli({"append", "--dir", backup.string()}, "w\n");
  EXPECT_EXIT_CODE(app, 0);
  EXPECT_EQ(app.out, "3\n");
  EXPECT_EXIT_CODE(Cli({"verify", "--dir", backup.string()}), 0);
  // Never over an existing directory.
  CliRun again = Cli({"backup", "--dir", ledger_, backup.string()});
  EXPECT_FALSE(fs::exists(backup / repo::ReadLog::kFile));  // none to copy: a ledger no server has served
  EXPECT_EXIT_CODE(again, 3);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
}

TEST_F(CliTest, BadArgumentsExit2) {
  InitWith("a\n");
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"frobnicate"},
      {"append"},                                          // --dir missing
      {"init", "--dir", (root_ / "new").string()},         // --origin missing
      {"prove", "--dir", ledger_},                         // no proof kind
      {"prove", "--dir", ledger_, "inclusion", "abc"},     // not a number
      {"prove", "--dir", ledger_, "inclusion", "-1"},
      {"verify", "--dir", ledger_, "--no-such-flag"},
      {"verify-tiles", (root_ / "t").string()},            // --vkey missing
      {"checkpoint", "--dir", ledger_, "extra"},
  };
  for (const auto& args : cases) {
    CliRun r = Cli(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_EQ(r.code, 2) << "orelog " << joined << "\nstdout: " << r.out << "\nstderr: " << r.err;
  }
  EXPECT_FALSE(fs::exists(root_ / "new" / Ledger::kDatabaseFile));
  EXPECT_EXIT_CODE(Cli({"--help"}), 0);
}

TEST_F(CliTest, VerifyReportsWhereALedgerWasTampered) {
  InitWith("e0\ne1\ne2\ne3\ne4\n");
  ASSERT_EQ(Cli({"checkpoint", "--dir", ledger_}).code, 0);
  EXPECT_EXIT_CODE(Cli({"verify", "--dir", ledger_}), 0);
  ASSERT_TRUE(orelog::testing::SqlExec(fs::path(ledger_) / Ledger::kDatabaseFile,
                                       "UPDATE entries SET data = x'6576696c' WHERE idx = 2"));
  CliRun v = Cli({"verify", "--dir", ledger_});
  EXPECT_EXIT_CODE(v, 1);
  EXPECT_NE(v.err.find("orelog verify: "), std::string::npos) << v.err;
  EXPECT_NE(v.err.find("entries [2, 3)"), std::string::npos) << v.err;

  ASSERT_TRUE(orelog::testing::SqlExec(fs::path(ledger_) / Ledger::kDatabaseFile, "DELETE FROM entries WHERE idx = 2"));
  CliRun gap = Cli({"verify", "--dir", ledger_});
  EXPECT_EXIT_CODE(gap, 1);
  EXPECT_NE(gap.err.find("entry 2 is missing"), std::string::npos) << gap.err;

  EXPECT_EXIT_CODE(Cli({"verify", "--dir", (root_ / "nowhere").string()}), 3);
}

TEST_F(CliTest, InitOnAnExistingLedgerFails) {
  const std::string vkey = InitWith("");
  std::string key = *ReadFile(fs::path(ledger_) / Ledger::kKeyFile);
  CliRun again = Cli({"init", "--dir", ledger_, "--origin", "cli.example/log"});
  EXPECT_EXIT_CODE(again, 3);
  EXPECT_NE(again.err.find("already holds a ledger"), std::string::npos) << again.err;
  EXPECT_EQ(*ReadFile(fs::path(ledger_) / Ledger::kKeyFile), key);
  EXPECT_EXIT_CODE(Cli({"verify", "--dir", ledger_}), 0);
}

TEST_F(CliTest, OverlongLineIsRejectedWithAClearMessage) {
  InitWith("");
  fs::path file = root_ / "long.txt";
  Write(file, "short\n" + std::string(65536, 'x') + "\nafter\n");
  CliRun r = Cli({"append", "--dir", ledger_, file.string()});
  EXPECT_EXIT_CODE(r, 2);
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("65536 bytes"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("65,535"), std::string::npos) << r.err;
  // What it reports as appended is exactly what the ledger holds.
  size_t reported = static_cast<size_t>(std::count(r.out.begin(), r.out.end(), '\n'));
  CliRun cp = Cli({"checkpoint", "--json", "--dir", ledger_});
  ASSERT_EQ(cp.code, 0);
  CliRun v = Cli({"verify", "--json", "--dir", ledger_});
  ASSERT_EQ(v.code, 0) << v.err;
  EXPECT_EQ(Json(v)["entries"].as_int64(), static_cast<int64_t>(reported));

  // A line of exactly 65,535 bytes is fine.
  Write(file, std::string(65535, 'y') + "\n");
  EXPECT_EXIT_CODE(Cli({"append", "--dir", ledger_, file.string()}), 0);
  // So is a missing file: an error, not a usage error.
  EXPECT_EXIT_CODE(Cli({"append", "--dir", ledger_, (root_ / "missing.txt").string()}), 3);
}

TEST_F(CliTest, AppendWaitsForNoOneWhileAnotherProcessWrites) {
  InitWith("a\n");
  // This test process holds the writer lock through an open Ledger.
  auto held = Ledger::Open(ledger_);
  ASSERT_OK(held);
  CliRun app = Cli({"append", "--dir", ledger_}, "b\n");
  EXPECT_EXIT_CODE(app, 3);
  EXPECT_NE(app.err.find("open for writing by another process"), std::string::npos) << app.err;
  // Proofs and audits do not need the lock.
  ASSERT_OK((*held)->Publish());
  EXPECT_EXIT_CODE(Cli({"prove", "--dir", ledger_, "inclusion", "0"}), 0);
  EXPECT_EXIT_CODE(Cli({"verify", "--dir", ledger_}), 0);
}

TEST_F(CliTest, BackupWhileAWriterHasUncheckpointedCommits) {
  InitWith("");
  {
    // This process keeps the ledger open; its commits sit in the WAL.
    auto ledger = Ledger::Open(ledger_);
    ASSERT_OK(ledger);
    std::vector<Bytes> entries;
    for (int i = 0; i < 500; ++i) entries.push_back(Bytes(100, static_cast<uint8_t>('a' + i % 26)));
    ASSERT_OK((*ledger)->AppendEntries(entries));
    ASSERT_OK((*ledger)->Publish());
    fs::path backup = root_ / "online-backup";
    CliRun b = Cli({"backup", "--dir", ledger_, backup.string()});
    ASSERT_EQ(b.code, 0) << b.err;
    CliRun v = Cli({"verify", "--json", "--dir", backup.string()});
    EXPECT_EXIT_CODE(v, 0);
    EXPECT_EQ(Json(v)["entries"].as_int64(), 500);
    EXPECT_EQ(Json(v)["tree_size"].as_int64(), 500);
  }
}

TEST_F(CliTest, EmptyLedgerExportsAndVerifies) {
  const std::string vkey = InitWith("");
  fs::path tree = root_ / "tree";
  EXPECT_EXIT_CODE(Cli({"export-tiles", "--dir", ledger_, tree.string()}), 0);
  CliRun v = Cli({"verify-tiles", "--json", tree.string(), "--vkey", vkey});
  EXPECT_EXIT_CODE(v, 0);
  EXPECT_EQ(Json(v)["tree_size"].as_int64(), 0);
  EXPECT_EXIT_CODE(Cli({"verify", "--dir", ledger_}), 0);
  CliRun p = Cli({"prove", "--dir", ledger_, "inclusion", "0"});
  EXPECT_EXIT_CODE(p, 2);
}

TEST_F(CliTest, JsonStaysValidForNonUtf8Paths) {
  // Regression: JsonString copied bytes >= 0x80 unchecked, so a path that is
  // not UTF-8 (legal on Linux) made --json output that is not JSON.
  std::string dir = (root_ / "L").string() + "\xff";
  CliRun init = Cli({"init", "--json", "--dir", dir, "--origin", "cli.example/log"});
  ASSERT_EQ(init.code, 0) << init.err;
  boost::system::error_code ec;
  boost::json::parse(init.out, ec);
  EXPECT_FALSE(ec) << "init --json printed invalid JSON: " << init.out;
}

// `orelog demo` seeds a new ledger with the scenario through the capture
// path; `orelog recompute` then finds incremental and full figures equal.
TEST_F(CliTest, DemoThenRecompute) {
  const std::string samples = (fs::path(ORELOG_SOURCE_DIR) / "samples" / "demo").string();
  CliRun demo = Cli({"demo", "--dir", ledger_, "--samples", samples, "--json"});
  ASSERT_EQ(demo.code, 0) << demo.err;
  boost::json::object d = Json(demo);
  EXPECT_EQ(d["events"], 103);
  EXPECT_EQ(d["lots"], 21);
  // The 11 injected custody flags and the copper dispute settled by the
  // umpire, 3 registry flags, 2 agreement flags (docs/demo.md §4).
  EXPECT_EQ(d["flags"], 17);
  CliRun agreements = Cli({"agreement", "list", "--dir", ledger_, "--json"});
  ASSERT_EQ(agreements.code, 0) << agreements.err;
  const boost::json::array list = Json(agreements)["agreements"].as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("agreement"), "AGR-USSM-FWO-2025");
  EXPECT_EQ(list[0].at("status"), "signed");
  CliRun agreement_audit = Cli({"agreement", "audit", "--dir", ledger_, "--json"});
  ASSERT_EQ(agreement_audit.code, 0) << agreement_audit.err;
  EXPECT_EQ(Json(agreement_audit)["agree"], true);
  CliRun again = Cli({"demo", "--dir", ledger_, "--samples", samples});
  EXPECT_NE(again.code, 0);  // never over an existing ledger
  CliRun audit = Cli({"recompute", "--dir", ledger_, "--json"});
  ASSERT_EQ(audit.code, 0) << audit.err;
  EXPECT_EQ(Json(audit)["agree"], true);
  CliRun missing = Cli({"demo", "--dir", (root_ / "other").string(), "--samples", (root_ / "nothing").string()});
  EXPECT_EQ(missing.code, 3) << missing.err;
  EXPECT_FALSE(fs::exists(root_ / "other"));  // nothing made when there is nothing to seed it with
  // A document that does not validate: refused, and no half-seeded ledger is left.
  fs::create_directories(root_ / "bad");
  Write(root_ / "bad" / "a.jsonld", "{}");
  CliRun bad = Cli({"demo", "--dir", (root_ / "other").string(), "--samples", (root_ / "bad").string()});
  EXPECT_EQ(bad.code, 2) << bad.err;
  EXPECT_NE(bad.err.find("a.jsonld"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(root_ / "other"));
  EXPECT_FALSE(fs::exists(root_ / ".other.demo-staging"));
}

TEST_F(CliTest, TokenCreateWithScopesListAndRevokeByIdOrParty) {
  ASSERT_EQ(Cli({"init", "--dir", ledger_, "--origin", "cli.example/tokens"}).code, 0);
  const fs::path db = fs::path(ledger_) / Ledger::kDatabaseFile;
  // Default scopes: what tokens could always do.
  CliRun plain = Cli({"token", "create", "--dir", ledger_, "--party", "p1", "--label", "laptop"});
  EXPECT_EXIT_CODE(plain, 0);
  EXPECT_TRUE(plain.out.starts_with("olt_")) << plain.out;
  EXPECT_NE(plain.err.find("(capture,read-full)"), std::string::npos) << plain.err;
  CliRun audit = Cli({"token", "create", "--json", "--dir", ledger_, "--party", "p2", "--scopes", "read-full,audit"});
  EXPECT_EXIT_CODE(audit, 0);
  boost::json::object a = boost::json::parse(audit.out).as_object();
  EXPECT_EQ(a.at("scopes").as_string(), "audit,read-full");
  EXPECT_EQ(a.at("party").as_string(), "p2");
  const std::string id(a.at("id").as_string());
  EXPECT_EQ(id.size(), 16u);
  EXPECT_TRUE(a.at("token").as_string().starts_with("olt_"));
  EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT count(*) FROM tokens WHERE scopes = 'audit,read-full' AND party = 'p2' "
                                        "AND lower(hex(substr(token_hash, 1, 8))) = '" + id + "'"),
            1);
  EXPECT_EXIT_CODE(Cli({"token", "create", "--dir", ledger_, "--party", "p3", "--scopes", "capture,root"}), 2);
  EXPECT_EXIT_CODE(Cli({"token", "create", "--dir", ledger_, "--party", "p3", "--scopes", ""}), 2);
  EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT count(*) FROM tokens"), 2);

  CliRun list = Cli({"token", "list", "--json", "--dir", ledger_});
  EXPECT_EXIT_CODE(list, 0);
  boost::json::array rows = boost::json::parse(list.out).as_array();
  ASSERT_EQ(rows.size(), 2u) << list.out;
  EXPECT_EQ(list.out.find("olt_"), std::string::npos) << "a token in the list";
  EXPECT_EQ(plain.out.find(std::string(rows[0].at("id").as_string())), std::string::npos);

  EXPECT_EXIT_CODE(Cli({"token", "revoke", "--dir", ledger_}), 2);  // neither --party nor --id
  EXPECT_EXIT_CODE(Cli({"token", "revoke", "--dir", ledger_, "--party", "p1", "--id", id}), 2);
  EXPECT_EXIT_CODE(Cli({"token", "revoke", "--dir", ledger_, "--id", "xyz"}), 2);
  CliRun by_id = Cli({"token", "revoke", "--dir", ledger_, "--id", id});
  EXPECT_EXIT_CODE(by_id, 0);
  EXPECT_EXIT_CODE(Cli({"token", "revoke", "--dir", ledger_, "--id", id}), 3);  // no active token has it
  CliRun by_party = Cli({"token", "revoke", "--json", "--dir", ledger_, "--party", "p1"});
  EXPECT_EXIT_CODE(by_party, 0);
  EXPECT_EQ(boost::json::parse(by_party.out).as_object().at("revoked").to_number<int64_t>(), 1);
  EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT count(*) FROM tokens WHERE revoked = 1"), 2);
  CliRun text = Cli({"token", "list", "--dir", ledger_});
  EXPECT_EXIT_CODE(text, 0);
  EXPECT_NE(text.out.find(id), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("(revoked)"), std::string::npos) << text.out;
}

}  // namespace
// The read log of full-form reads goes along with the ledger.
TEST_F(CliTest, BackupCopiesTheReadLog) {
  InitWith("x\n");
  {
    auto reads = repo::ReadLog::Open(ledger_);
    ASSERT_OK(reads);
    ASSERT_OK((*reads)->Record("https://auditor.example", "audit", "GET /events/x", {0}));
    fs::path backup = root_ / "with-reads";
    CliRun b = Cli({"backup", "--dir", ledger_, backup.string()});  // while the log is open, as under a server
    ASSERT_EQ(b.code, 0) << b.err;
    auto copied = repo::ReadLog::Open(backup);
    ASSERT_OK(copied);
    auto list = (*copied)->List(0, 10, "");
    ASSERT_OK(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].what, "GET /events/x");
    EXPECT_EQ((*list)[0].indices, (std::vector<uint64_t>{0}));
  }
}

}  // namespace orelog
