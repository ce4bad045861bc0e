#include "base/ed25519.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace orelog::ed25519 {
namespace {

void EnsureSodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) {
      std::fputs("orelog: libsodium failed to initialise\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)ready;
}

}  // namespace

KeyPair KeyPair::FromSeed(const Seed& seed) {
  EnsureSodium();
  KeyPair kp;
  kp.seed_ = seed;
  crypto_sign_seed_keypair(kp.public_.data(), kp.secret_.data(), seed.data());
  return kp;
}

KeyPair KeyPair::Generate() {
  EnsureSodium();
  Seed seed;
  randombytes_buf(seed.data(), seed.size());
  KeyPair kp = FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return kp;
}

KeyPair::~KeyPair() {
  sodium_memzero(seed_.data(), seed_.size());
  sodium_memzero(secret_.data(), secret_.size());
}

KeyPair::KeyPair(const KeyPair&) = default;
KeyPair& KeyPair::operator=(const KeyPair&) = default;

Signature KeyPair::Sign(ByteView message) const {
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_.data());
  return sig;
}

bool Verify(const PublicKey& key, ByteView message, const Signature& sig) {
  EnsureSodium();
  return crypto_sign_verify_detached(sig.data(), message.data(), message.size(), key.data()) == 0;
}

}  // namespace orelog::ed25519
