#include "common.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace orelog::bench {

LeafMaker::LeafMaker(size_t size) : buf_(size) {
  for (size_t j = 8; j < size; ++j) buf_[j] = static_cast<uint8_t>(j);
}

ByteView LeafMaker::Leaf(uint64_t i) {
  for (int b = 0; b < 8 && b < static_cast<int>(buf_.size()); ++b) {
    buf_[b] = static_cast<uint8_t>(i >> (56 - 8 * b));
  }
  return buf_;
}

Bytes LeafMaker::Copy(uint64_t i) {
  ByteView v = Leaf(i);
  return Bytes(v.begin(), v.end());
}

Memory ReadMemory() {
  Memory m;
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) m.hwm_kib = std::strtol(line.c_str() + 6, nullptr, 10);
    if (line.rfind("VmRSS:", 0) == 0) m.rss_kib = std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return m;
}

IoCounts ReadIo() {
  IoCounts c;
  std::ifstream in("/proc/self/io");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("wchar:", 0) == 0) c.wchar = std::strtoull(line.c_str() + 6, nullptr, 10);
    if (line.rfind("write_bytes:", 0) == 0) c.write_bytes = std::strtoull(line.c_str() + 12, nullptr, 10);
  }
  return c;
}

void Check(bool ok, const std::string& what) {
  if (ok) return;
  std::fprintf(stderr, "bench: %s\n", what.c_str());
  std::exit(1);
}

}  // namespace orelog::bench
