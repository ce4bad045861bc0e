#include "repo/schema.h"

#include "orelog/ledger.h"

namespace orelog::repo {
namespace {

using store::sqlite::Db;
using store::sqlite::Stmt;
using store::sqlite::Txn;

constexpr char kSchemaV1[] = R"sql(
CREATE TABLE repo_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events (
  idx INTEGER PRIMARY KEY,
  public_id TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL,
  event_hash TEXT NOT NULL,
  submitter TEXT NOT NULL,
  event_type TEXT NOT NULL,
  event_time TEXT NOT NULL,
  record_time TEXT NOT NULL,
  corrects INTEGER,
  job TEXT NOT NULL,
  full_form TEXT NOT NULL,
  public_form TEXT NOT NULL,
  disclosures TEXT NOT NULL);
-- Only the indexes the read path uses: every index costs each capture a
-- B-tree insert (docs/performance.md, "What dominates"). The time indexes
-- mostly append (events arrive roughly in time order; record_time always).
CREATE INDEX events_event_id ON events (event_id);
CREATE INDEX events_job ON events (job);
CREATE INDEX events_event_time ON events (event_time, idx);
CREATE INDEX events_record_time ON events (record_time, idx);
CREATE TABLE full_terms (term TEXT NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (term, idx)) WITHOUT ROWID;
CREATE TABLE public_terms (term TEXT NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (term, idx)) WITHOUT ROWID;
CREATE TABLE capture_jobs (
  id TEXT PRIMARY KEY,
  submitter TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  behaviour TEXT NOT NULL,
  success INTEGER NOT NULL,
  event_count INTEGER NOT NULL,
  captured INTEGER,
  duplicates INTEGER,
  errors TEXT NOT NULL);
CREATE TABLE master_data (
  job TEXT NOT NULL,
  seq INTEGER NOT NULL,
  vocabulary_type TEXT NOT NULL,
  element_id TEXT NOT NULL,
  element TEXT NOT NULL,
  PRIMARY KEY (job, seq));
CREATE INDEX master_data_element ON master_data (vocabulary_type, element_id);
CREATE TABLE tokens (
  token_hash BLOB PRIMARY KEY,
  party TEXT NOT NULL,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
)sql";

// NotFound if the repository tables do not exist yet.
Status ReadFormat(Db& db) {
  ORELOG_ASSIGN_OR_RETURN(Stmt has, db.Prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'repo_meta'"));
  ORELOG_ASSIGN_OR_RETURN(bool row, has.Step());
  if (!row || has.Int(0) == 0) return Status::NotFound("no repository tables");
  ORELOG_ASSIGN_OR_RETURN(Stmt get, db.Prepare("SELECT value FROM repo_meta WHERE key = 'format'"));
  ORELOG_ASSIGN_OR_RETURN(bool found, get.Step());
  std::string format = found ? std::string(get.Text(0)) : std::string();
  if (format != kRepoFormat) {
    return Status::Corruption("unknown repository format '" + format + "' (expected " + kRepoFormat + ")");
  }
  return Status::Ok();
}

}  // namespace

Status CheckRepoSchema(Db& db) {
  Status st = ReadFormat(db);
  if (st.code() == Code::kNotFound) return Status::Precondition("the ledger has no EPCIS repository tables yet");
  return st;
}

Status EnsureRepoSchema(const std::filesystem::path& ledger_dir) {
  std::string path = (ledger_dir / Ledger::kDatabaseFile).string();
  if (!std::filesystem::exists(path)) return Status::NotFound("no ledger database at " + path);
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open(path, Db::Mode::kReadWrite));
  ORELOG_RETURN_IF_ERROR(db.UseDurableWal());
  Status st = ReadFormat(db);
  if (st.code() != Code::kNotFound) return st;
  Txn txn(db);
  ORELOG_RETURN_IF_ERROR(txn.Begin());
  // Another process may have created them between the check and BEGIN IMMEDIATE.
  st = ReadFormat(db);
  if (st.code() != Code::kNotFound) return st;
  ORELOG_RETURN_IF_ERROR(db.Exec(kSchemaV1));
  ORELOG_ASSIGN_OR_RETURN(Stmt put, db.Prepare("INSERT INTO repo_meta (key, value) VALUES ('format', ?)"));
  ORELOG_RETURN_IF_ERROR(put.Bind(1, std::string_view(kRepoFormat)).Run());
  return txn.Commit();
}

}  // namespace orelog::repo
