// The participants registry's values (docs/participants.md §1, registry
// format version 1): what a `participant` or `key` log entry says, and the
// state the fold of those entries yields. Plain data; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ed25519.h"

namespace orelog::registry {

// One committed beneficial owner: the public part of a `beneficialOwners.owners`
// element. The personal data behind `commitment` is a private disclosure
// (registry/owners.h).
struct OwnerCommitment {
  std::string commitment;  // base64url(SHA-256(disclosure)), 43 characters
  bool pep = false;        // a politically exposed person (public by design)
  bool operator==(const OwnerCommitment&) const = default;
};

struct BeneficialOwners {
  bool declared = false;
  std::vector<OwnerCommitment> owners;  // strictly ascending by commitment; empty unless declared
  bool operator==(const BeneficialOwners&) const = default;
};

enum class ParticipantAction { kRegister, kUpdate, kDeregister };

// The payload of a `participant` entry. For kDeregister only `participant`
// is meaningful (the other members are absent from the payload).
struct ParticipantEntry {
  std::string participant;
  ParticipantAction action = ParticipantAction::kRegister;
  std::string name;
  std::string country;                   // ISO 3166-1 alpha-2, upper case
  std::vector<std::string> roles;        // strictly ascending, from kRoles
  std::vector<std::string> identifiers;  // strictly ascending participant IDs
  BeneficialOwners beneficial_owners;
  bool operator==(const ParticipantEntry&) const = default;
};

enum class KeyAction { kAdd, kRotate, kRevoke };

// The payload of a `key` entry. kAdd and kRotate carry the new key
// (`key_id`, `public_key`); kRotate also `replaces`; kRevoke `key_id` and
// `reason`.
struct KeyEntry {
  std::string participant;
  KeyAction action = KeyAction::kAdd;
  std::string key_id;
  ed25519::PublicKey public_key{};
  std::string replaces;
  std::string reason;
  bool operator==(const KeyEntry&) const = default;
};

// A participant as the fold of its entries left it.
struct Participant {
  std::string id;
  std::string name;
  std::string country;
  std::vector<std::string> roles;
  std::vector<std::string> identifiers;
  BeneficialOwners beneficial_owners;
  bool deregistered = false;
  uint64_t registered_at = 0;  // log index of the register entry
  uint64_t updated_at = 0;     // log index of the latest participant entry
  bool operator==(const Participant&) const = default;
};

enum class KeyState { kActive, kRevoked };

struct Key {
  std::string id;  // KeyIdOf(public_key)
  std::string participant;
  ed25519::PublicKey public_key{};
  KeyState state = KeyState::kActive;
  uint64_t added_at = 0;                // log index of the add / rotate entry
  std::optional<uint64_t> revoked_at;   // log index of the revoke / rotate entry
  std::string replaced_by;              // the key that replaced it (rotate), else empty
  std::string revoke_reason;            // (revoke) as given
  bool operator==(const Key&) const = default;
};

// A beneficial owner's personal data (EITI Requirement 2.5). Never in the
// log: only its commitment is.
struct BeneficialOwner {
  std::string name;         // non-empty, ≤ 256 bytes
  std::string nationality;  // ISO 3166-1 alpha-2, upper case
  std::string level;        // percent as a decimal string, "0".."100", ≤ 2 decimals ("25.00")
  std::string control;      // means of ownership or control, non-empty, ≤ 256 bytes
  bool operator==(const BeneficialOwner&) const = default;
};

}  // namespace orelog::registry
