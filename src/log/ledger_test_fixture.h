// Shared fixture of the Ledger tests (ledger_test.cc, ledger_recovery_test.cc).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "orelog/ledger.h"
#include "testutil/ledger_util.h"
#include "testutil/reference_tree.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"

namespace orelog::ledger_testing {

namespace fs = std::filesystem;
using orelog::testing::RefTree;
using orelog::testing::StatusIs;
using orelog::testing::ToBytes;
using orelog::testing::VerifiedCheckpoint;

inline constexpr char kOrigin[] = "test.example/ledger";

inline LedgerOptions ManualPublish() {
  LedgerOptions o;
  o.publish_interval = std::chrono::milliseconds(0);
  return o;
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = orelog::testing::MakeTempDir("orelog-ledger-test") / "ledger";
    auto vkey = Ledger::Init(dir_, kOrigin);
    ASSERT_OK(vkey);
    vkey_ = *vkey;
  }
  void TearDown() override { fs::remove_all(dir_.parent_path()); }

  std::unique_ptr<Ledger> OpenOrDie(const LedgerOptions& o = ManualPublish()) {
    auto l = Ledger::Open(dir_, o);
    EXPECT_OK(l);
    return l.ok() ? std::move(*l) : nullptr;
  }

  // Appends entries "<tag>-<k>" in one batch, recording them in the oracle.
  std::vector<uint64_t> AppendTagged(Ledger& l, const std::string& tag, size_t count) {
    std::vector<Bytes> entries;
    for (size_t k = 0; k < count; ++k) entries.push_back(ToBytes(tag + "-" + std::to_string(k)));
    auto got = l.AppendEntries(entries);
    EXPECT_OK(got);
    if (!got.ok()) return {};
    for (Bytes& e : entries) ref_.Add(std::move(e));
    return *got;
  }

  tlog::Checkpoint PublishAndCheck(Ledger& l) {
    auto note = l.Publish();
    EXPECT_OK(note);
    auto cp = VerifiedCheckpoint(note.ok() ? *note : "", vkey_);
    EXPECT_OK(cp);
    if (!cp.ok()) return {};
    EXPECT_EQ(cp->origin, kOrigin);
    EXPECT_EQ(cp->size, ref_.size());
    EXPECT_EQ(cp->root, ref_.Root());
    return *cp;
  }

  fs::path dir_;
  std::string vkey_;
  RefTree ref_;
};

}  // namespace orelog::ledger_testing
