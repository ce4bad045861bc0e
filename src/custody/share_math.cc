// Share arithmetic of the custody figures (share_math.h).
#include "custody/share_math.h"

#include <algorithm>

#include "custody/apportion.h"

namespace orelog::custody {

// floor(v × num / den) for v, num >= 0, den > 0.
Milligrams FloorScale(Milligrams v, Milligrams num, Milligrams den) {
  if (den <= 0) return 0;
  const unsigned __int128 product = static_cast<unsigned __int128>(v) * static_cast<unsigned __int128>(num);
#if defined(__x86_64__)
  // The hot path of every recompute: one 128-by-64-bit divq instead of the
  // library's 128-bit division. Exact, and safe: the quotient fits in 64
  // bits exactly when the high word of the product is below the divisor.
  const auto hi = static_cast<uint64_t>(product >> 64);
  const auto d = static_cast<uint64_t>(den);
  if (hi < d) {
    uint64_t q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(static_cast<uint64_t>(product)), "d"(hi), "rm"(d) : "cc");
    return static_cast<Milligrams>(q);
  }
#endif
  return static_cast<Milligrams>(product / static_cast<unsigned __int128>(den));
}

// Component-wise floor(v × after / whole) - floor(v × before / whole): what
// a withdrawal of the lot's [before, after) takes of each share.
void TakenSharesInto(std::span<const Share> v, Milligrams before, Milligrams after, Milligrams whole, ShareVector& out) {
  out.clear();
  for (const auto& [k, mg] : v) {
    const Milligrams upto = after == whole ? mg : FloorScale(mg, after, whole);
    const Milligrams taken = upto - (before == 0 ? 0 : FloorScale(mg, before, whole));
    if (taken != 0) out.emplace_back(k, taken);
  }
}

// Component-wise floor(v × num / den).
void FloorScaleSharesInto(std::span<const Share> v, Milligrams num, Milligrams den, ShareVector& out) {
  out.clear();
  const bool whole = num == den && den > 0;
  for (const auto& [k, mg] : v) {
    const Milligrams part = whole ? mg : FloorScale(mg, num, den);
    if (part != 0) out.emplace_back(k, part);
  }
}

// Adds `mg` to key `key` of the sorted vector `a`.
void AddOne(ShareVector& a, uint32_t key, Milligrams mg) {
  auto it = std::lower_bound(a.begin(), a.end(), key, [](const Share& s, uint32_t k) { return s.first < k; });
  if (it != a.end() && it->first == key) {
    it->second += mg;
  } else {
    a.insert(it, {key, mg});
  }
}

// Apportion into `out`, for weights the callers have checked (non-negative,
// not all zero); an error would be a bug here, and leaves every part zero.
// Two common cases take no division and no allocation, with the parts
// Apportion gives: a total equal to the weights' sum (every part its
// weight, no remainders) and a single positive weight (all of the total).
void PartsInto(int64_t total, std::span<const int64_t> weights, std::vector<int64_t>& out) {
  if (total >= 0 && !weights.empty()) {
    __int128 sum = 0;
    bool negative = false;
    for (const int64_t w : weights) {
      sum += w;
      negative |= w < 0;
    }
    if (!negative && sum == total) {
      out.assign(weights.begin(), weights.end());
      return;
    }
    if (weights.size() == 1 && weights[0] > 0) {
      out.assign(1, total);
      return;
    }
  }
  auto parts = Apportion(total, weights);
  if (parts.ok()) {
    out.swap(*parts);
  } else {
    out.assign(weights.size(), 0);
  }
}

// `total` split over the keys of `weights` in proportion (largest remainder).
void ApportionSharesInto(Milligrams total, std::span<const Share> weights, ShareVector& out) {
  out.clear();
  if (total <= 0) return;
  const Milligrams sum = SumShares(weights);
  if (sum <= 0) {
    out.emplace_back(kUnknownOrigin, total);
    return;
  }
  if (sum == total) {
    for (const Share& x : weights) {
      if (x.second > 0) out.push_back(x);
    }
    return;
  }
  thread_local std::vector<int64_t> w, parts;
  w.clear();
  for (const auto& x : weights) w.push_back(x.second);
  PartsInto(total, w, parts);
  for (size_t i = 0; i < weights.size(); ++i) {
    if (parts[i] > 0) out.emplace_back(weights[i].first, parts[i]);
  }
}

void DropZeros(ShareVector& v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](const Share& s) { return s.second == 0; }), v.end());
}

// Raises facet `key` of `v` to at least `mg` (a facet counts metal that
// passed a stage in a country; it is never more than the whole).
void RaiseFacet(ShareVector& v, uint32_t key, Milligrams mg) {
  auto it = std::lower_bound(v.begin(), v.end(), key, [](const Share& s, uint32_t k) { return s.first < k; });
  if (it != v.end() && it->first == key) {
    it->second = std::max(it->second, mg);
  } else {
    v.insert(it, {key, mg});
  }
}

void AddShares(ShareVector& a, std::span<const Share> b) {
  if (a.empty()) {
    a.assign(b.begin(), b.end());
    return;
  }
  // In place when every key of b is already in a (the usual case: the same
  // few origins and facets flow through a chain); else a merge into a copy.
  bool subset = true;
  for (size_t i = 0, j = 0; j < b.size(); ++j, ++i) {
    while (i < a.size() && a[i].first < b[j].first) ++i;
    if (i == a.size() || a[i].first != b[j].first) {
      subset = false;
      break;
    }
  }
  if (subset) {
    for (size_t i = 0, j = 0; j < b.size(); ++j, ++i) {
      while (a[i].first < b[j].first) ++i;
      a[i].second += b[j].second;
    }
    return;
  }
  // The merge goes to a scratch vector that then trades buffers with `a`,
  // so that steady state allocates nothing.
  thread_local ShareVector out;
  out.clear();
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].first < a[i].first) {
      out.push_back(b[j++]);
    } else {
      out.emplace_back(a[i].first, a[i].second + b[j].second);
      ++i;
      ++j;
    }
  }
  a.swap(out);
}

Milligrams SumShares(std::span<const Share> v) {
  Milligrams s = 0;
  for (const auto& x : v) s += x.second;
  return s;
}

}  // namespace orelog::custody
