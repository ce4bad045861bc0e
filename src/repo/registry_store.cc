// Registry changes and reads (repo/registry_store.h). A change is: load the
// current registry, build the entry, apply it to the loaded registry (the
// pure core decides), then append entry + rows in one batch.
#include "repo/registry_store.h"

#include <algorithm>
#include <map>
#include <mutex>

#include <boost/json.hpp>

#include "base/bytes.h"
#include "base/random.h"
#include "epcis/canonical_json.h"
#include "epcis/leaf.h"
#include "epcis/strict_json.h"
#include "registry/entries.h"
#include "registry/owners.h"
#include "repo/capture.h"
#include "repo/schema.h"
#include "store/sqlite/db.h"

namespace orelog::repo {
namespace json = boost::json;
using registry::KeyAction;
using registry::KeyEntry;
using registry::ParticipantAction;
using registry::ParticipantEntry;
using registry::Registry;
using store::sqlite::Db;
using store::sqlite::Stmt;
using store::sqlite::Txn;

std::shared_mutex& RegistryWriteMutex() {
  static std::shared_mutex mu;
  return mu;
}

namespace {

// Registry changes hold RegistryWriteMutex exclusively (registry_store.h).
std::shared_mutex& WriteMutex() { return RegistryWriteMutex(); }

std::string DbPath(const std::filesystem::path& dir) { return (dir / Ledger::kDatabaseFile).string(); }

Result<Db> OpenRead(const std::filesystem::path& dir) { return OpenRepoForReading(dir); }

Status CheckText(std::string_view what, std::string_view s) {
  if (s.empty() || s.size() > registry::kMaxTextBytes) return Status::Invalid(std::string(what) + " must have 1 to 256 bytes");
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return Status::Invalid(std::string(what) + " must not contain control characters");
  }
  return Status::Ok();
}

// Folds the registry_entries rows below log index `below` (all if empty).
Result<Registry> FoldRows(Db& db, std::optional<uint64_t> below) {
  ORELOG_ASSIGN_OR_RETURN(Stmt rows, db.Prepare("SELECT idx, type, payload FROM registry_entries ORDER BY idx"));
  Registry reg;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, rows.Step());
    if (!row) break;
    const auto idx = static_cast<uint64_t>(rows.Int(0));
    if (below && idx >= *below) break;
    auto payload = epcis::ParseJson(rows.Text(2));
    Status st = payload.ok() && payload->is_object() ? reg.Apply(idx, rows.Text(1), payload->get_object())
                                                     : Status::Invalid("payload is not a JSON object");
    if (!st.ok()) return Status::Corruption("registry_entries row " + std::to_string(idx) + ": " + st.message());
  }
  return reg;
}

// An index after every folded one, for validating a change before the log
// assigns its real index (which is larger still: the log only grows).
uint64_t NextIndex(const Registry& reg) { return reg.last_index() ? *reg.last_index() + 1 : 0; }

// Appends the entry and its rows in one batch; returns the entry's index.
Result<uint64_t> Commit(Ledger& ledger, std::string_view type, const json::object& payload, std::string_view admin,
                        const std::string& participant, std::string_view action, std::optional<std::string> key_id,
                        std::optional<std::string> revokes, std::vector<store::Row> extra_rows) {
  epcis::Envelope env;
  env.type = std::string(type);
  env.policy_version = std::string(registry::kPolicyVersion);
  ORELOG_ASSIGN_OR_RETURN(env.public_id, RandomUuidUrn());
  env.payload = payload;
  env.submitter = std::string(admin);
  env.received_at = UtcNowMillis();
  ORELOG_ASSIGN_OR_RETURN(std::string leaf, epcis::EncodeLeaf(env));
  ORELOG_ASSIGN_OR_RETURN(std::string payload_text, epcis::CanonicalJson(json::value(payload)));
  auto text_or_null = [](const std::optional<std::string>& s) {
    return s ? store::Value(*s) : store::Value(std::monostate{});
  };
  store::Batch batch;
  batch.entries.push_back(store::NewEntry{Bytes(leaf.begin(), leaf.end()), {}});
  batch.rows.push_back(store::Row{"registry_entries",
                                  {"idx", "type", "participant", "action", "key_id", "revokes", "payload"},
                                  {store::EntryIndexOf{0}, std::string(type), participant, std::string(action),
                                   text_or_null(key_id), text_or_null(revokes), std::move(payload_text)},
                                  {}});
  for (store::Row& r : extra_rows) batch.rows.push_back(std::move(r));
  ORELOG_ASSIGN_OR_RETURN(store::BatchOutcome out, ledger.Append(std::move(batch)));
  ORELOG_RETURN_IF_ERROR(out.status);
  if (out.indices.size() != 1) return Status::Internal("the ledger returned no index for the registry entry");
  return out.indices[0];
}

