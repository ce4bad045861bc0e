#include "server/metrics.h"

#include <fmt/format.h>

namespace orelog::server {

void Metrics::Observe(std::string_view route, int status, std::chrono::nanoseconds latency) {
  double secs = std::chrono::duration<double>(latency).count();
  std::lock_guard lk(mu_);
  ++requests_[{std::string(route), status}];
  Histogram& h = latency_[std::string(route)];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (secs <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += secs;
}

std::string Metrics::Render(const std::vector<std::tuple<std::string, std::string, double>>& gauges) const {
  std::string out;
  out += "# HELP orelog_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE orelog_http_requests_total counter\n";
  std::lock_guard lk(mu_);
  for (const auto& [key, n] : requests_) {
    out += fmt::format("orelog_http_requests_total{{route=\"{}\",code=\"{}\"}} {}\n", key.first, key.second, n);
  }
  out += "# HELP orelog_http_request_duration_seconds Time from a complete request to its answer being ready.\n";
  out += "# TYPE orelog_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("orelog_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                         kBuckets[i], h.buckets[i]);
    }
    out += fmt::format("orelog_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route, h.count);
    out += fmt::format("orelog_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route, h.sum);
    out += fmt::format("orelog_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, h.count);
  }
  out += "# HELP orelog_events_captured_total EPCIS events newly appended to the log.\n";
  out += "# TYPE orelog_events_captured_total counter\n";
  out += fmt::format("orelog_events_captured_total {}\n", captured_.load(std::memory_order_relaxed));
  for (const auto& [name, help, value] : gauges) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, help, name, name, value);
  }
  return out;
}

}  // namespace orelog::server
