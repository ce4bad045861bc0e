// Bearer tokens for capture and full-form reads (docs/repository-format.md).
// A token is "olt_" + base64url(32 random bytes); only its SHA-256 is stored,
// so a copy of the database does not hold usable tokens. Lookups go by the
// hash (EventReader::TokenParty), so no token text is ever compared.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "orelog/status.h"

namespace orelog::repo {

inline constexpr char kTokenPrefix[] = "olt_";

// Creates a token for `party` in the ledger at `ledger_dir` (repository
// tables created if missing). The returned text is the only copy: print it
// once. Durable before it returns. InvalidArgument for an empty or overlong
// party or label.
Result<std::string> CreateToken(const std::filesystem::path& ledger_dir, std::string_view party, std::string_view label);

// Revokes every token of `party`; returns how many were revoked.
Result<int64_t> RevokeTokens(const std::filesystem::path& ledger_dir, std::string_view party);

}  // namespace orelog::repo
