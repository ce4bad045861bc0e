// Test-only: RFC 9162 §2.1 written out from the RFC text, as an oracle for
// the real implementation. Deliberately naive (recursive, split at the largest
// power of two) and independent of Hasher, CompactRange and proof.cc: it
// hashes with Sha256 directly. MTH results are memoised by range because the
// property tests ask for many trees over the same leaves; memoising a pure
// function does not change what it computes.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "base/bytes.h"
#include "base/sha256.h"

namespace orelog::merkle::testing {

class ReferenceTree {
 public:
  explicit ReferenceTree(std::vector<Bytes> leaves) : leaves_(std::move(leaves)) {}

  uint64_t leaf_count() const { return leaves_.size(); }
  const Bytes& leaf(uint64_t i) const { return leaves_[i]; }

  // MTH(D[begin:end]).
  Hash Mth(uint64_t begin, uint64_t end) {
    const uint64_t n = end - begin;
    if (n == 0) return sha_.Digest({});
    const uint64_t key = (begin << 32) | end;  // the tests stay far below 2^32 leaves
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    Hash h;
    if (n == 1) {
      sha_.Begin();
      sha_.Add(uint8_t{0x00});
      sha_.Add(ByteView(leaves_[begin]));
      h = sha_.Finish();
    } else {
      const uint64_t k = Split(n);
      h = Node(Mth(begin, begin + k), Mth(begin + k, end));
    }
    memo_.emplace(key, h);
    return h;
  }

  // PATH(m, D[n]) of RFC 9162 §2.1.3.1 for the tree D[0:n].
  std::vector<Hash> Path(uint64_t m, uint64_t n) { return PathIn(m, 0, n); }

  // PROOF(m, D[n]) of RFC 9162 §2.1.4.1 = SUBPROOF(m, D[n], true).
  std::vector<Hash> Proof(uint64_t m, uint64_t n) { return Subproof(m, 0, n, true); }

 private:
  // The largest power of two smaller than n (n > 1).
  static uint64_t Split(uint64_t n) {
    uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  }

  Hash Node(const Hash& left, const Hash& right) {
    sha_.Begin();
    sha_.Add(uint8_t{0x01});
    sha_.Add(AsBytes(left));
    sha_.Add(AsBytes(right));
    return sha_.Finish();
  }

  // PATH(m, D[begin:end]) with m relative to begin.
  std::vector<Hash> PathIn(uint64_t m, uint64_t begin, uint64_t end) {
    const uint64_t n = end - begin;
    if (n == 1) return {};
    const uint64_t k = Split(n);
    std::vector<Hash> out;
    if (m < k) {
      out = PathIn(m, begin, begin + k);
      out.push_back(Mth(begin + k, end));
    } else {
      out = PathIn(m - k, begin + k, end);
      out.push_back(Mth(begin, begin + k));
    }
    return out;
  }

  // SUBPROOF(m, D[begin:end], b) with m relative to begin.
  std::vector<Hash> Subproof(uint64_t m, uint64_t begin, uint64_t end, bool b) {
    const uint64_t n = end - begin;
    if (m == n) {
      if (b) return {};
      return {Mth(begin, end)};
    }
    const uint64_t k = Split(n);
    std::vector<Hash> out;
    if (m <= k) {
      out = Subproof(m, begin, begin + k, b);
      out.push_back(Mth(begin + k, end));
    } else {
      out = Subproof(m - k, begin + k, end, false);
      out.push_back(Mth(begin, begin + k));
    }
    return out;
  }

  std::vector<Bytes> leaves_;
  Sha256 sha_;
  std::unordered_map<uint64_t, Hash> memo_;
};

}  // namespace orelog::merkle::testing