// The commitments stored for `participant`.
Result<std::vector<std::string>> StoredCommitments(const std::filesystem::path& dir, std::string_view participant) {
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenRead(dir));
  ORELOG_ASSIGN_OR_RETURN(Stmt q, db.Prepare("SELECT commitment FROM participant_disclosures WHERE participant = ?"));
  q.Bind(1, participant);
  std::vector<std::string> out;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.emplace_back(q.Text(0));
  }
  return out;
}

Result<RegistryChange> ChangeParticipant(Ledger& ledger, const std::filesystem::path& dir, const ParticipantInput& in,
                                         ParticipantAction action, std::string_view admin) {
  ORELOG_RETURN_IF_ERROR(CheckText("the operator's party", admin));
  std::lock_guard lk(WriteMutex());
  ORELOG_ASSIGN_OR_RETURN(Registry reg, LoadRegistry(dir));
  ParticipantEntry e;
  e.participant = in.participant;
  e.action = action;
  e.name = in.name;
  e.country = in.country;
  e.roles = in.roles;
  std::sort(e.roles.begin(), e.roles.end());
  e.identifiers = in.identifiers;
  std::sort(e.identifiers.begin(), e.identifiers.end());
  e.beneficial_owners.declared = in.declared;
  std::vector<registry::OwnerDisclosure> fresh;
  std::vector<std::string> stored;
  bool stored_loaded = false;
  for (const OwnerInput& o : in.owners) {
    if (o.owner) {
      ORELOG_ASSIGN_OR_RETURN(registry::OwnerDisclosure d, registry::MakeOwnerDisclosure(*o.owner));
      e.beneficial_owners.owners.push_back({d.commitment, o.pep});
      fresh.push_back(std::move(d));
      continue;
    }
    if (!stored_loaded) {
      ORELOG_ASSIGN_OR_RETURN(stored, StoredCommitments(dir, in.participant));
      stored_loaded = true;
    }
    if (std::find(stored.begin(), stored.end(), o.commitment) == stored.end()) {
      return Status::NotFound("commitment " + o.commitment + " is not stored for " + in.participant);
    }
    e.beneficial_owners.owners.push_back({o.commitment, o.pep});
  }
  std::sort(e.beneficial_owners.owners.begin(), e.beneficial_owners.owners.end(),
            [](const registry::OwnerCommitment& a, const registry::OwnerCommitment& b) { return a.commitment < b.commitment; });
  ORELOG_ASSIGN_OR_RETURN(json::object payload, registry::EncodeParticipantEntry(e));
  // The pure core decides; the index only has to follow the last one.
  ORELOG_RETURN_IF_ERROR(reg.ApplyParticipant(NextIndex(reg), e));
  std::vector<store::Row> rows;
  RegistryChange change;
  for (const registry::OwnerDisclosure& d : fresh) {
    rows.push_back(store::Row{"participant_disclosures",
                              {"commitment", "participant", "idx", "disclosure"},
                              {d.commitment, in.participant, store::EntryIndexOf{0}, d.disclosure},
                              {}});
    change.commitments.push_back(d.commitment);
  }
  ORELOG_ASSIGN_OR_RETURN(change.index, Commit(ledger, epcis::kEntryTypeParticipant, payload, admin, e.participant,
                                               registry::ActionName(action), std::nullopt, std::nullopt,
                                               std::move(rows)));
  return change;
}

Result<RegistryChange> ChangeKey(Ledger& ledger, const std::filesystem::path& dir, const KeyEntry& e,
                                 std::string_view admin) {
  ORELOG_RETURN_IF_ERROR(CheckText("the operator's party", admin));
  std::lock_guard lk(WriteMutex());
  ORELOG_ASSIGN_OR_RETURN(Registry reg, LoadRegistry(dir));
  ORELOG_ASSIGN_OR_RETURN(json::object payload, registry::EncodeKeyEntry(e));
  ORELOG_RETURN_IF_ERROR(reg.ApplyKey(NextIndex(reg), e));
  std::optional<std::string> revokes;
  if (e.action == KeyAction::kRevoke) revokes = e.key_id;
  if (e.action == KeyAction::kRotate) revokes = e.replaces;
  RegistryChange change;
  change.key_id = e.key_id;
  ORELOG_ASSIGN_OR_RETURN(change.index, Commit(ledger, epcis::kEntryTypeKey, payload, admin, e.participant,
                                               registry::ActionName(e.action), e.key_id, revokes, {}));
  return change;
}

}  // namespace

