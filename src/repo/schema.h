// The EPCIS repository tables inside ledger.db (docs/repository-format.md,
// version 2, frozen: version 1 plus the custody tables). Table and column
// names used by the writers live here.
#pragma once

#include <filesystem>
#include <string>

#include "orelog/status.h"
#include "store/sqlite/db.h"

namespace orelog::repo {

inline constexpr char kRepoFormat[] = "orelog-repo-v2";
inline constexpr char kRepoFormatV1[] = "orelog-repo-v1";

// Creates the repository tables in the ledger database of `ledger_dir` if
// they are missing (one transaction), or checks their format version. A
// version-1 repository is upgraded in one transaction: the custody tables are
// created and filled from the stored events and master data.
// Safe while no writer holds the database; idempotent.
Status EnsureRepoSchema(const std::filesystem::path& ledger_dir);

// Checks that an open connection sees repository tables of a known format.
Status CheckRepoSchema(store::sqlite::Db& db);

}  // namespace orelog::repo
