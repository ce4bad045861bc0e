#include "repo/schema.h"

#include <boost/json.hpp>

#include "custody/extract.h"
#include "orelog/ledger.h"

namespace orelog::repo {
namespace {

using store::sqlite::Db;
using store::sqlite::Stmt;
using store::sqlite::Txn;
namespace json = boost::json;

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

// Version 2 adds the custody view's tables (docs/repository-format.md
// "Custody tables"): facts per event, sites from master data, lot edges.
constexpr char kCustodyTables[] = R"sql(
CREATE TABLE custody_facts (idx INTEGER PRIMARY KEY, full_facts TEXT NOT NULL, public_facts TEXT NOT NULL);
CREATE TABLE custody_sites (
  job TEXT NOT NULL,
  seq INTEGER NOT NULL,
  site_id TEXT NOT NULL,
  site TEXT NOT NULL,
  PRIMARY KEY (job, seq));
CREATE TABLE lot_edges (input TEXT NOT NULL, output TEXT NOT NULL, idx INTEGER NOT NULL);
CREATE INDEX lot_edges_output ON lot_edges (output);
CREATE INDEX lot_edges_input ON lot_edges (input);
)sql";

// Version 3 adds the participants registry (docs/repository-format.md
// "Registry tables"; docs/participants.md §1). registry_entries caches every
// `participant` / `key` log entry, written in the entry's own commit; the
// current registry is their fold (registry/registry.h). The unique indexes
// make the store refuse, even against a racing writer, a second register of
// an ID, a second add of a key ID and a second revocation of a key.
// participant_disclosures holds the private beneficial-owner disclosures;
// erasure sets `disclosure` to NULL and keeps the record of it.
constexpr char kRegistryTables[] = R"sql(
CREATE TABLE registry_entries (
  idx INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  participant TEXT NOT NULL,
  action TEXT NOT NULL,
  key_id TEXT,
  revokes TEXT,
  payload TEXT NOT NULL);
CREATE INDEX registry_entries_participant ON registry_entries (participant, idx);
CREATE UNIQUE INDEX registry_entries_registered ON registry_entries (participant)
  WHERE type = 'participant' AND action = 'register';
CREATE UNIQUE INDEX registry_entries_key_added ON registry_entries (key_id)
  WHERE type = 'key' AND action IN ('add', 'rotate');
CREATE UNIQUE INDEX registry_entries_key_revoked ON registry_entries (revokes) WHERE revokes IS NOT NULL;
CREATE TABLE participant_disclosures (
  commitment TEXT PRIMARY KEY,
  participant TEXT NOT NULL,
  idx INTEGER NOT NULL,
  disclosure TEXT,
  erased_at TEXT,
  erased_by TEXT,
  reason TEXT);
CREATE INDEX participant_disclosures_participant ON participant_disclosures (participant, idx);
)sql";

// Version 5 adds the agreements register (docs/repository-format.md
// "Agreements tables"; docs/participants.md §6): agreement_releases caches
// every `agreement-release` log entry, written in the entry's own commit (the
// register is their fold); the unique index refuses a second release with the
// same ID even against a racing writer. agreement_disclosures holds the
// private withheld-term disclosures.
constexpr char kAgreementTables[] = R"sql(
CREATE TABLE agreement_releases (
  idx INTEGER PRIMARY KEY,
  agreement TEXT NOT NULL,
  release TEXT NOT NULL,
  tag TEXT NOT NULL,
  payload TEXT NOT NULL);
CREATE UNIQUE INDEX agreement_releases_release ON agreement_releases (release);
CREATE INDEX agreement_releases_agreement ON agreement_releases (agreement, idx);
CREATE TABLE agreement_disclosures (
  commitment TEXT PRIMARY KEY,
  agreement TEXT NOT NULL,
  idx INTEGER NOT NULL,
  disclosure TEXT NOT NULL);
CREATE INDEX agreement_disclosures_agreement ON agreement_disclosures (agreement, idx);
)sql";

// Calls fn(idx, facts of the full form, JSON facts of the public form) for
// every stored event that is a custody event, in log order.
template <typename Fn>
Status ForEachStoredFacts(Db& db, Fn&& fn) {
  ORELOG_ASSIGN_OR_RETURN(Stmt events, db.Prepare("SELECT idx, public_id, full_form, public_form FROM events ORDER BY idx"));
  const epcis::Namespaces& ns = epcis::StandardNamespaces();  // stored forms carry their own @context
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, events.Step());
    if (!row) break;
    const int64_t idx = events.Int(0);
    const std::string public_id(events.Text(1));
    boost::system::error_code ec;
    json::value full = json::parse(events.Text(2), ec);
    json::value pub = ec ? json::value() : json::parse(events.Text(3), ec);
    if (ec || !full.is_object() || !pub.is_object()) return Status::Corruption("event " + std::to_string(idx) + " is not a JSON object");
    custody::EventFacts facts = custody::ExtractFacts(full.get_object(), ns, 0, public_id);
    if (facts.empty()) continue;
    ORELOG_RETURN_IF_ERROR(fn(idx, facts, custody::FactsToJson(custody::ExtractFacts(pub.get_object(), ns, 0, public_id))));
  }
  return Status::Ok();
}

