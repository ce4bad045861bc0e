// Withheld agreement terms (docs/participants.md §6.2): a short term becomes
// one disclosure of docs/leaf-format.md §3 with the member name
// "agreementTerm":
//   disclosure = base64url(JCS([salt, "agreementTerm", {"term", "text"}]))
//   commitment = base64url(SHA-256(disclosure))
// with a fresh 128-bit salt each time. Only the commitment enters the log.
//
// Pure apart from the CSPRNG; nothing throws.
#pragma once

#include <string>
#include <string_view>

#include "agreements/types.h"
#include "orelog/status.h"

namespace orelog::agreements {

inline constexpr std::string_view kTermDisclosureName = "agreementTerm";

struct TermDisclosure {
  std::string disclosure;  // private
  std::string commitment;  // public, in the release's withheldTerms
};

// InvalidArgument unless `term` and `text` have 1 to 256 bytes.
Status CheckTerm(const Term& term);

// A fresh disclosure of `term` (different every call). InvalidArgument for
// an invalid term; Internal if the CSPRNG fails.
Result<TermDisclosure> MakeTermDisclosure(const Term& term);

// The term inside `disclosure` if it is a well-formed term disclosure
// (InvalidArgument otherwise) whose digest is `commitment`
// (VerificationFailed otherwise; compared in constant time).
Result<Term> VerifyTermDisclosure(std::string_view disclosure, std::string_view commitment);

}  // namespace orelog::agreements