Result<ParticipantInput> ParseParticipantInput(std::string_view text) {
  ORELOG_ASSIGN_OR_RETURN(json::value v, epcis::ParseStrictJson(text));
  if (!v.is_object()) return Status::Invalid("the participant must be a JSON object");
  const json::object& o = v.get_object();
  auto str = [](const json::object& obj, std::string_view name, std::string& out) -> Status {
    const json::value* m = obj.if_contains(name);
    if (m == nullptr || !m->is_string()) return Status::Invalid("\"" + std::string(name) + "\" must be a string");
    out = m->get_string();
    return Status::Ok();
  };
  auto strings = [](const json::object& obj, std::string_view name, std::vector<std::string>& out) -> Status {
    const json::value* m = obj.if_contains(name);
    if (m == nullptr) return Status::Ok();  // optional: empty
    if (!m->is_array()) return Status::Invalid("\"" + std::string(name) + "\" must be an array of strings");
    for (const json::value& s : m->get_array()) {
      if (!s.is_string()) return Status::Invalid("\"" + std::string(name) + "\" must be an array of strings");
      out.emplace_back(s.get_string());
    }
    return Status::Ok();
  };
  auto only = [](const json::object& obj, std::initializer_list<std::string_view> names, std::string_view where) -> Status {
    for (const json::key_value_pair& kv : obj) {
      if (std::find(names.begin(), names.end(), kv.key()) == names.end()) {
        return Status::Invalid("unknown member \"" + std::string(where) + std::string(kv.key()) + "\"");
      }
    }
    return Status::Ok();
  };
  ORELOG_RETURN_IF_ERROR(only(o, {"participant", "name", "country", "roles", "identifiers", "beneficialOwners"}, ""));
  ParticipantInput in;
  ORELOG_RETURN_IF_ERROR(str(o, "participant", in.participant));
  ORELOG_RETURN_IF_ERROR(str(o, "name", in.name));
  ORELOG_RETURN_IF_ERROR(str(o, "country", in.country));
  ORELOG_RETURN_IF_ERROR(strings(o, "roles", in.roles));
  ORELOG_RETURN_IF_ERROR(strings(o, "identifiers", in.identifiers));
  const json::value* bo = o.if_contains("beneficialOwners");
  if (bo == nullptr || !bo->is_object()) return Status::Invalid("\"beneficialOwners\" must be an object");
  ORELOG_RETURN_IF_ERROR(only(bo->get_object(), {"declared", "owners"}, "beneficialOwners."));
  const json::value* declared = bo->get_object().if_contains("declared");
  if (declared == nullptr || !declared->is_bool()) return Status::Invalid("\"beneficialOwners.declared\" must be true or false");
  in.declared = declared->get_bool();
  const json::value* owners = bo->get_object().if_contains("owners");
  if (owners != nullptr) {
    if (!owners->is_array()) return Status::Invalid("\"beneficialOwners.owners\" must be an array");
    for (const json::value& ov : owners->get_array()) {
      if (!ov.is_object()) return Status::Invalid("\"beneficialOwners.owners\" must hold objects");
      const json::object& oo = ov.get_object();
      OwnerInput owner;
      const json::value* pep = oo.if_contains("pep");
      if (pep == nullptr || !pep->is_bool()) return Status::Invalid("\"beneficialOwners.owners[].pep\" must be true or false");
      owner.pep = pep->get_bool();
      if (oo.contains("commitment")) {
        ORELOG_RETURN_IF_ERROR(only(oo, {"commitment", "pep"}, "beneficialOwners.owners[]."));
        ORELOG_RETURN_IF_ERROR(str(oo, "commitment", owner.commitment));
      } else {
        ORELOG_RETURN_IF_ERROR(only(oo, {"name", "nationality", "level", "control", "pep"}, "beneficialOwners.owners[]."));
        registry::BeneficialOwner b;
        ORELOG_RETURN_IF_ERROR(str(oo, "name", b.name));
        ORELOG_RETURN_IF_ERROR(str(oo, "nationality", b.nationality));
        ORELOG_RETURN_IF_ERROR(str(oo, "level", b.level));
        ORELOG_RETURN_IF_ERROR(str(oo, "control", b.control));
        owner.owner = std::move(b);
      }
      in.owners.push_back(std::move(owner));
    }
  }
  return in;
}

