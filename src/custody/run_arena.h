// Storage for the custody book's computed figures: runs of small records
// packed into a few large chunks, instead of one heap vector per lot, flow
// and share list. Internal to the book (book_impl.h); not an API.
//
// Why: a book of a million lots holds tens of millions of short share lists.
// As separate vectors, the first computation after a load made one malloc
// per list and touched ~1.4 GB of fresh heap in 4 KiB pages (a minor fault
// each, ~12 µs on a VM): four times the cost of later computations, which
// reuse the memory. Here a list is 16 bytes of bookkeeping (Run) plus its
// records, allocated by bumping a pointer in chunks that large books get as
// transparent huge pages (one fault per 2 MiB).
//
// Runs never move unless they outgrow their capacity, and chunks never move
// at all: a span from Get() stays readable until the run is next resized.
//
// Threads: a book may compute figures on several threads at once (figures.cc),
// each node by one thread. Each such thread allocates from its own slot (its
// own current chunk: ArenaSlot), so allocation takes no lock; only adding a
// chunk does, into a table of chunks that never moves. Resizing or reading
// different runs from different threads is safe; the same run is not shared
// between threads without a happens-before edge (the book's node order).
// A run that outgrows its capacity moves to fresh space of twice the
// capacity and leaves its old records behind as garbage; since capacities
// only grow, each run moves at most log2(its largest size) + 1 times, so the
// garbage stays below the live size (no compaction is needed). (The book
// adds one more source of garbage: a lot's record that stops sharing a flow
// output's runs takes runs of its own, and one that starts drops its own:
// only a fact that changes the lot's sources, assays or elements does
// either, book_impl.h.) A full recompute of a
// computed book resizes nothing and allocates nothing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <memory>
#include <mutex>
#include <span>
#include <type_traits>

namespace orelog::custody {

// A run of records in a RunArena: `size` in use of `capacity` reserved.
struct Run {
  uint32_t chunk = 0;
  uint32_t offset = 0;  // in records
  uint32_t size = 0;
  uint32_t capacity = 0;
};

// Threads that allocate figures at the same time use distinct slots.
inline constexpr uint32_t kArenaSlots = 8;

namespace internal {

inline thread_local uint32_t arena_slot = 0;  // this thread's slot (ArenaSlot)

// Zero-filled chunks of memory, mapped from the system; chunks of 2 MiB or
// more are aligned to 2 MiB and advised to use transparent huge pages.
class Chunks {
 public:
  static constexpr uint32_t kMaxChunks = 4096;  // ~256 GiB of 64 MiB chunks

  Chunks() = default;
  ~Chunks();
  Chunks(Chunks&& o) noexcept;
  Chunks& operator=(Chunks&& o) noexcept;
  Chunks(const Chunks&) = delete;
  Chunks& operator=(const Chunks&) = delete;

  // Maps a chunk of at least `bytes` bytes; returns its index. Safe to call
  // from several threads at once. Aborts when the system has no memory (as
  // operator new would, without exceptions) or the table is full.
  uint32_t Add(size_t bytes);
  // Of a chunk Add returned (to this thread, or to another before a
  // happens-before edge to this one).
  std::byte* data(uint32_t c) const { return table_[c].data; }
  size_t bytes(uint32_t c) const { return table_[c].bytes; }

 private:
  struct Chunk {  // no initialisers: the table is allocated, not filled
    std::byte* data;  // usable start
    size_t bytes;     // usable length
    void* map;        // what to unmap
    size_t map_bytes;
  };
  void Release();
  std::unique_ptr<Chunk[]> table_;  // kMaxChunks entries once the first chunk is added; never moves
  uint32_t count_ = 0;              // guarded by mu_
  std::unique_ptr<std::mutex> mu_ = std::make_unique<std::mutex>();
};

}  // namespace internal

// Makes the calling thread allocate from slot `slot` (< kArenaSlots) while
// it lives. Threads computing one book at the same time must hold
// different slots; a thread that holds none allocates from slot 0.
class ArenaSlot {
 public:
  explicit ArenaSlot(uint32_t slot) : saved_(internal::arena_slot) { internal::arena_slot = slot; }
  ~ArenaSlot() { internal::arena_slot = saved_; }
  ArenaSlot(const ArenaSlot&) = delete;
  ArenaSlot& operator=(const ArenaSlot&) = delete;

 private:
  uint32_t saved_;
};

// Runs of T, where T is copied bit for bit (trivial copy and destruction:
// records are moved by copying and never destroyed) and is valid when
// all-zero bytes (fresh records are zero-filled: a zero Run is an empty run).
template <typename T>
class RunArena {
  static_assert(std::is_trivially_copy_constructible_v<T> && std::is_trivially_destructible_v<T>);

 public:
  std::span<const T> Get(Run r) const { return {At(r), r.size}; }
  std::span<T> Mutable(Run r) { return {At(r), r.size}; }

  // Makes `r` hold `n` records. The first min(old size, n) are kept; the
  // records past the old size are those last held there (the records of an
  // earlier, longer use, with their own runs for reuse) or zero-filled.
  void Resize(Run& r, uint32_t n) {
    if (n > r.capacity) Grow(r, n);
    r.size = n;
  }
  // Makes `r` hold exactly `v`.
  void Assign(Run& r, std::span<const T> v) {
    Resize(r, static_cast<uint32_t>(v.size()));
    std::copy(v.begin(), v.end(), At(r));
  }

 private:
  static constexpr size_t kFirstChunkBytes = size_t{64} << 10;
  static constexpr size_t kMaxChunkBytes = size_t{64} << 20;

  T* At(Run r) const {
    return r.capacity == 0 ? nullptr : reinterpret_cast<T*>(chunks_.data(r.chunk)) + r.offset;
  }
  // Moves `r` (all `capacity` records: spare records keep their runs) to a
  // new run of capacity max(n, 2 × capacity); a first allocation is exact.
  void Grow(Run& r, uint32_t n) {
    const uint32_t capacity = r.capacity == 0 ? n : std::max(n, 2 * r.capacity);
    Run moved = Allocate(capacity);
    if (r.capacity > 0) std::copy_n(At(r), r.capacity, At(moved));
    moved.size = r.size;
    r = moved;
  }
  Run Allocate(uint32_t n) {
    Cursor& c = cursors_[internal::arena_slot];
    const size_t need = size_t{n} * sizeof(T);
    if (c.next_bytes == 0 || c.used + need > chunks_.bytes(c.current)) {
      c.next_bytes = c.next_bytes == 0 ? kFirstChunkBytes : std::min(2 * c.next_bytes, kMaxChunkBytes);
      c.current = chunks_.Add(std::max(c.next_bytes, need));
      c.used = 0;
    }
    Run r{c.current, static_cast<uint32_t>(c.used / sizeof(T)), 0, n};
    c.used += need;
    return r;
  }

  // One slot's chunk being filled; a cache line each, so that threads
  // allocating at once do not share one.
  struct alignas(64) Cursor {
    uint32_t current = 0;   // the chunk being filled
    size_t used = 0;        // bytes of it handed out
    size_t next_bytes = 0;  // size of the last chunk requested (doubles to kMaxChunkBytes); 0: none yet
  };
  internal::Chunks chunks_;
  std::array<Cursor, kArenaSlots> cursors_{};
};

}  // namespace orelog::custody
