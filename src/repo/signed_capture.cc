#include "repo/signed_capture.h"

#include <algorithm>

#include <boost/json.hpp>

#include "base/random.h"
#include "epcis/strict_json.h"
#include "orelog/ledger.h"
#include "repo/schema.h"
#include "store/sqlite/db.h"

namespace orelog::repo {
namespace json = boost::json;
namespace {

Status OnlyMembers(const json::object& o, std::initializer_list<std::string_view> names, std::string_view where) {
  for (const json::key_value_pair& kv : o) {
    if (std::find(names.begin(), names.end(), kv.key()) == names.end()) {
      return Status::Invalid(std::string(where).append(" has an unknown member \"").append(kv.key()).append("\""));
    }
  }
  return Status::Ok();
}

Status StringMember(const json::object& o, std::string_view name, std::string& out) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || !v->is_string() || v->get_string().empty()) {
    return Status::Invalid(std::string("batchSignature.").append(name).append(" must be a non-empty string"));
  }
  out = v->get_string();
  return Status::Ok();
}

}  // namespace

Result<SignedCaptureRequest> ParseSignedCapture(std::string_view body) {
  ORELOG_ASSIGN_OR_RETURN(json::value v, epcis::ParseStrictJson(body));
  if (!v.is_object()) return Status::Invalid("a signed capture must be a JSON object");
  json::object& o = v.get_object();
  ORELOG_RETURN_IF_ERROR(OnlyMembers(o, {"document", "disclosures", "batchSignature"}, "a signed capture"));
  SignedCaptureRequest req;
  json::value* doc = o.if_contains("document");
  if (doc == nullptr || !doc->is_object()) return Status::Invalid("\"document\" must be an EPCIS document (an object)");
  const json::value* ds = o.if_contains("disclosures");
  if (ds == nullptr || !ds->is_array()) return Status::Invalid("\"disclosures\" must be an array (one array per event)");
  for (size_t i = 0; i < ds->get_array().size(); ++i) {
    const json::value& per_event = ds->get_array()[i];
    if (!per_event.is_array()) return Status::Invalid("disclosures/" + std::to_string(i) + " must be an array of strings");
    std::vector<std::string>& out = req.disclosures.emplace_back();
    for (const json::value& d : per_event.get_array()) {
      if (!d.is_string()) return Status::Invalid("disclosures/" + std::to_string(i) + " must be an array of strings");
      out.emplace_back(d.get_string());
    }
  }
  const json::value* sig = o.if_contains("batchSignature");
  if (sig == nullptr || !sig->is_object()) return Status::Invalid("\"batchSignature\" must be an object");
  const json::object& s = sig->get_object();
  ORELOG_RETURN_IF_ERROR(OnlyMembers(s, {"organisation", "keyId", "nonce", "root", "signature"}, "batchSignature"));
  ORELOG_RETURN_IF_ERROR(StringMember(s, "organisation", req.signature.organisation));
  ORELOG_RETURN_IF_ERROR(StringMember(s, "keyId", req.signature.key_id));
  ORELOG_RETURN_IF_ERROR(StringMember(s, "nonce", req.signature.nonce));
  ORELOG_RETURN_IF_ERROR(StringMember(s, "root", req.signature.root));
  ORELOG_RETURN_IF_ERROR(StringMember(s, "signature", req.signature.signature));
  req.document = std::move(*doc);
  return req;
}

std::string SignedCaptureBody(const json::value& document, const std::vector<std::vector<std::string>>& disclosures,
                              const batch::SignedRoot& signature) {
  json::object o;
  o["document"] = document;
  json::array ds;
  for (const auto& per_event : disclosures) {
    json::array a;
    for (const std::string& d : per_event) a.emplace_back(d);
    ds.push_back(std::move(a));
  }
  o["disclosures"] = std::move(ds);
  o["batchSignature"] = json::object{{"organisation", signature.organisation},
                                     {"keyId", signature.key_id},
                                     {"nonce", signature.nonce},
                                     {"root", signature.root},
                                     {"signature", signature.signature}};
  return json::serialize(o);
}

