// The agreements register in the repository (docs/participants.md §6,
// docs/repository-format.md "Agreements tables"): each release is one log
// entry (leaf type `agreement-release`, policyVersion "0", submitter = the
// operator) written in ONE commit with its agreement_releases row and the
// agreement_disclosures rows of its new withheld terms.
//
// MUST: a release is reported only after its entry and rows are durably
// committed (Ledger::Append returns after fsync); a refused release wrote
// nothing. Every release is validated against the current register (the fold
// of agreement_releases) under a process-wide lock, and the unique index on
// `release` refuses a racing duplicate. Withheld terms never enter the log:
// only commitments (agreements/terms.h).
//
// Thread safety: every function may be called concurrently.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agreements/register.h"
#include "agreements/types.h"
#include "orelog/ledger.h"
#include "orelog/status.h"

namespace orelog::repo {

// A withheld term as an operator submits it: new plaintext (committed
// afresh) or a commitment already stored for the agreement (kept).
struct TermInput {
  std::optional<agreements::Term> term;
  std::string commitment;  // when `term` is empty
};

// A release as an operator submits it: the release without
// `withheld_terms` (filled from `terms`). Lists may come in any order; they
// are sorted before encoding.
struct ReleaseInput {
  agreements::Release release;
  std::vector<TermInput> terms;
};

// Reads the operator's JSON (docs/cli.md "agreement"): the payload of
// docs/participants.md §6.1 whose `withheldTerms` hold {"term", "text"} or
// {"commitment"}. InvalidArgument naming the member for anything else.
Result<ReleaseInput> ParseReleaseInput(std::string_view json_text);

struct AgreementChange {
  uint64_t index = 0;                    // the entry's log index
  std::vector<std::string> commitments;  // new withheld-term commitments
};

// Appends one release. `admin` is the operator's party (1..256 bytes).
// Refusals as agreements::Register::Apply (InvalidArgument, AlreadyExists,
// FailedPrecondition); a kept commitment not stored for the agreement is
// NotFound. Other codes come from the ledger.
Result<AgreementChange> ReleaseAgreement(Ledger& ledger, const std::filesystem::path& ledger_dir,
                                         const ReleaseInput& input, std::string_view admin);

// Reads (never block the writer). The current register: the fold of the
// agreement_releases rows (an empty register if the tables hold none).
Result<agreements::Register> LoadAgreements(const std::filesystem::path& ledger_dir);
// The full release history of one agreement (payloads in log order);
// NotFound for an unknown ID.
Result<std::vector<std::pair<uint64_t, agreements::Release>>> AgreementReleases(
    const std::filesystem::path& ledger_dir, std::string_view agreement);

// The stored withheld-term disclosures of an agreement, for `audit` callers,
// in commitment order (empty for an unknown ID).
struct StoredTerm {
  std::string commitment;
  uint64_t index = 0;  // the release that committed it
  std::string disclosure;
};
Result<std::vector<StoredTerm>> AgreementTerms(const std::filesystem::path& ledger_dir, std::string_view agreement);

// Rebuild check: every agreement-release entry of the log has its row with
// the same payload and vice versa, the fold of the log equals the fold of
// the rows, and every stored disclosure is committed by its release and
// matches its commitment. "" if they agree, else the first difference.
Result<std::string> AuditAgreements(const std::filesystem::path& ledger_dir);

}  // namespace orelog::repo
