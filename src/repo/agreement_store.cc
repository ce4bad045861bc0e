// Agreement releases and reads (repo/agreement_store.h). A release is: load
// the current register, build the release, apply it to the loaded register
// (the pure core decides), then append entry + rows in one batch.
#include "repo/agreement_store.h"

#include <algorithm>
#include <map>
#include <mutex>

#include <boost/json.hpp>

#include "agreements/release.h"
#include "agreements/terms.h"
#include "base/random.h"
#include "epcis/canonical_json.h"
#include "epcis/leaf.h"
#include "epcis/strict_json.h"
#include "repo/capture.h"
#include "repo/schema.h"
#include "store/sqlite/db.h"

namespace orelog::repo {
namespace json = boost::json;
using agreements::Register;
using agreements::Release;
using store::sqlite::Db;
using store::sqlite::Stmt;

namespace {

// Serialises load -> validate -> append of releases in this process (the
// ledger has one writing process), so validation sees every earlier release.
std::mutex& WriteMutex() {
  static std::mutex mu;
  return mu;
}

Result<Db> OpenRead(const std::filesystem::path& dir) { return OpenRepoForReading(dir); }

// Folds the agreement_releases rows below log index `below` (all if empty).
Result<Register> FoldRows(Db& db, std::optional<uint64_t> below) {
  ORELOG_ASSIGN_OR_RETURN(Stmt rows, db.Prepare("SELECT idx, payload FROM agreement_releases ORDER BY idx"));
  Register reg;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, rows.Step());
    if (!row) break;
    const auto idx = static_cast<uint64_t>(rows.Int(0));
    if (below && idx >= *below) break;
    auto payload = epcis::ParseJson(rows.Text(1));
    Status st = payload.ok() && payload->is_object() ? reg.Apply(idx, payload->get_object())
                                                     : Status::Invalid("payload is not a JSON object");
    if (!st.ok()) return Status::Corruption("agreement_releases row " + std::to_string(idx) + ": " + st.message());
  }
  return reg;
}

Result<std::vector<std::string>> StoredCommitments(const std::filesystem::path& dir, std::string_view agreement) {
  ORELOG_ASSIGN_OR_RETURN(std::vector<StoredTerm> terms, AgreementTerms(dir, agreement));
  std::vector<std::string> out;
  for (StoredTerm& t : terms) out.push_back(std::move(t.commitment));
  return out;
}

Status CheckOperator(std::string_view admin) {
  if (admin.empty() || admin.size() > 256) return Status::Invalid("the operator's party must have 1 to 256 bytes");
  return Status::Ok();
}

Result<std::string> StringMember(const json::object& o, std::string_view name, std::string_view where) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || !v->is_string()) return Status::Invalid("\"" + std::string(where) + std::string(name) + "\" must be a string");
  return std::string(v->get_string());
}

}  // namespace

Result<ReleaseInput> ParseReleaseInput(std::string_view text) {
  ORELOG_ASSIGN_OR_RETURN(json::value v, epcis::ParseStrictJson(text));
  if (!v.is_object()) return Status::Invalid("the release must be a JSON object");
  json::object o = v.get_object();
  // The withheld terms are the operator's plaintext; the rest is the payload
  // of §6.1, read by the frozen decoder once the lists are put in order.
  ReleaseInput in;
  const json::value* terms = o.if_contains("withheldTerms");
  if (terms != nullptr) {
    if (!terms->is_array()) return Status::Invalid("\"withheldTerms\" must be an array");
    for (const json::value& t : terms->get_array()) {
      if (!t.is_object()) return Status::Invalid("\"withheldTerms\" must hold objects");
      const json::object& to = t.get_object();
      TermInput ti;
      if (to.contains("commitment")) {
        if (to.size() != 1) return Status::Invalid("a kept withheld term holds only \"commitment\"");
        ORELOG_ASSIGN_OR_RETURN(ti.commitment, StringMember(to, "commitment", "withheldTerms[]."));
      } else {
        if (to.size() != 2) return Status::Invalid("a new withheld term holds \"term\" and \"text\"");
        agreements::Term term;
        ORELOG_ASSIGN_OR_RETURN(term.term, StringMember(to, "term", "withheldTerms[]."));
        ORELOG_ASSIGN_OR_RETURN(term.text, StringMember(to, "text", "withheldTerms[]."));
        ti.term = std::move(term);
      }
      in.terms.push_back(std::move(ti));
    }
  }
  o["withheldTerms"] = json::array();
  auto sort_by = [](json::value* list, std::string_view key) {
    if (list == nullptr || !list->is_array()) return;
    json::array& a = list->get_array();
    std::sort(a.begin(), a.end(), [key](const json::value& x, const json::value& y) {
      auto k = [key](const json::value& e) -> std::string {
        if (key.empty()) return e.is_string() ? std::string(e.get_string()) : std::string();
        const json::value* m = e.is_object() ? e.get_object().if_contains(key) : nullptr;
        return m != nullptr && m->is_string() ? std::string(m->get_string()) : std::string();
      };
      return k(x) < k(y);
    });
  };
  sort_by(o.if_contains("parties"), "party");
  sort_by(o.if_contains("minerals"), "");
  sort_by(o.if_contains("documents"), "sha256");
  if (json::value* parties = o.if_contains("parties"); parties != nullptr && parties->is_array()) {
    for (json::value& p : parties->get_array()) {
      if (p.is_object()) sort_by(p.get_object().if_contains("roles"), "");
    }
  }
  ORELOG_ASSIGN_OR_RETURN(in.release, agreements::DecodeRelease(o));
  return in;
}

