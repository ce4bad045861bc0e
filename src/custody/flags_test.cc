#include "custody/flags.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>

#include "custody/testing_facts.h"

namespace orelog::custody {
namespace {

using testing::FactsBuilder;
using testing::kTonne;

bool HasFlag(const std::vector<Flag>& flags, const std::string& id) {
  return std::any_of(flags.begin(), flags.end(), [&](const Flag& f) { return f.id == id; });
}

TEST(FlagsTest, PendingShipmentSaysWhenItsFlagWillAppear) {
  FactsBuilder fb;
  fb.Commission("lot-1", 10 * kTonne, "mine-1");
  const EventFacts& ship = fb.Ship("ship-1", {{"lot-1", 10 * kTonne}});
  const int64_t shipped = ship.time_ms;
  Book book;
  for (const EventFacts& f : fb.facts()) book.Record(f);
  book.Recompute();
  const int64_t limit = BookConfig{}.custody_gap_hours * 3'600'000;

  int64_t until = 0;
  auto before = ComputeFlags(book, shipped + limit, &until);
  EXPECT_FALSE(HasFlag(before, "custody_gap/ship-1"));
  EXPECT_EQ(until, shipped + limit + 1);
  // At that moment, and not before, the flag is there; then nothing else
  // depends on the clock.
  auto after = ComputeFlags(book, until, &until);
  EXPECT_TRUE(HasFlag(after, "custody_gap/ship-1"));
  EXPECT_EQ(until, INT64_MAX);

  // Received in time: no flag, and no clock dependence.
  fb.Receive("ship-1", {{"lot-1", 10 * kTonne}});
  Book received;
  for (const EventFacts& f : fb.facts()) received.Record(f);
  received.Recompute();
  auto done = ComputeFlags(received, shipped + 10 * limit, &until);
  EXPECT_FALSE(HasFlag(done, "custody_gap/ship-1"));
  EXPECT_EQ(until, INT64_MAX);

  // The public variant reports the earlier of its two books' moments.
  PublicFlags(book, book, shipped, &until);
  EXPECT_EQ(until, shipped + limit + 1);
}

}  // namespace
}  // namespace orelog::custody
