#include "repo/prepare.h"

#include <algorithm>

#include <boost/json.hpp>

#include "base/random.h"
#include "base/sha256.h"
#include "custody/extract.h"
#include "epcis/canonical_json.h"
#include "epcis/event_hash.h"
#include "epcis/leaf.h"
#include "epcis/timestamp.h"
#include "query/index_terms.h"

namespace orelog::repo {
namespace json = boost::json;

Bytes DedupKey(std::string_view submitter, std::string_view event_hash, std::string_view error_declaration_jcs) {
  Sha256 sha;
  sha.Begin();
  sha.Add(AsBytes(std::string_view("orelog-dedup-v1")));
  sha.Add(uint8_t{0});
  sha.Add(AsBytes(submitter));
  sha.Add(uint8_t{0});
  sha.Add(AsBytes(event_hash));
  sha.Add(uint8_t{0});
  sha.Add(AsBytes(error_declaration_jcs));
  Hash h = sha.Finish();
  return Bytes(h.begin(), h.end());
}

Result<PreparedEvent> PrepareEvent(const json::object& event, const PrepareContext& ctx) {
  if (ctx.policy == nullptr) return Status::Internal("PrepareEvent without a disclosure policy");
  PreparedEvent out;
  ORELOG_ASSIGN_OR_RETURN(out.event_hash, epcis::EventHash(event, ctx.hash));

  const json::value* type = event.if_contains("type");
  const json::value* time = event.if_contains("eventTime");
  if (type == nullptr || !type->is_string()) return Status::Invalid("event has no type");
  if (time == nullptr || !time->is_string()) return Status::Invalid("event has no eventTime");
  out.event_type = std::string(type->get_string());
  ORELOG_ASSIGN_OR_RETURN(out.event_time, epcis::NormalizeTimestamp(time->get_string()));
  out.record_time = ctx.received_at;

  out.full = event;
  if (ctx.document_context != nullptr && !out.full.contains("@context")) out.full["@context"] = *ctx.document_context;
  out.full["recordTime"] = ctx.received_at;  // the repository's, whatever a client sent
  const json::value* id = event.if_contains("eventID");
  if (id != nullptr && (!id->is_string() || id->get_string().empty())) return Status::Invalid("eventID must be a non-empty string");
  if (id == nullptr) out.full["eventID"] = out.event_hash;  // REST binding: the server fills missing IDs
  out.event_id = std::string(out.full.at("eventID").get_string());

  std::string error_declaration;
  if (const json::value* ed = event.if_contains("errorDeclaration")) {
    out.correction = true;
    ORELOG_ASSIGN_OR_RETURN(error_declaration, epcis::CanonicalJson(*ed));
  }

  epcis::PublicForm pub;
  if (ctx.signed_disclosures != nullptr) {
    // What the client signed cannot hold the repository's additions.
    if (!event.contains("@context")) return Status::Invalid("a signed event must carry its own @context");
    if (event.contains("recordTime")) return Status::Invalid("a signed event carries no recordTime (the repository sets it)");
    ORELOG_ASSIGN_OR_RETURN(pub, epcis::ReapplyDisclosurePolicy(event, *ctx.policy, *ctx.signed_disclosures));
  } else {
    ORELOG_ASSIGN_OR_RETURN(pub, epcis::ApplyDisclosurePolicy(out.full, *ctx.policy));
  }
  out.public_form = std::move(pub.event);
  out.disclosures = std::move(pub.disclosures);
  // A random public ID for every event: never an unsalted hash of it, and
  // unique even when several parties capture the same event (each gets an
  // entry of its own). An eventID left public still finds the event.
  ORELOG_ASSIGN_OR_RETURN(out.public_id, RandomUuidUrn());

  // The served public form names the event by its public ID when its own
  // eventID was withheld (the leaf itself keeps the exact public form).
  json::object served = out.public_form;
  if (!served.contains("eventID")) served["eventID"] = out.public_id;
  if (ctx.signed_disclosures != nullptr) served["recordTime"] = ctx.received_at;  // the leaf's receivedAt
  out.full_terms = query::IndexTerms(out.full, ctx.hash.namespaces);
  out.public_terms = query::IndexTerms(served, ctx.hash.namespaces);
  ORELOG_ASSIGN_OR_RETURN(out.full_json, epcis::CanonicalJson(out.full));
  ORELOG_ASSIGN_OR_RETURN(out.public_json, epcis::CanonicalJson(served));

  custody::EventFacts full_facts;
  if (ctx.custody) full_facts = custody::ExtractFacts(out.full, ctx.hash.namespaces, 0, out.public_id);
  if (!full_facts.empty()) {
    out.full_facts = custody::FactsToJson(full_facts);
    out.public_facts =
        custody::FactsToJson(custody::ExtractFacts(out.public_form, ctx.hash.namespaces, 0, out.public_id));
    for (const custody::LotQuantity& in : full_facts.inputs) {
      for (const custody::LotQuantity& o : full_facts.outputs) out.lot_edges.emplace_back(in.lot, o.lot);
    }
  }

  out.parties = NamedParties(out.full);

  epcis::Envelope env;
  env.type = std::string(epcis::kEntryTypeEvent);
  env.policy_version = ctx.policy->version;
  env.public_id = out.public_id;
  env.payload = out.public_form;
  env.submitter = ctx.submitter;
  env.received_at = ctx.received_at;
  ORELOG_ASSIGN_OR_RETURN(std::string leaf, epcis::EncodeLeaf(env));
  out.leaf.assign(leaf.begin(), leaf.end());
  out.dedup_key = DedupKey(ctx.submitter, out.event_hash, error_declaration);
  return out;
}

std::vector<std::string> NamedParties(const json::object& event) {
  std::vector<std::string> parties;
  for (const auto& [list, member] : {std::pair{"sourceList", "source"}, std::pair{"destinationList", "destination"}}) {
    const json::value* l = event.if_contains(list);
    if (l == nullptr || !l->is_array()) continue;
    for (const json::value& item : l->get_array()) {
      const json::value* v = item.is_object() ? item.get_object().if_contains(member) : nullptr;
      if (v != nullptr && v->is_string() && !v->get_string().empty()) parties.emplace_back(v->get_string());
    }
  }
  std::sort(parties.begin(), parties.end());
  parties.erase(std::unique(parties.begin(), parties.end()), parties.end());
  return parties;
}

}  // namespace orelog::repo
