// The EPCIS repository tables inside ledger.db (docs/repository-format.md,
// version 5, frozen: version 1 plus the custody tables (v2) plus token scopes
// and the participants registry's tables (v3) plus entitled parties and
// signed captures' nonces (v4) plus the agreements register's tables (v5)).
// Table and column names used by the writers live here.
#pragma once

#include <filesystem>
#include <string>

#include "orelog/status.h"
#include "store/sqlite/db.h"

namespace orelog::repo {

inline constexpr char kRepoFormat[] = "orelog-repo-v5";
inline constexpr char kRepoFormatV4[] = "orelog-repo-v4";
inline constexpr char kRepoFormatV3[] = "orelog-repo-v3";
inline constexpr char kRepoFormatV2[] = "orelog-repo-v2";
inline constexpr char kRepoFormatV1[] = "orelog-repo-v1";

// Creates the repository tables in the ledger database of `ledger_dir` if
// they are missing (one transaction), or checks their format version. An
// older repository is upgraded in one transaction: from version 1 the custody
// tables are created and filled from the stored events and master data; from
// version 2 tokens get their scopes (existing ones: capture,read-full) and
// the (empty) registry tables are created; from version 3 event_parties is
// filled from the stored full forms and the (empty) batch_nonces table of
// signed captures is created; from version 4 the (empty) agreements tables
// are created and every event's custody facts are extracted again, so that
// facts stored before v5 gain the agreement links, royalty receipts and
// declared values (docs/minerals-profile.md §5.1).
// Safe while no writer holds the database; idempotent.
Status EnsureRepoSchema(const std::filesystem::path& ledger_dir);

// Checks that an open connection sees repository tables of a known format.
Status CheckRepoSchema(store::sqlite::Db& db);

// A read-only connection to the ledger's database in `ledger_dir` that
// waits up to 10 s for a writer's lock, after CheckRepoSchema.
Result<store::sqlite::Db> OpenRepoForReading(const std::filesystem::path& ledger_dir);

}  // namespace orelog::repo