Result<AgreementChange> ReleaseAgreement(Ledger& ledger, const std::filesystem::path& dir, const ReleaseInput& in,
                                         std::string_view admin) {
  ORELOG_RETURN_IF_ERROR(CheckOperator(admin));
  std::lock_guard lk(WriteMutex());
  ORELOG_ASSIGN_OR_RETURN(Register reg, LoadAgreements(dir));
  Release r = in.release;
  r.withheld_terms.clear();
  std::vector<agreements::TermDisclosure> fresh;
  std::optional<std::vector<std::string>> stored;
  for (const TermInput& t : in.terms) {
    if (t.term) {
      ORELOG_ASSIGN_OR_RETURN(agreements::TermDisclosure d, agreements::MakeTermDisclosure(*t.term));
      r.withheld_terms.push_back(d.commitment);
      fresh.push_back(std::move(d));
      continue;
    }
    if (!stored) {
      ORELOG_ASSIGN_OR_RETURN(stored, StoredCommitments(dir, r.agreement));
    }
    if (std::find(stored->begin(), stored->end(), t.commitment) == stored->end()) {
      return Status::NotFound("commitment " + t.commitment + " is not stored for agreement " + r.agreement);
    }
    r.withheld_terms.push_back(t.commitment);
  }
  std::sort(r.withheld_terms.begin(), r.withheld_terms.end());
  ORELOG_ASSIGN_OR_RETURN(json::object payload, agreements::EncodeRelease(r));
  // The pure core decides; the index only has to follow the last one.
  ORELOG_RETURN_IF_ERROR(reg.ApplyRelease(reg.last_index() ? *reg.last_index() + 1 : 0, r));

  epcis::Envelope env;
  env.type = std::string(epcis::kEntryTypeAgreementRelease);
  env.policy_version = std::string(agreements::kPolicyVersion);
  ORELOG_ASSIGN_OR_RETURN(env.public_id, RandomUuidUrn());
  env.payload = payload;
  env.submitter = std::string(admin);
  env.received_at = UtcNowMillis();
  ORELOG_ASSIGN_OR_RETURN(std::string leaf, epcis::EncodeLeaf(env));
  ORELOG_ASSIGN_OR_RETURN(std::string payload_text, epcis::CanonicalJson(json::value(payload)));
  store::Batch batch;
  batch.entries.push_back(store::NewEntry{Bytes(leaf.begin(), leaf.end()), {}});
  batch.rows.push_back(store::Row{"agreement_releases",
                                  {"idx", "agreement", "release", "tag", "payload"},
                                  {store::EntryIndexOf{0}, r.agreement, r.release,
                                   std::string(agreements::TagName(r.tag)), std::move(payload_text)},
                                  {}});
  AgreementChange change;
  for (const agreements::TermDisclosure& d : fresh) {
    batch.rows.push_back(store::Row{"agreement_disclosures",
                                    {"commitment", "agreement", "idx", "disclosure"},
                                    {d.commitment, r.agreement, store::EntryIndexOf{0}, d.disclosure},
                                    {}});
    change.commitments.push_back(d.commitment);
  }
  ORELOG_ASSIGN_OR_RETURN(store::BatchOutcome out, ledger.Append(std::move(batch)));
  ORELOG_RETURN_IF_ERROR(out.status);
  if (out.indices.size() != 1) return Status::Internal("the ledger returned no index for the release");
  change.index = out.indices[0];
  return change;
}

Result<Register> LoadAgreements(const std::filesystem::path& dir) {
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenRead(dir));
  return FoldRows(db, std::nullopt);
}

Result<std::vector<std::pair<uint64_t, Release>>> AgreementReleases(const std::filesystem::path& dir,
                                                                    std::string_view agreement) {
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenRead(dir));
  ORELOG_ASSIGN_OR_RETURN(Stmt q, db.Prepare("SELECT idx, payload FROM agreement_releases WHERE agreement = ? ORDER BY idx"));
  q.Bind(1, agreement);
  std::vector<std::pair<uint64_t, Release>> out;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    auto payload = epcis::ParseJson(q.Text(1));
    auto r = payload.ok() && payload->is_object() ? agreements::DecodeRelease(payload->get_object())
                                                  : Result<Release>(Status::Invalid("payload is not a JSON object"));
    if (!r.ok()) return Status::Corruption("agreement_releases row " + std::to_string(q.Int(0)) + ": " + r.status().message());
    out.emplace_back(static_cast<uint64_t>(q.Int(0)), std::move(*r));
  }
  if (out.empty()) return Status::NotFound("no agreement " + std::string(agreement));
  return out;
}

