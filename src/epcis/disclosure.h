// Public forms and SD-JWT-style disclosures of EPCIS events
// (docs/leaf-format.md §3, frozen with leaf format version 1).
//
// A policy names members withheld from the public. Each withheld member
// `name: value` becomes a disclosure
//   D = base64url(JCS([salt, name, value]))        salt: 128 random bits
// with digest base64url(SHA-256(D)). A member EPCIS requires keeps a
// schema-valid placeholder value `urn:orelog:sd:<digest>`; any other is
// removed and its digest listed (sorted) in the holding object's `orelog:sd`.
//
// Pure apart from the CSPRNG (OpenSSL RAND_bytes) used for salts; nothing
// throws. Thread safety: all functions are reentrant.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "orelog/status.h"

namespace orelog::epcis {

inline constexpr std::string_view kDigestListMember = "orelog:sd";
inline constexpr std::string_view kPlaceholderPrefix = "urn:orelog:sd:";
inline constexpr size_t kSaltBytes = 16;

struct DisclosurePolicy {
  std::string version;  // decimal string, recorded as the leaf's policyVersion
  // JSON pointer patterns; a segment is a member name, "*" (every array
  // element) or "{ext}" (every extension member: a name with ':', except
  // @context and orelog:sd).
  std::vector<std::string> rules;
  // Withhold eventID too when anything else is withheld: a client's
  // ni:/// eventID is an unsalted hash of the full event.
  bool withhold_event_id = true;
};

// Version 1: /bizTransactionList/*/bizTransaction, /{ext}, /ilmd/{ext}.
DisclosurePolicy DefaultDisclosurePolicy();

// OK if `rule` is a valid pattern (starts with '/', no empty segment, only
// ~0 and ~1 escapes); InvalidArgument saying what is wrong otherwise.
Status CheckDisclosureRule(std::string_view rule);

struct PublicForm {
  boost::json::object event;             // the public form
  std::vector<std::string> disclosures;  // private: one per withheld member
};

// Applies `policy` to `event`. InvalidArgument if the event already has an
// orelog:sd member or a placeholder-looking value, if a rule is malformed, or
// if the policy would withhold a member EPCIS requires and no placeholder
// exists for it (type, action, eventTime, eventTimeZoneOffset, @context).
// Internal if the CSPRNG fails.
Result<PublicForm> ApplyDisclosurePolicy(const boost::json::object& event,
                                         const DisclosurePolicy& policy);

// Re-derives, with no randomness, the public form ApplyDisclosurePolicy made
// of `event` when it returned `disclosures` (a signed capture's check that a
// client's public form is the policy's: docs/participants.md §4). The
// members the policy withholds are visited in its order (rules in order,
// array elements in order, then eventID); each takes the first unused
// disclosure with its name and (canonically equal) value, verbatim.
// InvalidArgument if a disclosure is malformed, if a withheld member has no
// disclosure, or if a disclosure is left over; otherwise as
// ApplyDisclosurePolicy. The result's disclosures are `disclosures`
// reordered as the policy made them.
Result<PublicForm> ReapplyDisclosurePolicy(const boost::json::object& event, const DisclosurePolicy& policy,
                                           std::span<const std::string> disclosures);

struct Disclosed {
  std::string salt;
  std::string name;
  boost::json::value value;
};

// Decodes a disclosure strictly (canonical base64url and canonical JSON).
Result<Disclosed> DecodeDisclosure(std::string_view disclosure);

// One disclosure base64url(JCS([salt, name, value])) with a fresh 128-bit
// salt from the CSPRNG: two calls with the same arguments give different
// disclosures (and digests). InvalidArgument if `value` cannot be written as
// canonical JSON (e.g. a non-finite number); Internal if the CSPRNG fails.
Result<std::string> MakeDisclosure(std::string_view name, const boost::json::value& value);

// base64url(SHA-256(disclosure)).
std::string DisclosureDigest(std::string_view disclosure);

// OK if `disclosure` is well formed and its digest sits in `public_form`
// either in an orelog:sd list of an object with no member of that name, or
// as the placeholder of a member of that name. VerificationFailed if not;
// InvalidArgument if the disclosure is malformed.
Status VerifyDisclosure(const boost::json::object& public_form, std::string_view disclosure);

}  // namespace orelog::epcis
