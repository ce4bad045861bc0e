// Test-only: sample registry entries.
#pragma once

#include <cstdint>
#include <string>

#include "registry/entries.h"
#include "registry/types.h"

namespace orelog::registry::testing {

inline constexpr char kFwo[] = "urn:epc:id:pgln:0614141.00001";
inline constexpr char kSmelter[] = "https://smelter.example/id";

// A distinct public key per seed byte (not a curve point check: the format
// does not require one).
inline ed25519::PublicKey TestKey(uint8_t seed) {
  ed25519::PublicKey k{};
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(seed * 31 + i);
  return k;
}

inline ParticipantEntry Register(std::string id) {
  ParticipantEntry e;
  e.participant = std::move(id);
  e.action = ParticipantAction::kRegister;
  e.name = "Frontier Works Organization (illustrative)";
  e.country = "PK";
  e.roles = {"processor", "transporter"};
  e.identifiers = {"https://fwo.example"};
  return e;
}

inline ParticipantEntry Deregister(std::string id) {
  ParticipantEntry e;
  e.participant = std::move(id);
  e.action = ParticipantAction::kDeregister;
  return e;
}

inline KeyEntry AddKey(std::string participant, uint8_t seed) {
  KeyEntry e;
  e.participant = std::move(participant);
  e.action = KeyAction::kAdd;
  e.public_key = TestKey(seed);
  e.key_id = KeyIdOf(e.public_key);
  return e;
}

inline KeyEntry RotateKey(std::string participant, uint8_t seed, uint8_t replaces) {
  KeyEntry e = AddKey(std::move(participant), seed);
  e.action = KeyAction::kRotate;
  e.replaces = KeyIdOf(TestKey(replaces));
  return e;
}

inline KeyEntry RevokeKey(std::string participant, uint8_t seed, std::string reason = "lost") {
  KeyEntry e;
  e.participant = std::move(participant);
  e.action = KeyAction::kRevoke;
  e.key_id = KeyIdOf(TestKey(seed));
  e.reason = std::move(reason);
  return e;
}

}  // namespace orelog::registry::testing
