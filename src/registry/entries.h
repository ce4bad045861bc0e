// The payloads of the registry's log entries, `participant` and `key`
// (FROZEN: docs/participants.md §1, registry format version 1), as JSON
// objects for the leaf envelope (epcis/leaf.h, types kEntryTypeParticipant
// and kEntryTypeKey, policyVersion "0").
//
// Encode and Decode apply the same rules, so that every payload Encode
// writes decodes to the entry it came from and Decode accepts nothing
// Encode would refuse. Violations are InvalidArgument with a message naming
// the member. Pure; nothing throws.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "orelog/status.h"
#include "registry/types.h"

namespace orelog::registry {

inline constexpr std::string_view kRegistryFormatVersion = "1";  // frozen
inline constexpr std::string_view kPolicyVersion = "0";           // nothing withheld by a policy
inline constexpr std::string_view kAlgorithmEd25519 = "ed25519";
inline constexpr size_t kMaxTextBytes = 256;

// Participant roles, in ascending byte order (the order `roles` must have).
inline constexpr std::array<std::string_view, 10> kRoles = {
    "auditor", "lab", "miner", "observer", "port", "processor", "refiner", "regulator", "trader", "transporter"};

// A participant ID: a PGLN URN `urn:epc:id:pgln:<company>.<ref>` (12 digits
// with the dot in a valid position; epcis/gs1_keys.h) or an `https://` URL
// with a host, no whitespace or control characters, and, if it is a GS1
// Digital Link, a valid check digit. At most 256 bytes, since the ID is also
// the `submitter` of entries (docs/leaf-format.md §1).
Status CheckParticipantId(std::string_view id);

// Two upper-case ASCII letters (ISO 3166-1 alpha-2 shape; the assignment
// list is not checked).
bool IsCountryCode(std::string_view s);

// "k1:" + lowercase hex of the first 8 bytes of SHA-256(public key bytes).
std::string KeyIdOf(const ed25519::PublicKey& key);

Result<boost::json::object> EncodeParticipantEntry(const ParticipantEntry& entry);
Result<ParticipantEntry> DecodeParticipantEntry(const boost::json::object& payload);

// Decode also checks that `keyId` is KeyIdOf(publicKey).
Result<boost::json::object> EncodeKeyEntry(const KeyEntry& entry);
Result<KeyEntry> DecodeKeyEntry(const boost::json::object& payload);

std::string_view ActionName(ParticipantAction action);
std::string_view ActionName(KeyAction action);

}  // namespace orelog::registry
