// Helpers shared by the benchmark commands: the deterministic test leaves
// (identical to bench/go-peer, so roots can be compared), memory figures
// from /proc/self/status, and a monotonic stopwatch.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "base/bytes.h"

namespace orelog::bench {

// Leaf i of the benchmark logs: BE64(i) || bytes 8, 9, ..., size-1 (mod 256).
class LeafMaker {
 public:
  explicit LeafMaker(size_t size);
  // The bytes of leaf i; valid until the next call.
  ByteView Leaf(uint64_t i);
  Bytes Copy(uint64_t i);

 private:
  Bytes buf_;
};

// Peak and current resident set of this process in KiB (VmHWM, VmRSS).
struct Memory {
  long hwm_kib = 0;
  long rss_kib = 0;
};
Memory ReadMemory();

// Bytes this process has passed to write(2)/pwrite(2) so far and bytes it
// has caused to be sent to storage (/proc/self/io wchar, write_bytes).
struct IoCounts {
  uint64_t wchar = 0;
  uint64_t write_bytes = 0;
};
IoCounts ReadIo();

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Dies with a message if `ok` is false (benchmarks have no error path).
void Check(bool ok, const std::string& what);

}  // namespace orelog::bench
