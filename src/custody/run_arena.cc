#include "custody/run_arena.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace orelog::custody::internal {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kPage = size_t{4} << 10;

size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

}  // namespace

Chunks::~Chunks() { Release(); }

Chunks::Chunks(Chunks&& o) noexcept
    : table_(std::move(o.table_)), count_(std::exchange(o.count_, 0)), mu_(std::make_unique<std::mutex>()) {}

Chunks& Chunks::operator=(Chunks&& o) noexcept {
  if (this != &o) {
    Release();
    table_ = std::move(o.table_);
    count_ = std::exchange(o.count_, 0);
  }
  return *this;
}

void Chunks::Release() {
  for (uint32_t i = 0; i < count_; ++i) munmap(table_[i].map, table_[i].map_bytes);
  table_.reset();
  count_ = 0;
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
  std::lock_guard lock(*mu_);
  if (table_ == nullptr) table_ = std::make_unique_for_overwrite<Chunk[]>(kMaxChunks);
  if (count_ == kMaxChunks) {
    std::fprintf(stderr, "custody: more than %u chunks of figures\n", kMaxChunks);
    std::abort();
  }
  table_[count_] = c;
  return count_++;
}

}  // namespace orelog::custody::internal
