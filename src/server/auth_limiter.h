// Rate limit of failed authentications per client (docs/participants.md §2):
// a token bucket per client of `burst` failures, refilled at one per
// `refill_every`. While a client's bucket is empty, its requests that carry a
// token are answered 429 before the token is looked up, so guessing tokens
// costs a client at most one guess per refill period. Requests without a
// token, and successful authentications, take nothing from the bucket.
//
// A client is an IPv4 address, or an IPv6 /64 (one subscriber usually holds a
// whole /64, so counting single IPv6 addresses would not limit anyone).
//
// Pure: no I/O; the clock is injected. Thread-safe (the server's threads
// share one limiter). Memory is bounded by `max_clients`.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace orelog::server {

struct AuthLimitOptions {
  int burst = 10;                                // failures a full bucket allows (>= 1)
  std::chrono::milliseconds refill_every{6000};  // one failure is forgiven per period (> 0)
  size_t max_clients = 65536;                    // clients tracked at once
};

class AuthLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;
  using Options = AuthLimitOptions;

  explicit AuthLimiter(Options options = {}, Now now = Clock::now);

  // Zero if `client` may authenticate now; otherwise how long until its
  // bucket holds one failure again (a Retry-After).
  std::chrono::milliseconds Wait(std::string_view client);

  // Takes one failure from `client`'s bucket (nothing if it is already empty).
  void RecordFailure(std::string_view client);

  // Clients currently tracked (those whose bucket is not full). For tests.
  size_t Tracked();

  // The client an address counts as: the IPv4 address itself (also for an
  // IPv4-mapped IPv6 address), "<first four groups>::/64" for IPv6, and the
  // text itself if it is neither (e.g. "" when the address is unknown).
  static std::string ClientKey(std::string_view address);

 private:
  // Time until the bucket is full again is (full_at - now); each failure adds
  // one refill period, so the bucket holds burst - (full_at - now) / period.
  using Buckets = std::unordered_map<std::string, Clock::time_point>;
  void MakeRoom(Clock::time_point now);

  const Options options_;
  const Now now_;
  std::mutex mu_;
  Buckets full_at_;  // guarded by mu_; only clients whose bucket is not full
};

}  // namespace orelog::server