// Version 5: facts gained the agreement links and royalty receipts. Every
// stored event is read again and its facts rewritten (or written, for an
// event that now has facts: a TransactionEvent carrying only a link).
Status ReextractFacts(Db& db) {
  ORELOG_ASSIGN_OR_RETURN(Stmt put, db.Prepare("INSERT OR REPLACE INTO custody_facts (idx, full_facts, public_facts) "
                                               "VALUES (?, ?, ?)"));
  return ForEachStoredFacts(db, [&](int64_t idx, const custody::EventFacts& facts, const std::string& public_facts) {
    put.Reset();
    return put.Bind(1, idx).Bind(2, custody::FactsToJson(facts)).Bind(3, public_facts).Run();
  });
}

// Fills the custody tables of a version-1 repository from what it stored:
// every event's full and public form, and the master data of every job.
Status BackfillCustody(Db& db) {
  ORELOG_ASSIGN_OR_RETURN(Stmt put, db.Prepare("INSERT INTO custody_facts (idx, full_facts, public_facts) VALUES (?, ?, ?)"));
  ORELOG_ASSIGN_OR_RETURN(Stmt edge, db.Prepare("INSERT INTO lot_edges (input, output, idx) VALUES (?, ?, ?)"));
  auto write = [&](int64_t idx, const custody::EventFacts& facts, const std::string& public_facts) -> Status {
    put.Reset();
    ORELOG_RETURN_IF_ERROR(put.Bind(1, idx).Bind(2, custody::FactsToJson(facts)).Bind(3, public_facts).Run());
    for (const auto& in : facts.inputs) {
      for (const auto& out : facts.outputs) {
        edge.Reset();
        ORELOG_RETURN_IF_ERROR(edge.Bind(1, in.lot).Bind(2, out.lot).Bind(3, idx).Run());
      }
    }
    return Status::Ok();
  };
  ORELOG_RETURN_IF_ERROR(ForEachStoredFacts(db, write));
  const epcis::Namespaces& ns = epcis::StandardNamespaces();
  ORELOG_ASSIGN_OR_RETURN(Stmt md, db.Prepare("SELECT job, seq, element FROM master_data WHERE vocabulary_type = "
                                              "'urn:epcglobal:epcis:vtype:BusinessLocation' ORDER BY rowid"));
  ORELOG_ASSIGN_OR_RETURN(Stmt site, db.Prepare("INSERT INTO custody_sites (job, seq, site_id, site) VALUES (?, ?, ?, ?)"));
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, md.Step());
    if (!row) break;
    boost::system::error_code ec;
    json::value element = json::parse(md.Text(2), ec);
    if (ec || !element.is_object()) continue;
    // ExtractSites reads a document; wrap the stored element in one.
    json::object vocabulary;
    vocabulary["type"] = "urn:epcglobal:epcis:vtype:BusinessLocation";
    vocabulary["vocabularyElementList"] = json::array{element};
    json::object master;
    master["vocabularyList"] = json::array{vocabulary};
    json::object header;
    header["epcisMasterData"] = std::move(master);
    json::object doc;
    doc["epcisHeader"] = std::move(header);
    for (const custody::SiteFacts& s : custody::ExtractSites(doc, ns)) {
      site.Reset();
      ORELOG_RETURN_IF_ERROR(site.Bind(1, md.Text(0)).Bind(2, md.Int(1)).Bind(3, s.id).Bind(4, custody::SiteToJson(s)).Run());
    }
  }
  return Status::Ok();
}

// Version 3 (tokens): a token's scopes (docs/participants.md §2). Tokens made
// before v3 could capture and read full forms, so the default gives them
// exactly that; new tokens always name their scopes. A new repository gets
// the column the same way, so upgraded and new tables are alike.
constexpr char kTokenScopesV3[] = "ALTER TABLE tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'capture,read-full';";

// Version 4 (docs/participants.md §3.1): the parties each event names in its
// sourceList / destinationList, who (with its submitter) are entitled to its
// full form. Filled from the stored full forms on upgrade.
constexpr char kEventPartiesV4[] = R"sql(
CREATE TABLE event_parties (party TEXT NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (party, idx)) WITHOUT ROWID;
INSERT OR IGNORE INTO event_parties (party, idx)
  SELECT json_extract(item.value, '$.source'), events.idx FROM events, json_each(events.full_form, '$.sourceList') AS item
  WHERE json_type(item.value, '$.source') = 'text' AND json_extract(item.value, '$.source') != '';
INSERT OR IGNORE INTO event_parties (party, idx)
  SELECT json_extract(item.value, '$.destination'), events.idx FROM events, json_each(events.full_form, '$.destinationList') AS item
  WHERE json_type(item.value, '$.destination') = 'text' AND json_extract(item.value, '$.destination') != '';
)sql";

