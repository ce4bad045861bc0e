#include "repo/tokens.h"

#include "base/random.h"
#include "base/sha256.h"
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

}  // namespace

Result<std::string> CreateToken(const std::filesystem::path& ledger_dir, std::string_view party, std::string_view label) {
  ORELOG_RETURN_IF_ERROR(CheckName("party", party, false));
  ORELOG_RETURN_IF_ERROR(CheckName("label", label, true));
  ORELOG_ASSIGN_OR_RETURN(Bytes secret, RandomBytes(32));
  std::string token = kTokenPrefix + Base64UrlEncode(secret);
  Sha256 sha;
  Hash h = sha.Digest(AsBytes(token));
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenForWrite(ledger_dir));
  Txn txn(db);
  ORELOG_RETURN_IF_ERROR(txn.Begin());
  ORELOG_ASSIGN_OR_RETURN(Stmt put, db.Prepare("INSERT INTO tokens (token_hash, party, label, created_at) VALUES (?, ?, ?, ?)"));
  std::string now = UtcNowMillis();
  ORELOG_RETURN_IF_ERROR(put.BindBlob(1, ByteView(h)).Bind(2, party).Bind(3, label).Bind(4, std::string_view(now)).Run());
  ORELOG_RETURN_IF_ERROR(txn.Commit());
  return token;
}

Result<int64_t> RevokeTokens(const std::filesystem::path& ledger_dir, std::string_view party) {
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenForWrite(ledger_dir));
  Txn txn(db);
  ORELOG_RETURN_IF_ERROR(txn.Begin());
  ORELOG_ASSIGN_OR_RETURN(Stmt upd, db.Prepare("UPDATE tokens SET revoked = 1 WHERE party = ? AND revoked = 0"));
  ORELOG_RETURN_IF_ERROR(upd.Bind(1, party).Run());
  int64_t n = sqlite3_changes(db.handle());
  ORELOG_RETURN_IF_ERROR(txn.Commit());
  return n;
}

}  // namespace orelog::repo
