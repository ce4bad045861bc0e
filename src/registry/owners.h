// Beneficial owners' commitments (docs/participants.md §1.1). An owner's
// personal data becomes one disclosure of docs/leaf-format.md §3 with the
// member name "beneficialOwner":
//   disclosure = base64url(JCS([salt, "beneficialOwner",
//                {"control", "level", "name", "nationality"}]))
//   commitment = base64url(SHA-256(disclosure))
// with a fresh 128-bit salt each time. Only the commitment enters the log;
// the disclosure is stored privately and may be erased.
//
// Pure apart from the CSPRNG; nothing throws.
#pragma once

#include <string>
#include <string_view>

#include "orelog/status.h"
#include "registry/types.h"

namespace orelog::registry {

inline constexpr std::string_view kOwnerDisclosureName = "beneficialOwner";

struct OwnerDisclosure {
  std::string disclosure;  // private
  std::string commitment;  // public, in the participant entry
};

// InvalidArgument if `owner` breaks the rules of registry/types.h
// BeneficialOwner, naming the member.
Status CheckBeneficialOwner(const BeneficialOwner& owner);

// A fresh disclosure of `owner` and its commitment (different every call).
// InvalidArgument for an invalid owner; Internal if the CSPRNG fails.
Result<OwnerDisclosure> MakeOwnerDisclosure(const BeneficialOwner& owner);

// The owner inside `disclosure`, if it is a well-formed beneficial-owner
// disclosure (InvalidArgument otherwise) whose digest is `commitment`
// (VerificationFailed otherwise; compared in constant time).
Result<BeneficialOwner> VerifyOwnerDisclosure(std::string_view disclosure, std::string_view commitment);

}  // namespace orelog::registry
