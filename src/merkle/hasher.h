// RFC 9162 §2.1.1 hashing: leaf = SHA-256(0x00 || data),
// node = SHA-256(0x01 || left || right), empty tree = SHA-256("").
// The 0x00/0x01 prefixes keep leaves and interior nodes apart (no second
// preimage by presenting a node as a leaf).
//
// Thread safety: a Hasher reuses one digest context; one per thread.
#pragma once

#include "base/sha256.h"

namespace orelog::merkle {

class Hasher {
 public:
  Hash HashLeaf(ByteView data);
  Hash HashChildren(const Hash& left, const Hash& right);
  static const Hash& EmptyRoot();

 private:
  Sha256 sha_;
};

}  // namespace orelog::merkle