Result<RegistryChange> RegisterParticipant(Ledger& ledger, const std::filesystem::path& dir,
                                           const ParticipantInput& input, std::string_view admin) {
  return ChangeParticipant(ledger, dir, input, ParticipantAction::kRegister, admin);
}

Result<RegistryChange> UpdateParticipant(Ledger& ledger, const std::filesystem::path& dir,
                                         const ParticipantInput& input, std::string_view admin) {
  return ChangeParticipant(ledger, dir, input, ParticipantAction::kUpdate, admin);
}

Result<RegistryChange> DeregisterParticipant(Ledger& ledger, const std::filesystem::path& dir,
                                             std::string_view participant, std::string_view admin) {
  ORELOG_RETURN_IF_ERROR(CheckText("the operator's party", admin));
  ParticipantEntry e;
  e.participant = participant;
  e.action = ParticipantAction::kDeregister;
  std::lock_guard lk(WriteMutex());
  ORELOG_ASSIGN_OR_RETURN(Registry reg, LoadRegistry(dir));
  ORELOG_ASSIGN_OR_RETURN(json::object payload, registry::EncodeParticipantEntry(e));
  ORELOG_RETURN_IF_ERROR(reg.ApplyParticipant(NextIndex(reg), e));
  RegistryChange change;
  ORELOG_ASSIGN_OR_RETURN(change.index, Commit(ledger, epcis::kEntryTypeParticipant, payload, admin, e.participant,
                                               "deregister", std::nullopt, std::nullopt, {}));
  return change;
}

Result<RegistryChange> AddKey(Ledger& ledger, const std::filesystem::path& dir, std::string_view participant,
                              const ed25519::PublicKey& key, std::string_view admin) {
  KeyEntry e;
  e.participant = participant;
  e.action = KeyAction::kAdd;
  e.public_key = key;
  e.key_id = registry::KeyIdOf(key);
  return ChangeKey(ledger, dir, e, admin);
}

Result<RegistryChange> RotateKey(Ledger& ledger, const std::filesystem::path& dir, std::string_view participant,
                                 std::string_view replaces, const ed25519::PublicKey& key, std::string_view admin) {
  KeyEntry e;
  e.participant = participant;
  e.action = KeyAction::kRotate;
  e.public_key = key;
  e.key_id = registry::KeyIdOf(key);
  e.replaces = replaces;
  return ChangeKey(ledger, dir, e, admin);
}

Result<RegistryChange> RevokeKey(Ledger& ledger, const std::filesystem::path& dir, std::string_view participant,
                                 std::string_view key_id, std::string_view reason, std::string_view admin) {
  KeyEntry e;
  e.participant = participant;
  e.action = KeyAction::kRevoke;
  e.key_id = key_id;
  e.reason = reason;
  return ChangeKey(ledger, dir, e, admin);
}