Result<std::string> MakeSignedCapture(const json::value& document, const epcis::DisclosurePolicy& policy,
                                      const batch::Signer& sign, std::string_view organisation,
                                      std::string_view key_id, std::string_view origin) {
  if (!document.is_object()) return Status::Invalid("the document must be a JSON object");
  json::value doc = document;
  const json::value* type = doc.get_object().if_contains("type");
  if (type == nullptr || *type != "EPCISDocument") return Status::Invalid("a signed capture sends an EPCISDocument");
  boost::system::error_code ec;
  json::value* list = doc.find_pointer("/epcisBody/eventList", ec);
  if (list == nullptr || !list->is_array() || list->get_array().empty()) {
    return Status::Invalid("the document has no events (/epcisBody/eventList)");
  }
  const json::value* context = doc.get_object().if_contains("@context");
  std::vector<std::vector<std::string>> disclosures;
  std::vector<Hash> leaves;
  for (json::value& ev : list->get_array()) {
    if (!ev.is_object()) return Status::Invalid("an event must be a JSON object");
    json::object& e = ev.get_object();
    if (context != nullptr && !e.contains("@context")) e["@context"] = *context;
    e.erase("recordTime");
    ORELOG_ASSIGN_OR_RETURN(epcis::PublicForm form, epcis::ApplyDisclosurePolicy(e, policy));
    ORELOG_ASSIGN_OR_RETURN(Hash leaf, batch::PublicFormLeafHash(form.event));
    leaves.push_back(leaf);
    disclosures.push_back(std::move(form.disclosures));
  }
  ORELOG_ASSIGN_OR_RETURN(batch::BatchTree tree, batch::BuildBatchTree(leaves));
  ORELOG_ASSIGN_OR_RETURN(Bytes nonce, RandomBytes(batch::kMinNonceBytes));
  ORELOG_ASSIGN_OR_RETURN(batch::SignedRoot signed_root,
                          batch::SignBatch(sign, organisation, key_id, origin, nonce, tree));
  return SignedCaptureBody(doc, disclosures, signed_root);
}

Result<std::vector<epcis::BatchSignature>> CheckSignedBatch(std::span<const json::object* const> public_forms,
                                                            const batch::SignedRoot& signed_root,
                                                            std::string_view origin,
                                                            const registry::Registry& registry,
                                                            std::string_view submitter) {
  const std::string& org = signed_root.organisation;
  if (org != submitter) {
    return Status::Unverified("the batch is signed for " + org + " but the token's party is " + std::string(submitter));
  }
  const registry::Participant* p = registry.FindParticipant(org);
  if (p == nullptr) return Status::Unverified("the signing organisation " + org + " is not registered");
  if (p->deregistered) return Status::Unverified("the signing organisation " + org + " is deregistered");
  const registry::Key* key = registry.FindKey(signed_root.key_id);
  if (key == nullptr) return Status::Unverified("key " + signed_root.key_id + " is not in the registry");
  if (key->participant != org) {
    return Status::Unverified("key " + signed_root.key_id + " is not a key of " + org);
  }
  if (key->state != registry::KeyState::kActive) {
    return Status::Unverified("key " + signed_root.key_id + " was revoked at log index " +
                              std::to_string(key->revoked_at.value_or(0)));
  }
  std::vector<Hash> leaves;
  leaves.reserve(public_forms.size());
  for (const json::object* form : public_forms) {
    ORELOG_ASSIGN_OR_RETURN(Hash h, batch::PublicFormLeafHash(*form));
    leaves.push_back(h);
  }
  ORELOG_ASSIGN_OR_RETURN(batch::BatchTree tree, batch::BuildBatchTree(leaves));
  if (Base64UrlEncode(ByteView(tree.root)) != signed_root.root) {
    return Status::Unverified(
        "the batch root of the public forms the policy makes of these events with the submitted disclosures is not "
        "the signed root (a public form differs from the one signed)");
  }
  ORELOG_RETURN_IF_ERROR(batch::VerifySignedRoot(signed_root, origin, key->public_key));
  return batch::EntrySignatures(signed_root, tree);
}

Result<bool> BatchNonceUsed(const std::filesystem::path& ledger_dir, std::string_view participant,
                            std::string_view nonce) {
  using store::sqlite::Db;
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open((ledger_dir / Ledger::kDatabaseFile).string(), Db::Mode::kReadOnly));
  ORELOG_RETURN_IF_ERROR(db.Exec("PRAGMA busy_timeout = 10000"));
  ORELOG_RETURN_IF_ERROR(CheckRepoSchema(db));
  ORELOG_ASSIGN_OR_RETURN(store::sqlite::Stmt q,
                          db.Prepare("SELECT 1 FROM batch_nonces WHERE participant = ? AND nonce = ?"));
  q.Bind(1, participant).Bind(2, nonce);
  return q.Step();
}

store::Row BatchNonceRow(std::string_view participant, std::string_view nonce, std::string_view job,
                         std::string_view received_at) {
  return store::Row{"batch_nonces",
                    {"participant", "nonce", "job", "received_at"},
                    {std::string(participant), std::string(nonce), std::string(job), std::string(received_at)},
                    {}};
}

Status AttachBatchSignature(PreparedEvent& event, const epcis::BatchSignature& signature) {
  ORELOG_ASSIGN_OR_RETURN(epcis::Envelope env, epcis::DecodeLeaf(AsChars(event.leaf)));
  env.batch_signature = signature;
  ORELOG_ASSIGN_OR_RETURN(std::string leaf, epcis::EncodeLeaf(env));
  event.leaf.assign(leaf.begin(), leaf.end());
  return Status::Ok();
}

}  // namespace orelog::repo
