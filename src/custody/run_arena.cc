#include "custody/run_arena.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace orelog::custody::internal {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kPage = size_t{4} << 10;

size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

}  // namespace

Chunks::~Chunks() { Release(); }

Chunks& Chunks::operator=(Chunks&& o) noexcept {
  if (this != &o) {
    Release();
    chunks_ = std::move(o.chunks_);
    o.chunks_.clear();
  }
  return *this;
}

void Chunks::Release() {
  for (const Chunk& c : chunks_) munmap(c.map, c.map_bytes);
  chunks_.clear();
}

uint32_t Chunks::Add(size_t bytes) {
  // Huge pages only for chunks that fill them: a small book (tests, a
  // passport's verifier) keeps small 4 KiB-paged chunks.
  const bool huge = bytes >= kHugePage;
  Chunk c;
  c.bytes = RoundUp(bytes, huge ? kHugePage : kPage);
  c.map_bytes = c.bytes + (huge ? kHugePage : 0);  // room to align the start
  c.map = mmap(nullptr, c.map_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (c.map == MAP_FAILED) {
    std::fprintf(stderr, "custody: out of memory mapping %zu bytes for figures\n", c.map_bytes);
    std::abort();
  }
  c.data = static_cast<std::byte*>(c.map);
  if (huge) {
    const auto at = reinterpret_cast<uintptr_t>(c.map);
    c.data += RoundUp(at, kHugePage) - at;
#ifdef MADV_HUGEPAGE
    // Advice only: without huge pages the chunk works the same, slower to
    // fault in. (THP is commonly in "madvise" mode, which needs it.)
    madvise(c.data, c.bytes, MADV_HUGEPAGE);
#endif
  }
  chunks_.push_back(c);
  return static_cast<uint32_t>(chunks_.size() - 1);
}

}  // namespace orelog::custody::internal
