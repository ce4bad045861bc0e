// Ed25519 (RFC 8032) through libsodium: key generation from a 32-byte seed,
// detached signatures, verification. libsodium is initialised on first use.
#pragma once

#include <array>
#include <cstdint>

#include "base/bytes.h"

namespace orelog::ed25519 {

using Seed = std::array<uint8_t, 32>;
using PublicKey = std::array<uint8_t, 32>;
using Signature = std::array<uint8_t, 64>;

// A key pair. The secret part (seed + expanded key) is wiped on destruction.
class KeyPair {
 public:
  static KeyPair FromSeed(const Seed& seed);
  static KeyPair Generate();  // seed from the OS random source
  ~KeyPair();
  KeyPair(const KeyPair&);
  KeyPair& operator=(const KeyPair&);

  const PublicKey& public_key() const { return public_; }
  const Seed& seed() const { return seed_; }
  Signature Sign(ByteView message) const;

 private:
  KeyPair() = default;
  Seed seed_{};
  std::array<uint8_t, 64> secret_{};
  PublicKey public_{};
};

bool Verify(const PublicKey& key, ByteView message, const Signature& sig);

}  // namespace orelog::ed25519
