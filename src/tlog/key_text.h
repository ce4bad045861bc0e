// Shared parsing of the key texts of tlog/note.h (vkey, skey) for the note
// and cosignature signers. Internal to src/tlog.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/ed25519.h"
#include "orelog/status.h"

namespace orelog::tlog::keytext {

// Eight lowercase hex digits.
std::string FormatKeyID(uint32_t id);
Result<uint32_t> ParseKeyID(std::string_view hex8);

// A decoded skey. The seed is wiped on destruction.
struct PrivateKey {
  std::string name;
  uint32_t id = 0;
  ed25519::Seed seed{};
  ~PrivateKey();
};

// Parses "PRIVATE+KEY+<name>+<hex8 id>+base64(type || 32-byte seed)" and
// requires `type`; the id is checked against the seed's public key.
Result<PrivateKey> ParsePrivateKey(std::string_view skey, uint8_t type);

// The skey text for (name, type, seed).
std::string FormatPrivateKey(std::string_view name, uint32_t id, uint8_t type,
                             const ed25519::Seed& seed);

}  // namespace orelog::tlog::keytext
