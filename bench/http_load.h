// A closed-loop HTTP/1.1 load generator for the EPCIS benchmarks: C
// keep-alive connections to 127.0.0.1:PORT, each a blocking Beast client on
// its own thread sending its next request as soon as the previous answer
// has been read. Per-request latency is from the first byte written to the
// last byte read.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace orelog::bench {

struct HttpCall {
  std::string method = "GET";
  std::string target;  // origin-form, e.g. /events?MATCH_epc=...
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct LoadOptions {
  uint16_t port = 0;
  int connections = 8;
  uint64_t requests_per_connection = 0;
  // Makes request k of connection c (called on that connection's thread,
  // outside the latency measurement).
  std::function<HttpCall(int c, uint64_t k)> make;
  // Says whether the answer is the expected one (status, body); a wrong
  // answer stops the benchmark.
  std::function<bool(int c, uint64_t k, int status, const std::string& body)> check;
};

struct LoadResult {
  double seconds = 0;                 // wall time from the first request to the last answer
  std::vector<double> latencies_ms;   // every request, unsorted
  double cpu_seconds = 0;             // this process's CPU time (user + system) during the run
};

// Runs the load; dies (bench::Check) on a network error or a wrong answer.
LoadResult RunLoad(const LoadOptions& options);

// Nearest-rank percentile (0 < p <= 100) of `values`, which it sorts.
double Percentile(std::vector<double>& values, double p);

// This process's user + system CPU seconds so far.
double ProcessCpuSeconds();

}  // namespace orelog::bench