// Version 4 (docs/participants.md §4): the nonce of every signed capture, by
// participant, written in the commit of the batch's entries; the primary key
// refuses a replayed nonce even against a racing request. Empty on upgrade
// (no earlier version accepted signed captures).
constexpr char kBatchNoncesV4[] = R"sql(
CREATE TABLE batch_nonces (
  participant TEXT NOT NULL,
  nonce TEXT NOT NULL,
  job TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (participant, nonce)) WITHOUT ROWID;
)sql";

// The repository's format version (1..5); 0 if its tables do not exist yet.
Result<int> FormatVersion(Db& db) {
  ORELOG_ASSIGN_OR_RETURN(Stmt has, db.Prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'repo_meta'"));
  ORELOG_ASSIGN_OR_RETURN(bool row, has.Step());
  if (!row || has.Int(0) == 0) return 0;
  ORELOG_ASSIGN_OR_RETURN(Stmt get, db.Prepare("SELECT value FROM repo_meta WHERE key = 'format'"));
  ORELOG_ASSIGN_OR_RETURN(bool found, get.Step());
  std::string format = found ? std::string(get.Text(0)) : std::string();
  if (format == kRepoFormatV1) return 1;
  if (format == kRepoFormatV2) return 2;
  if (format == kRepoFormatV3) return 3;
  if (format == kRepoFormatV4) return 4;
  if (format == kRepoFormat) return 5;
  return Status::Corruption("unknown repository format '" + format + "' (expected " + kRepoFormat + ")");
}

}  // namespace

Status CheckRepoSchema(Db& db) {
  ORELOG_ASSIGN_OR_RETURN(int version, FormatVersion(db));
  if (version == 0) return Status::Precondition("the ledger has no EPCIS repository tables yet");
  if (version < 5) {
    return Status::Precondition("repository format v" + std::to_string(version) + ": open it for writing to upgrade");
  }
  return Status::Ok();
}

Result<Db> OpenRepoForReading(const std::filesystem::path& ledger_dir) {
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open((ledger_dir / Ledger::kDatabaseFile).string(), Db::Mode::kReadOnly));
  ORELOG_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = 10000"));
  ORELOG_RETURN_IF_ERROR(CheckRepoSchema(db));
  return db;
}

Status EnsureRepoSchema(const std::filesystem::path& ledger_dir) {
  std::string path = (ledger_dir / Ledger::kDatabaseFile).string();
  if (!std::filesystem::exists(path)) return Status::NotFound("no ledger database at " + path);
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open(path, Db::Mode::kReadWrite));
  ORELOG_RETURN_IF_ERROR(db.UseDurableWal());
  ORELOG_ASSIGN_OR_RETURN(int version, FormatVersion(db));
  if (version == 5) return Status::Ok();
  Txn txn(db);
  ORELOG_RETURN_IF_ERROR(txn.Begin());
  // Another process may have created or upgraded them between the check and BEGIN IMMEDIATE.
  ORELOG_ASSIGN_OR_RETURN(version, FormatVersion(db));
  if (version == 5) return Status::Ok();
  // Each step brings the tables to the next version, all in this transaction.
  if (version == 0) {
    ORELOG_RETURN_IF_ERROR(db.Exec(kSchemaV1));
    version = 1;
  }
  if (version == 1) {  // the custody tables, filled from what v1 stored (nothing, if new)
    ORELOG_RETURN_IF_ERROR(db.Exec(kCustodyTables));
    ORELOG_RETURN_IF_ERROR(BackfillCustody(db));
    version = 2;
  }
  if (version == 2) {
    // Token scopes (existing tokens keep what they could do) and the
    // registry's tables (empty: no earlier reader accepted registry entries).
    ORELOG_RETURN_IF_ERROR(db.Exec(kTokenScopesV3));
    ORELOG_RETURN_IF_ERROR(db.Exec(kRegistryTables));
    version = 3;
  }
  if (version == 3) {
    // Entitled parties (filled from the stored full forms) and signed
    // captures' nonces (empty: none were accepted before).
    ORELOG_RETURN_IF_ERROR(db.Exec(kEventPartiesV4));
    ORELOG_RETURN_IF_ERROR(db.Exec(kBatchNoncesV4));
    version = 4;
  }
  if (version == 4) {
    // The agreements tables (empty: no earlier reader accepted releases) and
    // the facts again, with links and receipts.
    ORELOG_RETURN_IF_ERROR(db.Exec(kAgreementTables));
    ORELOG_RETURN_IF_ERROR(ReextractFacts(db));
  }
  ORELOG_ASSIGN_OR_RETURN(Stmt put, db.Prepare("INSERT OR REPLACE INTO repo_meta (key, value) VALUES ('format', ?)"));
  ORELOG_RETURN_IF_ERROR(put.Bind(1, std::string_view(kRepoFormat)).Run());
  return txn.Commit();
}

}  // namespace orelog::repo
