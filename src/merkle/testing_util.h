// Test-only helpers shared by the merkle *_test.cc files (header-only, since
// only *_test.cc files are compiled into the test binary).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "merkle/compact_range.h"
#include "merkle/hasher.h"
#include "merkle/proof.h"
#include "merkle/testing_reference.h"
#include "testutil/shared_data.h"

namespace orelog::merkle::testing {

inline std::filesystem::path MerkleDataDir() {
  return orelog::testing::SharedDir() / "conformance" / "merkle";
}

inline boost::json::value ReadJson(const std::filesystem::path& path) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(orelog::testing::ReadFileOrDie(path), ec);
  if (ec) ADD_FAILURE() << path << ": " << ec.message();
  return v;
}

inline Bytes HexBytes(std::string_view hex) {
  Result<Bytes> b = HexDecode(hex);
  if (!b.ok()) {
    ADD_FAILURE() << "bad hex '" << hex << "': " << b.status().ToString();
    return {};
  }
  return *std::move(b);
}

inline Hash HexHash(std::string_view hex) {
  Bytes b = HexBytes(hex);
  Hash h{};
  if (b.size() != h.size()) {
    ADD_FAILURE() << "hex '" << hex << "' is not 32 bytes";
    return h;
  }
  std::copy(b.begin(), b.end(), h.begin());
  return h;
}

inline std::vector<Hash> HexHashes(const boost::json::value& array) {
  std::vector<Hash> out;
  for (const auto& v : array.as_array()) out.push_back(HexHash(v.as_string()));
  return out;
}

// True if the perfect node lies wholly inside a tree of `size` leaves,
// computed without NodeID::end(), which would wrap for a bogus node.
inline bool CompleteIn(NodeID id, uint64_t size) {
  return id.level < 64 && id.index < (size >> id.level);
}

// Every perfect node over a list of leaves, built by CompactRange::Append
// and its NodeVisitor. The visitor must report each node exactly once, in
// order of creation, which within a level is index order: Put checks that.
class NodeStore {
 public:
  explicit NodeStore(std::span<const Hash> leaf_hashes) {
    Hasher hasher;
    CompactRange range;
    for (const Hash& leaf : leaf_hashes) {
      bool saw_leaf = false;
      range.Append(hasher, leaf, [&](NodeID id, const Hash& hash) {
        if (id.level == 0) {
          saw_leaf = true;
          EXPECT_EQ(hash, leaf);
        }
        Put(id, hash);
      });
      EXPECT_TRUE(saw_leaf);
    }
    size_ = range.size();
    EXPECT_EQ(range.roots(), RootsOf(size_));
  }

  uint64_t size() const { return size_; }
  size_t nodes_at(uint32_t level) const {
    return level < levels_.size() ? levels_[level].size() : 0;
  }

  Hash Get(NodeID id) const {
    if (id.level >= levels_.size() || id.index >= levels_[id.level].size()) {
      ADD_FAILURE() << "no stored node at level " << id.level << " index " << id.index;
      return Hash{};
    }
    return levels_[id.level][id.index];
  }

  // The compact range [0, size) as perfect subtree roots, largest first.
  std::vector<Hash> RootsOf(uint64_t size) const {
    std::vector<Hash> roots;
    uint64_t begin = 0;
    for (int level = 63; level >= 0; --level) {
      if (((size >> level) & 1) == 0) continue;
      roots.push_back(Get({static_cast<uint32_t>(level), begin >> level}));
      begin += uint64_t{1} << level;
    }
    return roots;
  }

  // Serves a proof the way a log does: fetch the listed nodes, then Rehash.
  std::vector<Hash> Serve(Hasher& hasher, const ProofNodes& nodes) const {
    std::vector<Hash> hashes;
    for (NodeID id : nodes.ids) hashes.push_back(Get(id));
    Result<std::vector<Hash>> proof = Rehash(hasher, nodes, hashes);
    EXPECT_TRUE(proof.ok()) << proof.status().ToString();
    return proof.ok() ? *std::move(proof) : std::vector<Hash>{};
  }

 private:
  void Put(NodeID id, const Hash& hash) {
    if (id.level >= levels_.size()) levels_.resize(id.level + 1);
    auto& level = levels_[id.level];
    if (id.index != level.size()) {
      ADD_FAILURE() << "visitor reported level " << id.level << " index " << id.index
                    << ", expected index " << level.size();
      return;
    }
    level.push_back(hash);
  }

  uint64_t size_ = 0;
  std::vector<std::vector<Hash>> levels_;
};

// The tree the property tests draw from: 2^16 leaves "leaf <i>", built once
// per process (perfect nodes do not change as a tree grows, so one store
// serves every smaller size).
struct BigTree {
  static constexpr uint64_t kLeaves = uint64_t{1} << 16;

  BigTree() : ref(MakeLeaves()), store(MakeLeafHashes(ref)) {}

  static std::vector<Bytes> MakeLeaves() {
    std::vector<Bytes> leaves;
    leaves.reserve(kLeaves);
    for (uint64_t i = 0; i < kLeaves; ++i) {
      const std::string s = "leaf " + std::to_string(i);
      leaves.emplace_back(s.begin(), s.end());
    }
    return leaves;
  }
  static std::vector<Hash> MakeLeafHashes(const ReferenceTree& r) {
    Hasher hasher;
    std::vector<Hash> hashes;
    hashes.reserve(r.leaf_count());
    for (uint64_t i = 0; i < r.leaf_count(); ++i) hashes.push_back(hasher.HashLeaf(r.leaf(i)));
    return hashes;
  }

  Hash LeafHash(uint64_t i) const { return store.Get({0, i}); }

  ReferenceTree ref;
  NodeStore store;
};

inline BigTree& SharedBigTree() {
  static BigTree tree;
  return tree;
}

}  // namespace orelog::merkle::testing
