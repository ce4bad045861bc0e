// orelog gen: runs the built binary, then reads the ledger's custody view.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <cstdio>
#include <filesystem>
#include <string>

#include "custody/views.h"
#include "repo/custody_view.h"
#include "testutil/run_orelog.h"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using orelog::repo::Access;
using orelog::repo::CustodyView;

// Runs `orelog gen ... --json` and returns its parsed stdout (null on failure).
json::value Gen(const fs::path& dir, int lots, int seed) {
  std::string out;
  if (orelog::testing::RunOrelog("gen --json --dir " + dir.string() + " --lots " + std::to_string(lots) + " --seed " +
                                     std::to_string(seed),
                                 &out) != 0) {
    return nullptr;
  }
  boost::system::error_code ec;
  json::value v = json::parse(out, ec);
  return ec ? json::value(nullptr) : v;
}

class GenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("orelog_gen_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(GenTest, ChainIsCapturedWithItsCustodyView) {
  json::value got = Gen(dir_ / "a", 50, 3);
  ASSERT_TRUE(got.is_object());
  const json::object& o = got.as_object();
  // 50 lots round up to 3 columns of 23 lots, 29 events each.
  EXPECT_EQ(o.at("lots").as_int64(), 69);
  EXPECT_EQ(o.at("events").as_int64(), 87);
  const std::string deepest(o.at("deepestLot").as_string());

  auto view = CustodyView::Open(dir_ / "a");
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ((*view)->LotCount(), 69u);
  auto audit = (*view)->AuditRecompute();
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(*audit, "");

  auto trace = (*view)->Read(Access::kFull, [&](const orelog::custody::Book& book) {
    return orelog::custody::TraceJson(book, deepest, orelog::custody::Direction::kUpstream, 64);
  });
  ASSERT_TRUE(trace.ok()) << trace.status().ToString();
  int64_t depth = 0;
  for (const json::value& n : trace->at("nodes").as_array()) depth = std::max(depth, n.at("depth").as_int64());
  EXPECT_GE(depth, 15);
  EXPECT_EQ(depth, 20);  // refinery <- port <- 17 blends <- concentrator <- mine
  EXPECT_EQ(static_cast<int64_t>(trace->at("nodes").as_array().size()), o.at("deepestUpstreamLots").as_int64());
  EXPECT_FALSE(trace->at("truncated").as_bool());
}

TEST_F(GenTest, SameSeedGivesTheSameFigures) {
  ASSERT_TRUE(Gen(dir_ / "a", 120, 9).is_object());
  ASSERT_TRUE(Gen(dir_ / "b", 120, 9).is_object());
  ASSERT_TRUE(Gen(dir_ / "c", 120, 10).is_object());
  auto a = CustodyView::Open(dir_ / "a");
  auto b = CustodyView::Open(dir_ / "b");
  auto c = CustodyView::Open(dir_ / "c");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  auto compare = [](CustodyView& x, CustodyView& y) {
    return x.Read(Access::kFull, [&](const orelog::custody::Book& bx) {
      return y.Read(Access::kFull, [&](const orelog::custody::Book& by) { return orelog::custody::CompareFigures(bx, by); });
    });
  };
  EXPECT_EQ(compare(**a, **b), "");
  EXPECT_NE(compare(**a, **c), "");  // another seed: other lot IDs and masses
}

TEST_F(GenTest, RefusesAnExistingLedger) {
  ASSERT_TRUE(Gen(dir_ / "a", 23, 1).is_object());
  EXPECT_TRUE(Gen(dir_ / "a", 23, 1).is_null());
}

}  // namespace
