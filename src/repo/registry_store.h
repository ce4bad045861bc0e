// The participants registry in the repository (docs/participants.md §1,
// docs/repository-format.md "Registry tables"): each change is one log
// entry (leaf type `participant` or `key`, policyVersion "0", submitter =
// the operator making it) written in ONE commit with its registry_entries
// row and, for owners, its participant_disclosures rows.
//
// MUST: a change is reported only after its entry and rows are durably
// committed (Ledger::Append returns after fsync); a failed change wrote
// nothing. Every change is validated against the current registry (the fold
// of registry_entries) under a process-wide lock, and the store's unique
// indexes refuse a racing duplicate register / key add / key revocation.
// Beneficial owners' personal data never enters the log: only commitments
// (registry/owners.h); the disclosures are private rows that can be erased.
//
// Thread safety: every function may be called concurrently.
#pragma once

#include <filesystem>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/ed25519.h"
#include "orelog/ledger.h"
#include "orelog/status.h"
#include "registry/registry.h"
#include "registry/types.h"

namespace orelog::repo {

// Serialises load -> validate -> append of registry changes in this process:
// each change holds it exclusively from reading the registry to its commit.
// The ledger has one writing process (Ledger::Open's flock), so a change's
// validation sees every earlier change. A signed capture holds it shared
// from its key check to its commit, so no key change lands between the two
// (docs/participants.md §4).
std::shared_mutex& RegistryWriteMutex();

// A beneficial owner as an operator submits it: either new personal data
// (committed afresh) or, in an update, a commitment already stored for the
// participant (kept as it is).
struct OwnerInput {
  std::optional<registry::BeneficialOwner> owner;
  std::string commitment;  // when `owner` is empty
  bool pep = false;
};

// A register or update request: the participant entry with plaintext owners.
struct ParticipantInput {
  std::string participant;
  std::string name;
  std::string country;
  std::vector<std::string> roles;        // any order; sorted before encoding
  std::vector<std::string> identifiers;  // any order; sorted before encoding
  bool declared = false;
  std::vector<OwnerInput> owners;
};

// Reads the operator's JSON (docs/cli.md "participant"): the payload of
// docs/participants.md §1.1 without `action`, whose `beneficialOwners.owners`
// hold {"name","nationality","level","control","pep"} or {"commitment","pep"}.
// InvalidArgument naming the member for anything else.
Result<ParticipantInput> ParseParticipantInput(std::string_view json_text);

struct RegistryChange {
  uint64_t index = 0;                    // the entry's log index
  std::string key_id;                    // key changes: the added / revoked key
  std::vector<std::string> commitments;  // new owner commitments (register / update)
};

// Changes. `admin` is the submitting operator's party ID (1..256 bytes).
// Refusals as registry::Registry::Apply (InvalidArgument, AlreadyExists,
// NotFound, FailedPrecondition); an owner commitment in an update that is not
// stored for the participant is NotFound. Other codes come from the ledger.
Result<RegistryChange> RegisterParticipant(Ledger& ledger, const std::filesystem::path& ledger_dir,
                                           const ParticipantInput& input, std::string_view admin);
Result<RegistryChange> UpdateParticipant(Ledger& ledger, const std::filesystem::path& ledger_dir,
                                         const ParticipantInput& input, std::string_view admin);
Result<RegistryChange> DeregisterParticipant(Ledger& ledger, const std::filesystem::path& ledger_dir,
                                             std::string_view participant, std::string_view admin);
Result<RegistryChange> AddKey(Ledger& ledger, const std::filesystem::path& ledger_dir, std::string_view participant,
                              const ed25519::PublicKey& key, std::string_view admin);
Result<RegistryChange> RotateKey(Ledger& ledger, const std::filesystem::path& ledger_dir,
                                 std::string_view participant, std::string_view replaces,
                                 const ed25519::PublicKey& key, std::string_view admin);
Result<RegistryChange> RevokeKey(Ledger& ledger, const std::filesystem::path& ledger_dir,
                                 std::string_view participant, std::string_view key_id, std::string_view reason,
                                 std::string_view admin);

// Erasure on a lawful request: deletes the stored disclosure of `commitment`
// (the log keeps the commitment, which without the salt reveals nothing) and
// records who, when and why. The erasing connection uses secure_delete and
// checkpoints the WAL, so the text does not linger in free pages or WAL
// frames of this database (copies made before, e.g. backups, are out of its
// reach). NotFound if the participant has no such commitment;
// FailedPrecondition if it was erased already. `by` and `reason` 1..256 bytes.
// Needs no Ledger (no log entry); durable before it returns.
Status EraseOwner(const std::filesystem::path& ledger_dir, std::string_view participant, std::string_view commitment,
                  std::string_view by, std::string_view reason);

// Reads (never block the writer). The current registry: the fold of the
// registry_entries rows. Public: holds commitments, never disclosures.
Result<registry::Registry> LoadRegistry(const std::filesystem::path& ledger_dir);
Result<std::vector<registry::Participant>> ListParticipants(const std::filesystem::path& ledger_dir);
// NotFound for an unknown ID.
Result<registry::Participant> GetParticipant(const std::filesystem::path& ledger_dir, std::string_view participant);

// A stored owner disclosure, for callers with the `audit` scope.
struct StoredDisclosure {
  std::string commitment;
  uint64_t index = 0;                     // the entry that committed it
  std::optional<std::string> disclosure;  // empty once erased
  std::string erased_at, erased_by, reason;
};
// The participant's disclosures in commitment order (empty for an unknown ID).
Result<std::vector<StoredDisclosure>> OwnerDisclosures(const std::filesystem::path& ledger_dir,
                                                       std::string_view participant);

// Rebuild check: folds every registry entry of the log (decoded from the
// leaves) and compares with registry_entries and its fold, and checks that
// every stored disclosure's commitment is in the entry that committed it and
// still matches its disclosure. Returns "" if they agree, else a description
// of the first difference.
Result<std::string> AuditRegistry(const std::filesystem::path& ledger_dir);

// The public JSON of a participant with its keys (for listings).
boost::json::object ParticipantJson(const registry::Registry& registry, const registry::Participant& participant);

}  // namespace orelog::repo