Status EraseOwner(const std::filesystem::path& dir, std::string_view participant, std::string_view commitment,
                  std::string_view by, std::string_view reason) {
  ORELOG_RETURN_IF_ERROR(CheckText("the erasing operator's party", by));
  ORELOG_RETURN_IF_ERROR(CheckText("the reason", reason));
  ORELOG_RETURN_IF_ERROR(EnsureRepoSchema(dir));
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open(DbPath(dir), Db::Mode::kReadWrite));
  ORELOG_RETURN_IF_ERROR(db.UseDurableWal());
  ORELOG_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = 10000"));  // a running server may be writing
  // Freed cell space is zeroed, so the erased text is not left in the page.
  ORELOG_RETURN_IF_ERROR(db.Exec("PRAGMA secure_delete = ON"));
  {
    Txn txn(db);
    ORELOG_RETURN_IF_ERROR(txn.Begin());
    ORELOG_ASSIGN_OR_RETURN(Stmt get, db.Prepare("SELECT disclosure IS NULL FROM participant_disclosures "
                                                 "WHERE participant = ? AND commitment = ?"));
    get.Bind(1, participant).Bind(2, commitment);
    ORELOG_ASSIGN_OR_RETURN(bool found, get.Step());
    if (!found) return Status::NotFound("no stored beneficial owner " + std::string(commitment) + " of " + std::string(participant));
    if (get.Int(0) != 0) return Status::Precondition("beneficial owner " + std::string(commitment) + " was erased already");
    get.Reset();
    ORELOG_ASSIGN_OR_RETURN(Stmt upd, db.Prepare("UPDATE participant_disclosures SET disclosure = NULL, erased_at = ?, "
                                                 "erased_by = ?, reason = ? WHERE participant = ? AND commitment = ?"));
    const std::string now = UtcNowMillis();
    ORELOG_RETURN_IF_ERROR(upd.Bind(1, std::string_view(now)).Bind(2, by).Bind(3, reason).Bind(4, participant)
                               .Bind(5, commitment).Run());
    ORELOG_RETURN_IF_ERROR(txn.Commit());
  }
  // Copy the zeroed page back and truncate the WAL, whose older frames still
  // hold the text. Best effort: a reader's open snapshot can keep frames
  // alive until a later checkpoint overwrites them; the erasure itself is
  // committed either way.
  (void)db.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return Status::Ok();
}

Result<Registry> LoadRegistry(const std::filesystem::path& dir) {
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenRead(dir));
  return FoldRows(db, std::nullopt);
}

Result<std::vector<registry::Participant>> ListParticipants(const std::filesystem::path& dir) {
  ORELOG_ASSIGN_OR_RETURN(Registry reg, LoadRegistry(dir));
  std::vector<registry::Participant> out;
  for (const registry::Participant* p : reg.Participants()) out.push_back(*p);
  return out;
}

Result<registry::Participant> GetParticipant(const std::filesystem::path& dir, std::string_view participant) {
  ORELOG_ASSIGN_OR_RETURN(Registry reg, LoadRegistry(dir));
  const registry::Participant* p = reg.FindParticipant(participant);
  if (p == nullptr) return Status::NotFound("participant " + std::string(participant) + " is not registered");
  return *p;
}

