// The disclosure policy as a document (docs/leaf-format.md §4.1): the file
// `orelog serve --disclosure-policy FILE` reads, and what GET /policy
// publishes so that a signing client builds its public forms under the very
// policy the server applies (docs/participants.md §4).
//
//   {"version": "2",
//    "withhold": ["/bizTransactionList/*/bizTransaction", "/{ext}", "/ilmd/{ext}"],
//    "withholdEventId": true}
//
// Pure. Strict: unknown or repeated members, a version that is not a
// positive decimal (at most 18 digits, no leading zero), a rule that is not
// a valid pattern, a repeated rule, or a rule naming a member that can never
// be withheld is InvalidArgument naming what is wrong.
#pragma once

#include <string>
#include <string_view>

#include "epcis/disclosure.h"
#include "orelog/status.h"

namespace orelog::epcis {

Result<DisclosurePolicy> ParsePolicyDocument(std::string_view json);

// RFC 8785 JSON of the policy (rules in the policy's order, which is the
// order it applies them in).
std::string PolicyDocument(const DisclosurePolicy& policy);

}  // namespace orelog::epcis
