#include "custody/run_arena.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <limits>
#include <thread>
#include <vector>

#include "custody/share_store.h"

namespace orelog::custody {
namespace {

// (gtest's Test::Run hides the name inside test bodies.)
using ArenaRun = custody::Run;

std::vector<uint64_t> Contents(const RunArena<uint64_t>& a, ArenaRun r) {
  auto s = a.Get(r);
  return {s.begin(), s.end()};
}

TEST(RunArenaTest, FirstAllocationIsExactAndGrowthDoublesKeepingContents) {
  RunArena<uint64_t> a;
  ArenaRun r;
  EXPECT_TRUE(a.Get(r).empty());
  a.Assign(r, std::vector<uint64_t>{1, 2, 3});
  EXPECT_EQ(r.capacity, 3u);
  EXPECT_EQ(Contents(a, r), (std::vector<uint64_t>{1, 2, 3}));
  a.Resize(r, 4);  // moves to a run of twice the capacity, keeping the three
  EXPECT_EQ(r.capacity, 6u);
  a.Mutable(r)[3] = 4;
  EXPECT_EQ(Contents(a, r), (std::vector<uint64_t>{1, 2, 3, 4}));
  const ArenaRun before = r;
  a.Resize(r, 1);  // shrinking stays in place
  EXPECT_EQ(r.chunk, before.chunk);
  EXPECT_EQ(r.offset, before.offset);
  a.Resize(r, 4);  // and growing back within capacity finds the old records
  EXPECT_EQ(Contents(a, r), (std::vector<uint64_t>{1, 2, 3, 4}));
}

TEST(RunArenaTest, FreshRecordsAreZeroAndRunsDoNotOverlap) {
  RunArena<uint64_t> a;
  std::vector<ArenaRun> runs(2000);
  for (size_t i = 0; i < runs.size(); ++i) {
    a.Resize(runs[i], static_cast<uint32_t>(1 + i % 300));  // spans many chunks
    for (uint64_t x : a.Get(runs[i])) ASSERT_EQ(x, 0u);
    for (uint64_t& x : a.Mutable(runs[i])) x = i;
  }
  for (size_t i = 0; i < runs.size(); ++i) {
    for (uint64_t x : a.Get(runs[i])) ASSERT_EQ(x, i);
  }
}

TEST(RunArenaTest, AChunkLargerThanTheUsualOnesIsMadeForALongRun) {
  RunArena<uint64_t> a;
  ArenaRun r;
  const uint32_t n = 20u << 20;  // 160 MiB: more than a chunk
  a.Resize(r, n);
  a.Mutable(r)[n - 1] = 7;
  EXPECT_EQ(a.Get(r)[n - 1], 7u);
}

ShareVector RoundTrip(ShareStore& s, ArenaRun& r, const ShareVector& v) {
  s.Assign(r, v);
  ShareVector out;
  s.Get(r, out);
  return out;
}

// Threads holding different slots allocate, grow and fill runs of one
// arena at once (what a threaded computation of a book does); no run may
// overlap another or lose its contents.
TEST(RunArenaTest, ThreadsWithTheirOwnSlotsAllocateAtOnce) {
  RunArena<uint64_t> a;
  constexpr uint32_t kThreads = 4, kRuns = 3000;
  std::vector<std::vector<ArenaRun>> runs(kThreads, std::vector<ArenaRun>(kRuns));
  std::vector<std::thread> threads;
  for (uint32_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ArenaSlot slot(t);
      for (uint32_t i = 0; i < kRuns; ++i) {
        const uint32_t n = 1 + (i * 7 + t) % 40;
        std::vector<uint64_t> v(n);
        for (uint32_t k = 0; k < n; ++k) v[k] = uint64_t{t} << 32 | uint64_t{i} << 8 | k;
        a.Assign(runs[t][i], v);
        a.Resize(runs[t][i], n + (i % 3));  // sometimes grows: moves the run
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (uint32_t t = 0; t < kThreads; ++t) {
    for (uint32_t i = 0; i < kRuns; ++i) {
      const uint32_t n = 1 + (i * 7 + t) % 40;
      const std::vector<uint64_t> got = Contents(a, runs[t][i]);
      ASSERT_EQ(got.size(), n + (i % 3));
      for (uint32_t k = 0; k < n; ++k) ASSERT_EQ(got[k], uint64_t{t} << 32 | uint64_t{i} << 8 | k) << t << " " << i;
    }
  }
}

TEST(ShareStoreTest, PacksOrdinarySharesAndKeepsOthersWide) {
  ShareStore s;
  ArenaRun r;
  const ShareVector narrow{{0, 5}, {3, (Milligrams{1} << 48) - 1}, {0xFFFE, 0}};
  EXPECT_EQ(RoundTrip(s, r, narrow), narrow);
  EXPECT_EQ(r.size, 3u);  // one word a share
  EXPECT_EQ(s.Sum(r), 5 + (Milligrams{1} << 48) - 1);
  for (const ShareVector& wide : {ShareVector{{1, 2}, {0xFFFF, 3}}, ShareVector{{1, Milligrams{1} << 48}},
                                  ShareVector{{1, -4}, {2, 9}},
                                  ShareVector{{7, std::numeric_limits<Milligrams>::max()}}}) {
    ArenaRun w;
    EXPECT_EQ(RoundTrip(s, w, wide), wide);
    EXPECT_EQ(w.size, 1 + 2 * wide.size());
    Milligrams sum = 0;
    for (const auto& x : wide) sum += x.second;
    EXPECT_EQ(s.Sum(w), sum);
  }
  EXPECT_EQ(RoundTrip(s, r, {}), ShareVector{});
  EXPECT_EQ(s.Sum(r), 0);
}

RC_GTEST_PROP(ShareStoreProperties, RoundTripsAnyShares, ()) {
  const auto keys = *rc::gen::container<std::vector<uint32_t>>(
      rc::gen::oneOf(rc::gen::inRange<uint32_t>(0, 20), rc::gen::arbitrary<uint32_t>()));
  ShareVector v;
  for (uint32_t k : keys) {
    v.emplace_back(k, *rc::gen::oneOf(rc::gen::inRange<Milligrams>(0, 1'000'000), rc::gen::arbitrary<Milligrams>()));
  }
  ShareStore s;
  ArenaRun r;
  s.Assign(r, ShareVector{{1, 1}});  // a run being reused
  RC_ASSERT(RoundTrip(s, r, v) == v);
}

}  // namespace
}  // namespace orelog::custody
