// API tokens (docs/participants.md §2, docs/repository-format.md "tokens").
// A token is "olt_" + base64url(32 random bytes). It belongs to one party and
// has a set of scopes (repo/token_scopes.h). Only its SHA-256 is stored, so a
// copy of the database holds no usable token. A request's token is hashed,
// the row is found by that hash (the primary key), and the stored hash is then
// compared with the computed one in constant time (TokenMatchesHash).
//
// A token's ID is the lowercase hex of the first 8 bytes of its hash: it names
// the token to operators (`orelog token list`, `token revoke --id`) without
// revealing it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/sha256.h"
#include "orelog/status.h"
#include "repo/token_scopes.h"

namespace orelog::repo {

inline constexpr char kTokenPrefix[] = "olt_";
inline constexpr size_t kTokenIdHexChars = 16;

// What a valid token grants.
struct TokenGrant {
  std::string party;
  Scopes scopes;
};

// A stored token as operators see it (never the token text).
struct TokenInfo {
  std::string id;  // TokenId of its hash
  std::string party;
  std::string label;
  Scopes scopes;
  std::string created_at;  // UTC, YYYY-MM-DDTHH:MM:SS.sssZ
  bool revoked = false;
};

// SHA-256 of the token text: the key a token is stored and looked up under.
Hash TokenHash(std::string_view token);
// The token's ID: lowercase hex of the first 8 bytes of `token_hash`.
std::string TokenId(const Hash& token_hash);
// True iff `stored_hash` equals SHA-256(`token`). The comparison takes the
// same time wherever the two differ (ConstantTimeEqual), so that answers do
// not leak how much of a stored hash a guess got right.
bool TokenMatchesHash(std::string_view token, ByteView stored_hash);

// Creates a token for `party` with `scopes` in the ledger at `ledger_dir`
// (repository tables created or upgraded if needed). The returned text is the
// only copy: print it once. Durable before it returns. InvalidArgument for an
// empty or overlong party or label, or an empty scope set.
Result<std::string> CreateToken(const std::filesystem::path& ledger_dir, std::string_view party, std::string_view label,
                                Scopes scopes = kDefaultTokenScopes);

// Revokes every token of `party`; returns how many were revoked (0 if none
// was active).
Result<int64_t> RevokeTokens(const std::filesystem::path& ledger_dir, std::string_view party);

// Revokes the token whose ID is `id` (kTokenIdHexChars lowercase hex).
// InvalidArgument for a malformed ID; NotFound if no active token has it.
Status RevokeTokenById(const std::filesystem::path& ledger_dir, std::string_view id);

// Every stored token (revoked ones too), oldest first.
Result<std::vector<TokenInfo>> ListTokens(const std::filesystem::path& ledger_dir);

}  // namespace orelog::repo
