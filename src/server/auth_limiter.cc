#include "server/auth_limiter.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace orelog::server {

AuthLimiter::AuthLimiter(Options options, Now now) : options_(options), now_(std::move(now)) {}

std::chrono::milliseconds AuthLimiter::Wait(std::string_view client) {
  const Clock::time_point now = now_();
  std::lock_guard lock(mu_);
  auto it = full_at_.find(std::string(client));
  if (it == full_at_.end() || it->second <= now) return std::chrono::milliseconds(0);
  // Empty when the debt exceeds what burst - 1 failures make; one more
  // period must pass for a whole failure to be back.
  const auto allowed = options_.refill_every * (options_.burst - 1);
  const auto debt = it->second - now;
  if (debt <= allowed) return std::chrono::milliseconds(0);
  return std::chrono::ceil<std::chrono::milliseconds>(debt - allowed);
}

void AuthLimiter::RecordFailure(std::string_view client) {
  const Clock::time_point now = now_();
  std::lock_guard lock(mu_);
  auto it = full_at_.find(std::string(client));
  if (it == full_at_.end()) {
    MakeRoom(now);
    it = full_at_.emplace(std::string(client), now).first;
  }
  Clock::time_point& full_at = it->second;
  full_at = std::max(full_at, now);
  // Never deeper than empty: a client that keeps failing while refused does
  // not push its wait further out.
  if (full_at - now + options_.refill_every <= options_.refill_every * options_.burst) full_at += options_.refill_every;
}

size_t AuthLimiter::Tracked() {
  std::lock_guard lock(mu_);
  return full_at_.size();
}

void AuthLimiter::MakeRoom(Clock::time_point now) {
  if (full_at_.size() < options_.max_clients) return;
  std::erase_if(full_at_, [now](const auto& kv) { return kv.second <= now; });  // full buckets hold nothing
  if (full_at_.size() < options_.max_clients || full_at_.empty()) return;
  // Still full: forget the client closest to a full bucket (it has failed least).
  auto least = std::min_element(full_at_.begin(), full_at_.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
  full_at_.erase(least);
}

std::string AuthLimiter::ClientKey(std::string_view address) {
  std::string text(address);
  std::array<unsigned char, 16> v6{};
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) != 1) return text;  // IPv4 or unknown: as is
  static constexpr std::array<unsigned char, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char buf[64];
  if (std::equal(kMapped.begin(), kMapped.end(), v6.begin())) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", v6[12], v6[13], v6[14], v6[15]);
  } else {
    std::snprintf(buf, sizeof buf, "%x:%x:%x:%x::/64", (v6[0] << 8) | v6[1], (v6[2] << 8) | v6[3], (v6[4] << 8) | v6[5],
                  (v6[6] << 8) | v6[7]);
  }
  return buf;
}

}  // namespace orelog::server
