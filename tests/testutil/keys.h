// Test-only: deterministic Ed25519 keys, one per seed byte (every byte of the
// 32-byte seed set to it), so that tests name keys by a small number.
#pragma once

#include <cstdint>

#include "base/ed25519.h"

namespace orelog::testing {

inline ed25519::Seed SeedOf(uint8_t b) {
  ed25519::Seed s;
  s.fill(b);
  return s;
}

inline ed25519::KeyPair KeyOf(uint8_t b) { return ed25519::KeyPair::FromSeed(SeedOf(b)); }

}  // namespace orelog::testing
