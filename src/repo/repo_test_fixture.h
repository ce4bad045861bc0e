// Test-only: a ledger with repository tables, a Capturer with a fixed clock
// and an EventReader, in a temp dir.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "orelog/ledger.h"
#include "repo/capture.h"
#include "repo/event_reader.h"
#include "repo/schema.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"

namespace orelog::repo {

class RepoFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = orelog::testing::MakeTempDir("orelog-repo-test");
    dir_ = root_ / "ledger";
    ASSERT_OK(Ledger::Init(dir_, "example.com/orelog-repo-test"));
    ASSERT_OK(EnsureRepoSchema(dir_));
    LedgerOptions lo;
    lo.publish_interval = std::chrono::milliseconds(0);
    auto l = Ledger::Open(dir_, lo);
    ASSERT_OK(l);
    ledger_ = std::move(*l);
    CaptureOptions co;
    co.ledger_dir = dir_;
    co.max_events = 50;
    co.now = [this] {
      // A strictly increasing clock: 2026-11-01T00:00:00.000Z + n ms.
      long n = clock_++;
      char buf[40];
      std::snprintf(buf, sizeof buf, "2026-11-01T00:%02ld:%02ld.%03ldZ", (n / 60000) % 60, (n / 1000) % 60, n % 1000);
      return std::string(buf);
    };
    capturer_ = std::make_unique<Capturer>(*ledger_, co);
    auto r = EventReader::Open(dir_);
    ASSERT_OK(r);
    reader_ = std::move(*r);
  }
  void TearDown() override {
    reader_.reset();
    capturer_.reset();
    ledger_.reset();
    std::filesystem::remove_all(root_);
  }

  int64_t Count(const std::string& table) {
    return orelog::testing::SqlInt(dir_ / Ledger::kDatabaseFile, "SELECT count(*) FROM " + table);
  }
  int64_t Entries() { return Count("entries"); }

  std::filesystem::path root_, dir_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<Capturer> capturer_;
  std::unique_ptr<EventReader> reader_;
  std::atomic<long> clock_{0};
};

// An EPCISDocument around `events` (JSON text of each, comma-joined).
inline std::string Doc(const std::string& events, const std::string& extra_context = "") {
  std::string ctx = R"("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld")";
  if (!extra_context.empty()) ctx = "[" + ctx + "," + extra_context + "]";
  return R"({"@context":)" + ctx +
         R"(,"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-11-01T00:00:00Z","epcisBody":{"eventList":[)" +
         events + "]}}";
}

// A valid ObjectEvent with serial `serial` and the given extra members.
inline std::string ObjEv(int serial, const std::string& extra = "") {
  return R"({"type":"ObjectEvent","eventTime":"2026-10-01T08:00:00.000+05:00","eventTimeZoneOffset":"+05:00","action":"OBSERVE",)"
         R"("epcList":["urn:epc:id:sgtin:0614141.107346.)" +
         std::to_string(serial) + R"("],"bizStep":"shipping","readPoint":{"id":"urn:epc:id:sgln:0614141.07346.1234"})" +
         (extra.empty() ? "" : "," + extra) + "}";
}

}  // namespace orelog::repo
