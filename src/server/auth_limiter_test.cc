#include "server/auth_limiter.h"

#include <gtest/gtest.h>

namespace orelog::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class AuthLimiterTest : public ::testing::Test {
 protected:
  AuthLimiter::Now Clock() {
    return [this] { return now_; };
  }
  AuthLimiter::Clock::time_point now_{seconds(1000)};
};

TEST_F(AuthLimiterTest, TenFailuresThenWaitUntilOneIsRefilled) {
  AuthLimiter limiter({}, Clock());
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(limiter.Wait("192.0.2.1"), milliseconds(0)) << i;
    limiter.RecordFailure("192.0.2.1");
  }
  EXPECT_EQ(limiter.Wait("192.0.2.1"), seconds(6));
  EXPECT_EQ(limiter.Wait("192.0.2.2"), milliseconds(0));  // per client
  now_ += milliseconds(5999);
  EXPECT_EQ(limiter.Wait("192.0.2.1"), milliseconds(1));
  now_ += milliseconds(1);
  EXPECT_EQ(limiter.Wait("192.0.2.1"), milliseconds(0));  // one failure refilled
  limiter.RecordFailure("192.0.2.1");
  EXPECT_EQ(limiter.Wait("192.0.2.1"), seconds(6));
  // After 60 s the bucket is full again: ten more failures before a wait.
  now_ += seconds(60);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(limiter.Wait("192.0.2.1"), milliseconds(0)) << i;
    limiter.RecordFailure("192.0.2.1");
  }
  EXPECT_GT(limiter.Wait("192.0.2.1"), milliseconds(0));
}

TEST_F(AuthLimiterTest, FailuresWhileEmptyDoNotPushTheWaitFurther) {
  AuthLimiter limiter({}, Clock());
  for (int i = 0; i < 50; ++i) limiter.RecordFailure("c");
  EXPECT_EQ(limiter.Wait("c"), seconds(6));
}

TEST_F(AuthLimiterTest, SlowFailuresNeverEmptyTheBucket) {
  AuthLimiter limiter({}, Clock());
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(limiter.Wait("c"), milliseconds(0)) << i;
    limiter.RecordFailure("c");
    now_ += seconds(6);
  }
}

TEST_F(AuthLimiterTest, OptionsSetBurstAndRefill) {
  AuthLimiter limiter({.burst = 2, .refill_every = milliseconds(500), .max_clients = 8}, Clock());
  limiter.RecordFailure("c");
  EXPECT_EQ(limiter.Wait("c"), milliseconds(0));
  limiter.RecordFailure("c");
  EXPECT_EQ(limiter.Wait("c"), milliseconds(500));
}

TEST_F(AuthLimiterTest, MemoryIsBoundedAndFullBucketsAreForgottenFirst) {
  AuthLimiter limiter({.burst = 3, .refill_every = seconds(1), .max_clients = 4}, Clock());
  for (int i = 0; i < 3; ++i) limiter.RecordFailure("heavy");  // empty bucket
  limiter.RecordFailure("a");
  limiter.RecordFailure("b");
  limiter.RecordFailure("c");
  EXPECT_EQ(limiter.Tracked(), 4u);
  limiter.RecordFailure("d");  // no full bucket to drop: the least-failed client goes
  EXPECT_EQ(limiter.Tracked(), 4u);
  EXPECT_EQ(limiter.Wait("heavy"), seconds(1));  // the one that failed most is still limited
  now_ += seconds(2);  // the others are full again; heavy is not
  limiter.RecordFailure("e");
  EXPECT_EQ(limiter.Tracked(), 2u);  // heavy and e
  for (int i = 0; i < 1000; ++i) limiter.RecordFailure("x" + std::to_string(i));
  EXPECT_LE(limiter.Tracked(), 4u);
}

TEST(AuthLimiterClientKey, Ipv4AsIsIpv6ByItsSlash64) {
  EXPECT_EQ(AuthLimiter::ClientKey("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(AuthLimiter::ClientKey("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(AuthLimiter::ClientKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(AuthLimiter::ClientKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
  EXPECT_EQ(AuthLimiter::ClientKey("::1"), "0:0:0:0::/64");
  EXPECT_EQ(AuthLimiter::ClientKey(""), "");
  EXPECT_EQ(AuthLimiter::ClientKey("not an address"), "not an address");
}

}  // namespace
}  // namespace orelog::server
