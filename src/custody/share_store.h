// The share lists of the custody book's figures (origins and exposure
// facets of every lot and flow output), packed into a RunArena of 64-bit
// words. Internal to the book (book_impl.h); not an API.
//
// A share whose key is below 0xFFFF and whose milligrams are in [0, 2^48)
// (281,474 t) is one word, key << 48 | mg: in practice every share, since
// keys count sites and facets, and no lot holds that much of one element. A
// list with any share that does not fit is stored wide instead, a marker
// word (all ones, never a packed share: its key would be 0xFFFF) followed by
// each share's key and milligrams. Half the bytes of a vector of Share,
// which matters because a load's first computation pays for every fresh
// byte it writes (run_arena.h); decoding is a shift and a mask.
#pragma once

#include <cstdint>
#include <span>

#include "custody/book.h"
#include "custody/run_arena.h"

namespace orelog::custody {

class ShareStore {
 public:
  // Makes `r` hold exactly `v` (in place when it fits: RunArena::Resize).
  void Assign(Run& r, std::span<const Share> v) {
    bool narrow = true;
    for (const auto& [k, mg] : v) narrow &= k < kWideKey && mg >= 0 && mg < kMgLimit;
    const size_t n = v.size();
    words_.Resize(r, static_cast<uint32_t>(narrow || n == 0 ? n : 1 + 2 * n));
    const std::span<uint64_t> w = words_.Mutable(r);
    if (narrow) {
      for (size_t i = 0; i < n; ++i) w[i] = uint64_t{v[i].first} << 48 | static_cast<uint64_t>(v[i].second);
      return;
    }
    if (n == 0) return;
    w[0] = kWideMarker;
    for (size_t i = 0; i < n; ++i) {
      w[1 + 2 * i] = v[i].first;
      w[2 + 2 * i] = static_cast<uint64_t>(v[i].second);
    }
  }
  // The shares of `r`, into `out` (its old contents replaced).
  void Get(Run r, ShareVector& out) const {
    out.clear();
    const std::span<const uint64_t> w = words_.Get(r);
    if (w.empty()) return;
    if (w[0] == kWideMarker) {
      for (size_t i = 1; i + 1 < w.size(); i += 2) out.emplace_back(static_cast<uint32_t>(w[i]), static_cast<Milligrams>(w[i + 1]));
      return;
    }
    for (const uint64_t x : w) out.emplace_back(static_cast<uint32_t>(x >> 48), static_cast<Milligrams>(x & (kMgLimit - 1)));
  }
  // The sum of the shares of `r`.
  Milligrams Sum(Run r) const {
    const std::span<const uint64_t> w = words_.Get(r);
    Milligrams s = 0;
    if (w.empty()) return s;
    if (w[0] == kWideMarker) {
      for (size_t i = 2; i < w.size(); i += 2) s += static_cast<Milligrams>(w[i]);
      return s;
    }
    for (const uint64_t x : w) s += static_cast<Milligrams>(x & (kMgLimit - 1));
    return s;
  }

 private:
  static constexpr uint32_t kWideKey = 0xFFFF;  // first key that does not pack
  static constexpr Milligrams kMgLimit = Milligrams{1} << 48;
  static constexpr uint64_t kWideMarker = ~uint64_t{0};
  RunArena<uint64_t> words_;
};

}  // namespace orelog::custody