Result<std::vector<StoredDisclosure>> OwnerDisclosures(const std::filesystem::path& dir, std::string_view participant) {
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenRead(dir));
  ORELOG_ASSIGN_OR_RETURN(Stmt q, db.Prepare("SELECT commitment, idx, disclosure, erased_at, erased_by, reason "
                                             "FROM participant_disclosures WHERE participant = ? ORDER BY commitment"));
  q.Bind(1, participant);
  std::vector<StoredDisclosure> out;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    StoredDisclosure d;
    d.commitment = q.Text(0);
    d.index = static_cast<uint64_t>(q.Int(1));
    if (!q.IsNull(2)) d.disclosure = std::string(q.Text(2));
    d.erased_at = q.Text(3);
    d.erased_by = q.Text(4);
    d.reason = q.Text(5);
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::string> AuditRegistry(const std::filesystem::path& dir) {
  // The log first: every registry row below its size then belongs to an
  // entry already read (entry and row commit together).
  ORELOG_ASSIGN_OR_RETURN(std::unique_ptr<store::LogReader> log, Ledger::OpenReader(dir));
  Registry from_log;
  std::map<uint64_t, std::pair<std::string, std::string>> logged;  // idx -> (type, canonical payload)
  uint64_t size = 0;
  for (;; ++size) {
    auto bytes = log->Entry(size);
    if (!bytes.ok() && bytes.status().code() == Code::kNotFound) break;
    if (!bytes.ok()) return bytes.status();
    auto env = epcis::DecodeLeaf(AsChars(*bytes));
    if (!env.ok()) return "log entry " + std::to_string(size) + " does not decode: " + env.status().message();
    if (env->type != epcis::kEntryTypeParticipant && env->type != epcis::kEntryTypeKey) continue;
    if (env->policy_version != registry::kPolicyVersion) {
      return "log entry " + std::to_string(size) + ": a registry entry must have policyVersion \"0\"";
    }
    Status st = from_log.Apply(size, env->type, env->payload);
    if (!st.ok()) return "log entry " + std::to_string(size) + " is refused by the registry fold: " + st.message();
    ORELOG_ASSIGN_OR_RETURN(std::string text, epcis::CanonicalJson(json::value(env->payload)));
    logged[size] = {env->type, std::move(text)};
  }
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenRead(dir));
  ORELOG_ASSIGN_OR_RETURN(Stmt rows, db.Prepare("SELECT idx, type, payload FROM registry_entries WHERE idx < ? ORDER BY idx"));
  rows.Bind(1, static_cast<int64_t>(size));
  std::map<uint64_t, std::pair<std::string, std::string>> stored;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, rows.Step());
    if (!row) break;
    stored[static_cast<uint64_t>(rows.Int(0))] = {std::string(rows.Text(1)), std::string(rows.Text(2))};
  }
  for (const auto& [idx, entry] : logged) {
    auto it = stored.find(idx);
    if (it == stored.end()) return "log entry " + std::to_string(idx) + " has no registry_entries row";
    if (it->second != entry) return "registry_entries row " + std::to_string(idx) + " differs from its log entry";
  }
  for (const auto& [idx, entry] : stored) {
    (void)entry;
    if (!logged.contains(idx)) return "registry_entries row " + std::to_string(idx) + " has no registry entry in the log";
  }
  ORELOG_ASSIGN_OR_RETURN(Registry from_rows, FoldRows(db, size));
  if (!(from_rows == from_log)) return std::string("the registry folded from registry_entries differs from the log's");
  ORELOG_ASSIGN_OR_RETURN(Stmt ds, db.Prepare("SELECT commitment, participant, idx, disclosure FROM participant_disclosures "
                                              "WHERE idx < ? ORDER BY idx"));
  ds.Bind(1, static_cast<int64_t>(size));
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, ds.Step());
    if (!row) break;
    const std::string commitment(ds.Text(0));
    const auto idx = static_cast<uint64_t>(ds.Int(2));
    auto it = logged.find(idx);
    bool committed = false;
    if (it != logged.end() && it->second.first == epcis::kEntryTypeParticipant) {
      auto payload = epcis::ParseJson(it->second.second);
      auto entry = payload.ok() && payload->is_object() ? registry::DecodeParticipantEntry(payload->get_object())
                                                        : Result<ParticipantEntry>(Status::Invalid("bad payload"));
      committed = entry.ok() && entry->participant == ds.Text(1) &&
                  std::any_of(entry->beneficial_owners.owners.begin(), entry->beneficial_owners.owners.end(),
                              [&](const registry::OwnerCommitment& c) { return c.commitment == commitment; });
    }
    if (!committed) return "stored disclosure " + commitment + " is not committed by log entry " + std::to_string(idx);
    if (!ds.IsNull(3) && !registry::VerifyOwnerDisclosure(ds.Text(3), commitment).ok()) {
      return "stored disclosure " + commitment + " does not match its commitment";
    }
  }
  return std::string();
}

json::object ParticipantJson(const Registry& reg, const registry::Participant& p) {
  json::object o;
  o["participant"] = p.id;
  o["name"] = p.name;
  o["country"] = p.country;
  json::array roles, ids, owners, keys;
  for (const std::string& r : p.roles) roles.emplace_back(r);
  for (const std::string& i : p.identifiers) ids.emplace_back(i);
  for (const registry::OwnerCommitment& c : p.beneficial_owners.owners) {
    owners.emplace_back(json::object{{"commitment", c.commitment}, {"pep", c.pep}});
  }
  o["roles"] = std::move(roles);
  o["identifiers"] = std::move(ids);
  o["beneficialOwners"] = json::object{{"declared", p.beneficial_owners.declared}, {"owners", std::move(owners)}};
  o["deregistered"] = p.deregistered;
  o["registeredAt"] = p.registered_at;
  o["updatedAt"] = p.updated_at;
  for (const registry::Key* k : reg.KeysOf(p.id)) {
    json::object ko;
    ko["keyId"] = k->id;
    ko["algorithm"] = registry::kAlgorithmEd25519;
    ko["publicKey"] = Base64UrlEncode(ByteView(k->public_key));
    ko["state"] = k->state == registry::KeyState::kActive ? "active" : "revoked";
    ko["addedAt"] = k->added_at;
    if (k->revoked_at) ko["revokedAt"] = *k->revoked_at;
    if (!k->replaced_by.empty()) ko["replacedBy"] = k->replaced_by;
    if (k->state == registry::KeyState::kRevoked && k->replaced_by.empty()) ko["reason"] = k->revoke_reason;
    keys.push_back(std::move(ko));
  }
  o["keys"] = std::move(keys);
  return o;
}

}  // namespace orelog::repo
