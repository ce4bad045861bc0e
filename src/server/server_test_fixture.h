// Test-only: a ledger with entries in a temp dir, for router and server tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "orelog/ledger.h"
#include "repo/schema.h"
#include "testutil/reference_tree.h"
#include "testutil/shared_data.h"
#include "testutil/status_matchers.h"

namespace orelog::server {

class LedgerFixture : public ::testing::Test {
 protected:
  static constexpr uint64_t kSize = 700;  // 2 full entry bundles + a partial; level-1 partial tile

  void SetUp() override {
    root_ = orelog::testing::MakeTempDir("orelog-server-test");
    dir_ = root_ / "ledger";
    ASSERT_OK(Ledger::Init(dir_, "example.com/orelog-server-test"));
    ASSERT_OK(repo::EnsureRepoSchema(dir_));
    LedgerOptions o;
    o.publish_interval = std::chrono::milliseconds(0);
    auto l = Ledger::Open(dir_, o);
    ASSERT_OK(l);
    ledger_ = std::move(*l);
    std::vector<Bytes> entries;
    for (uint64_t i = 0; i < kSize; ++i) entries.push_back(orelog::testing::ToBytes("entry " + std::to_string(i)));
    ASSERT_OK(ledger_->AppendEntries(entries));
    ASSERT_OK(ledger_->Publish());
    auto r = Ledger::OpenReader(dir_);
    ASSERT_OK(r);
    reader_ = std::move(*r);
  }
  void TearDown() override {
    reader_.reset();
    ledger_.reset();
    std::filesystem::remove_all(root_);
  }

  std::filesystem::path root_, dir_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<store::LogReader> reader_;
};

}  // namespace orelog::server
