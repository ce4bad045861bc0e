// The log entry envelope, leaf format version 1 (FROZEN: docs/leaf-format.md).
//
// An entry is the RFC 8785 canonical JSON of
//   {"batchSignature"?, "payload", "payloadNumbers", "policyVersion",
//    "publicId", "receivedAt", "submitter", "type", "version":"1"}
// with no JSON number token anywhere: numbers in the payload are written as
// canonical decimal strings and listed by JSON pointer in payloadNumbers.
// Encoded entries are at most kMaxLeafBytes (C2SP entry bundles use a 16-bit
// length prefix).
//
// Pure; nothing throws. Encode and Decode return InvalidArgument for any
// envelope that breaks the format.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "orelog/status.h"

namespace orelog::epcis {

inline constexpr std::string_view kLeafVersion = "1";  // frozen
inline constexpr size_t kMaxLeafBytes = 65535;
static_assert(kMaxLeafBytes == 0xFFFF, "C2SP entry bundles: uint16 length prefix");

// Entry types known to version 1 readers. `participant` and `key` are the
// registry's entries (docs/participants.md §1); their payloads are checked
// by registry/entries.h, not here; `agreement-release` is the agreements
// register's (docs/participants.md §6), checked by agreements/release.h.
// Other types are refused until a reader defines them.
inline constexpr std::string_view kEntryTypeEvent = "event";
inline constexpr std::string_view kEntryTypeParticipant = "participant";
inline constexpr std::string_view kEntryTypeKey = "key";
inline constexpr std::string_view kEntryTypeAgreementRelease = "agreement-release";

// Reserved: an organisation's signature over a batch of public forms (filled
// in by the participants issue; v1 checks only shapes). Hashes, nonce and
// signature are base64url without padding; index and size decimal strings.
struct BatchSignature {
  std::string organisation;
  std::string key_id;
  std::string nonce;
  std::string index;
  std::string size;
  std::vector<std::string> path;
  std::string signature;
  bool operator==(const BatchSignature&) const = default;
};

struct Envelope {
  std::string type = std::string(kEntryTypeEvent);
  std::string policy_version;   // decimal string
  std::string public_id;
  boost::json::object payload;  // with real JSON numbers (see Encode)
  std::string submitter;
  std::string received_at;      // YYYY-MM-DDTHH:MM:SS.sssZ
  std::optional<BatchSignature> batch_signature;
  bool operator==(const Envelope&) const = default;
};

// The canonical entry bytes. Payload numbers become canonical decimal strings
// (int64/uint64 beyond ±2^53 are rejected); payload strings stay strings.
Result<std::string> EncodeLeaf(const Envelope& envelope);

// Strict inverse of EncodeLeaf: rejects other versions, unknown types or
// members, missing members, bad shapes, number tokens, non-canonical bytes
// and entries over kMaxLeafBytes. Listed payload numbers are converted back
// exactly (std::from_chars), so EncodeLeaf(DecodeLeaf(b)) == b.
// The payload's memory comes from `sp` (e.g. an arena for a batch of leaves
// decoded and dropped together; it must outlive the envelope).
Result<Envelope> DecodeLeaf(std::string_view bytes, boost::json::storage_ptr sp = {});

}  // namespace orelog::epcis