Result<std::vector<StoredTerm>> AgreementTerms(const std::filesystem::path& dir, std::string_view agreement) {
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenRead(dir));
  ORELOG_ASSIGN_OR_RETURN(Stmt q, db.Prepare("SELECT commitment, idx, disclosure FROM agreement_disclosures "
                                             "WHERE agreement = ? ORDER BY commitment"));
  q.Bind(1, agreement);
  std::vector<StoredTerm> out;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(StoredTerm{std::string(q.Text(0)), static_cast<uint64_t>(q.Int(1)), std::string(q.Text(2))});
  }
  return out;
}

Result<std::string> AuditAgreements(const std::filesystem::path& dir) {
  // The log first: every row below its size belongs to an entry already
  // read (entry and row commit together).
  ORELOG_ASSIGN_OR_RETURN(std::unique_ptr<store::LogReader> log, Ledger::OpenReader(dir));
  Register from_log;
  std::map<uint64_t, std::string> logged;  // idx -> canonical payload
  uint64_t size = 0;
  for (;; ++size) {
    auto bytes = log->Entry(size);
    if (!bytes.ok() && bytes.status().code() == Code::kNotFound) break;
    if (!bytes.ok()) return bytes.status();
    auto env = epcis::DecodeLeaf(AsChars(*bytes));
    if (!env.ok()) return "log entry " + std::to_string(size) + " does not decode: " + env.status().message();
    if (env->type != epcis::kEntryTypeAgreementRelease) continue;
    if (env->policy_version != agreements::kPolicyVersion) {
      return "log entry " + std::to_string(size) + ": an agreement release must have policyVersion \"0\"";
    }
    Status st = from_log.Apply(size, env->payload);
    if (!st.ok()) return "log entry " + std::to_string(size) + " is refused by the agreements fold: " + st.message();
    ORELOG_ASSIGN_OR_RETURN(logged[size], epcis::CanonicalJson(json::value(env->payload)));
  }
  ORELOG_ASSIGN_OR_RETURN(Db db, OpenRead(dir));
  ORELOG_ASSIGN_OR_RETURN(Stmt rows, db.Prepare("SELECT idx, payload FROM agreement_releases WHERE idx < ? ORDER BY idx"));
  rows.Bind(1, static_cast<int64_t>(size));
  std::map<uint64_t, std::string> stored;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, rows.Step());
    if (!row) break;
    stored[static_cast<uint64_t>(rows.Int(0))] = std::string(rows.Text(1));
  }
  for (const auto& [idx, payload] : logged) {
    auto it = stored.find(idx);
    if (it == stored.end()) return "log entry " + std::to_string(idx) + " has no agreement_releases row";
    if (it->second != payload) return "agreement_releases row " + std::to_string(idx) + " differs from its log entry";
  }
  for (const auto& [idx, payload] : stored) {
    if (!logged.contains(idx)) return "agreement_releases row " + std::to_string(idx) + " has no release in the log";
  }
  ORELOG_ASSIGN_OR_RETURN(Register from_rows, FoldRows(db, size));
  if (!(from_rows == from_log)) return std::string("the register folded from agreement_releases differs from the log's");
  ORELOG_ASSIGN_OR_RETURN(Stmt ds, db.Prepare("SELECT commitment, idx, disclosure FROM agreement_disclosures WHERE idx < ?"));
  ds.Bind(1, static_cast<int64_t>(size));
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, ds.Step());
    if (!row) break;
    const std::string commitment(ds.Text(0));
    const auto idx = static_cast<uint64_t>(ds.Int(1));
    auto it = logged.find(idx);
    auto payload = it == logged.end() ? Result<json::value>(Status::NotFound("")) : epcis::ParseJson(it->second);
    auto release = payload.ok() && payload->is_object() ? agreements::DecodeRelease(payload->get_object())
                                                        : Result<Release>(Status::NotFound(""));
    if (!release.ok() || std::find(release->withheld_terms.begin(), release->withheld_terms.end(), commitment) ==
                             release->withheld_terms.end()) {
      return "stored term " + commitment + " is not committed by log entry " + std::to_string(idx);
    }
    if (!agreements::VerifyTermDisclosure(ds.Text(2), commitment).ok()) {
      return "stored term " + commitment + " does not match its commitment";
    }
  }
  return std::string();
}

}  // namespace orelog::repo
