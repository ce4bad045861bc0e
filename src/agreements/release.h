// The payload of an `agreement-release` log entry (FROZEN: docs/participants.md
// §6.1, agreements format version 1) as a JSON object for the leaf envelope
// (epcis/leaf.h kEntryTypeAgreementRelease, policyVersion "0").
//
// Encode and Decode apply the same rules: every payload Encode writes
// decodes to the release it came from, and Decode accepts nothing Encode
// would refuse. Violations are InvalidArgument naming the member. Pure.
#pragma once

#include <array>
#include <string_view>

#include <boost/json/object.hpp>

#include "agreements/types.h"
#include "orelog/status.h"

namespace orelog::agreements {

inline constexpr std::string_view kAgreementsFormatVersion = "1";  // frozen
inline constexpr std::string_view kPolicyVersion = "0";            // nothing withheld by a policy

// Agreement types and party roles, each in ascending byte order.
inline constexpr std::array<std::string_view, 4> kTypes = {"export-licence", "mou", "offtake", "royalty-agreement"};
inline constexpr std::array<std::string_view, 8> kPartyRoles = {"buyer", "government", "licensee", "licensor",
                                                                "payee", "payer",      "seller",   "signatory"};

// An agreement or release ID: 1..64 bytes of [A-Za-z0-9._-], first a letter
// or digit.
bool IsAgreementId(std::string_view id);

std::string_view TagName(Tag tag);

Status CheckRelease(const Release& release);
Result<boost::json::object> EncodeRelease(const Release& release);
Result<Release> DecodeRelease(const boost::json::object& payload);

}  // namespace orelog::agreements
