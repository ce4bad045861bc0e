// Test-only oracle: RFC 9162 Merkle tree hashes computed by plain recursion
// from the leaf data (SHA-256 directly, independent of merkle::Hasher and
// CompactRange), and the node tiles of docs/storage-format.md built from it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/sha256.h"

namespace orelog::testing {

class RefTree {
 public:
  RefTree() = default;
  explicit RefTree(std::vector<Bytes> leaves) {
    for (Bytes& l : leaves) Add(std::move(l));
  }

  void Add(Bytes leaf) {
    sha_->Begin();
    sha_->Add(uint8_t{0x00});
    sha_->Add(ByteView(leaf));
    leaf_hashes_.push_back(sha_->Finish());
    leaves_.push_back(std::move(leaf));
  }
  uint64_t size() const { return leaves_.size(); }
  const Bytes& leaf(uint64_t i) const { return leaves_[i]; }
  const Hash& LeafHash(uint64_t i) const { return leaf_hashes_[i]; }
  const std::vector<Hash>& leaf_hashes() const { return leaf_hashes_; }

  // MTH(D[begin:end]).
  Hash Mth(uint64_t begin, uint64_t end) {
    const uint64_t n = end - begin;
    if (n == 0) return sha_->Digest({});
    if (n == 1) return leaf_hashes_[begin];
    const uint64_t key = begin << 32 | end;  // tests stay far below 2^32 leaves
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    Hash left = Mth(begin, begin + k), right = Mth(begin + k, end);
    sha_->Begin();
    sha_->Add(uint8_t{0x01});
    sha_->Add(AsBytes(left));
    sha_->Add(AsBytes(right));
    Hash h = sha_->Finish();
    memo_.emplace(key, h);
    return h;
  }
  Hash Root() { return Mth(0, size()); }

  // Hash of the perfect node (level, index).
  Hash Node(uint32_t level, uint64_t index) { return Mth(index << level, (index + 1) << level); }

  // The node tile (tile_level, tile_index) of width `width` (docs/storage-format.md):
  // for r = 0..7, floor(width / 2^r) hashes of tree level 8*tile_level + r.
  Bytes NodeTile(uint32_t tile_level, uint64_t tile_index, uint32_t width) {
    Bytes out;
    for (uint32_t r = 0; r < 8; ++r) {
      uint32_t level = 8 * tile_level + r;
      uint64_t first = tile_index * (uint64_t{256} >> r);
      for (uint32_t p = 0; p < (width >> r); ++p) {
        Hash h = Node(level, first + p);
        out.insert(out.end(), h.begin(), h.end());
      }
    }
    return out;
  }

 private:
  std::vector<Bytes> leaves_;
  std::vector<Hash> leaf_hashes_;
  std::unordered_map<uint64_t, Hash> memo_;
  std::unique_ptr<Sha256> sha_ = std::make_unique<Sha256>();  // movable
};

// (tile level, tile index) -> width of every node tile of a tree of `size`
// leaves (hashes above level 0 cover only full lower tiles).
inline std::map<std::pair<uint32_t, uint64_t>, uint32_t> TileWidths(uint64_t size) {
  std::map<std::pair<uint32_t, uint64_t>, uint32_t> out;
  for (uint32_t level = 0; level < 8 && (size >> (8 * level)) > 0; ++level) {
    uint64_t hashes = size >> (8 * level);
    for (uint64_t i = 0; i < hashes / 256; ++i) out[{level, i}] = 256;
    if (hashes % 256) out[{level, hashes / 256}] = static_cast<uint32_t>(hashes % 256);
  }
  return out;
}

// Bytes of a printable test entry.
inline Bytes ToBytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

}  // namespace orelog::testing
