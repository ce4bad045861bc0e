#include "repo/tokens.h"

#include "base/random.h"
#include "orelog/ledger.h"
#include "repo/capture.h"
#include "repo/schema.h"
#include "store/sqlite/db.h"

namespace orelog::repo {
using store::sqlite::Db;
using store::sqlite::Stmt;
using store::sqlite::Txn;

namespace {

Status CheckName(std::string_view what, std::string_view s, bool allow_empty) {
  if ((!allow_empty && s.empty()) || s.size() > 256) return Status::Invalid(std::string(what) + " must have 1 to 256 bytes");
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return Status::Invalid(std::string(what) + " must not contain control characters");
  }
  return Status::Ok();
}

Result<Db> OpenForWrite(const std::filesystem::path& ledger_dir) {
  ORELOG_RETURN_IF_ERROR(EnsureRepoSchema(ledger_dir));
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open((ledger_dir / Ledger::kDatabaseFile).string(), Db::Mode::kReadWrite));
  ORELOG_RETURN_IF_ERROR(db.UseDurableWal());
  ORELOG_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = 10000"));  // a running server may be writing
  return db;
}

// Runs one UPDATE (its parameters bound by `bind`) in its own transaction;
// returns the rows it changed.
template <typename Binder>
Result<int64_t> Update(const std::filesystem::path& ledger_dir, const char* sql, Binder bind) {
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenForWrite(ledger_dir));
  Txn txn(db);
  ORELOG_RETURN_IF_ERROR(txn.Begin());
  ORELOG_ASSIGN_OR_RETURN(Stmt upd, db.Prepare(sql));
  ORELOG_RETURN_IF_ERROR(bind(upd).Run());
  int64_t n = sqlite3_changes(db.handle());
  ORELOG_RETURN_IF_ERROR(txn.Commit());
  return n;
}

}  // namespace

Hash TokenHash(std::string_view token) {
  Sha256 sha;
  return sha.Digest(AsBytes(token));
}

std::string TokenId(const Hash& token_hash) { return HexEncode(ByteView(token_hash).first(kTokenIdHexChars / 2)); }

bool TokenMatchesHash(std::string_view token, ByteView stored_hash) {
  const Hash h = TokenHash(token);
  return ConstantTimeEqual(ByteView(h), stored_hash);
}

Result<std::string> CreateToken(const std::filesystem::path& ledger_dir, std::string_view party, std::string_view label,
                                Scopes scopes) {
  ORELOG_RETURN_IF_ERROR(CheckName("party", party, false));
  ORELOG_RETURN_IF_ERROR(CheckName("label", label, true));
  if (scopes.empty()) return Status::Invalid("a token needs at least one scope");
  ORELOG_ASSIGN_OR_RETURN(Bytes secret, RandomBytes(32));
  std::string token = kTokenPrefix + Base64UrlEncode(secret);
  const Hash h = TokenHash(token);
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenForWrite(ledger_dir));
  Txn txn(db);
  ORELOG_RETURN_IF_ERROR(txn.Begin());
  ORELOG_ASSIGN_OR_RETURN(Stmt put, db.Prepare("INSERT INTO tokens (token_hash, party, label, created_at, scopes) "
                                               "VALUES (?, ?, ?, ?, ?)"));
  const std::string now = UtcNowMillis();
  const std::string canonical = scopes.Canonical();
  ORELOG_RETURN_IF_ERROR(put.BindBlob(1, ByteView(h))
                             .Bind(2, party)
                             .Bind(3, label)
                             .Bind(4, std::string_view(now))
                             .Bind(5, std::string_view(canonical))
                             .Run());
  ORELOG_RETURN_IF_ERROR(txn.Commit());
  return token;
}

Result<int64_t> RevokeTokens(const std::filesystem::path& ledger_dir, std::string_view party) {
  return Update(ledger_dir, "UPDATE tokens SET revoked = 1 WHERE party = ? AND revoked = 0",
                [&](Stmt& s) -> Stmt& { return s.Bind(1, party); });
}

Status RevokeTokenById(const std::filesystem::path& ledger_dir, std::string_view id) {
  Result<Bytes> prefix = Status::Invalid("wrong length");
  if (id.size() == kTokenIdHexChars) prefix = HexDecode(id);
  if (!prefix.ok() || HexEncode(*prefix) != id) {  // the ID's own spelling only (lowercase)
    return Status::Invalid("a token ID is " + std::to_string(kTokenIdHexChars) + " lowercase hex digits");
  }
  // The tokens table is small (one row per issued token): a scan is fine.
  ORELOG_ASSIGN_OR_RETURN(
      int64_t n, Update(ledger_dir, "UPDATE tokens SET revoked = 1 WHERE substr(token_hash, 1, 8) = ? AND revoked = 0",
                        [&](Stmt& s) -> Stmt& { return s.BindBlob(1, ByteView(*prefix)); }));
  if (n == 0) return Status::NotFound("no active token has ID " + std::string(id));
  return Status::Ok();
}

Result<std::vector<TokenInfo>> ListTokens(const std::filesystem::path& ledger_dir) {
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenForWrite(ledger_dir));
  ORELOG_ASSIGN_OR_RETURN(Stmt list, db.Prepare("SELECT token_hash, party, label, scopes, created_at, revoked FROM tokens "
                                                "ORDER BY created_at, token_hash"));
  std::vector<TokenInfo> out;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, list.Step());
    if (!row) break;
    ByteView hash = list.Blob(0);
    if (hash.size() != 32) return Status::Corruption("a stored token hash is not 32 bytes");
    auto scopes = ParseScopes(list.Text(3));
    if (!scopes.ok()) return Status::Corruption("stored token scopes: " + scopes.status().message());
    TokenInfo t;
    t.id = HexEncode(hash.first(kTokenIdHexChars / 2));
    t.party = list.Text(1);
    t.label = list.Text(2);
    t.scopes = *scopes;
    t.created_at = list.Text(4);
    t.revoked = list.Int(5) != 0;
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace orelog::repo
