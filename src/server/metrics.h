// Server metrics in the Prometheus text exposition format (version 0.0.4):
// requests by route and status, request latency histograms by route, and
// gauges the caller samples at scrape time (queue depths, log size).
//
// Thread safety: all methods may be called concurrently.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orelog::server {

class Metrics {
 public:
  // Upper bounds of the latency buckets, seconds (+Inf implied).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  void Observe(std::string_view route, int status, std::chrono::nanoseconds latency);
  void AddCaptured(uint64_t events) { captured_.fetch_add(events, std::memory_order_relaxed); }

  // The exposition text, with `gauges` (name, help, value) appended.
  std::string Render(const std::vector<std::tuple<std::string, std::string, double>>& gauges) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // guarded by mu_
  std::map<std::string, Histogram> latency_;                   // guarded by mu_
  std::atomic<uint64_t> captured_{0};
};

}  // namespace orelog::server
