#include "server/registry_routes.h"

#include <optional>

#include <boost/json.hpp>

#include "base/bytes.h"
#include "epcis/gs1_keys.h"
#include "registry/owners.h"
#include "repo/registry_store.h"
#include "server/problem.h"
#include "server/scope_check.h"

namespace orelog::server {
namespace json = boost::json;
namespace {

Response Json(int status, const json::value& body) { return JsonAnswer(status, json::serialize(body)); }

Response ChangeResponse(int status, const Result<repo::RegistryChange>& change) {
  if (!change.ok()) return ProblemResponse(change.status());
  json::array commitments;
  for (const std::string& c : change->commitments) commitments.emplace_back(c);
  json::object o{{"index", change->index}, {"commitments", std::move(commitments)}};
  if (!change->key_id.empty()) o["keyId"] = change->key_id;
  return Json(status, o);
}

// The string member `name` of a JSON object body ("" if absent and optional).
Result<std::string> BodyString(const json::object& body, std::string_view name, bool required) {
  const json::value* v = body.if_contains(name);
  if (v == nullptr) {
    if (required) return Status::Invalid("the body needs a string member " + std::string(name));
    return std::string();
  }
  if (!v->is_string()) return Status::Invalid("member " + std::string(name) + " must be a string");
  return std::string(v->get_string());
}

Result<json::object> BodyObject(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Status::Invalid("the body must be a JSON object");
  return std::move(v.get_object());
}

Result<ed25519::PublicKey> PublicKeyOf(std::string_view b64url) {
  ORELOG_ASSIGN_OR_RETURN(Bytes raw, Base64UrlDecode(b64url));
  if (raw.size() != ed25519::PublicKey().size()) return Status::Invalid("publicKey must be 32 bytes, base64url");
  ed25519::PublicKey key;
  std::copy(raw.begin(), raw.end(), key.begin());
  return key;
}

Response NotAllowed(std::string_view allow) { return NotAllowedHere(allow); }

Response Owners(const RegistryServices& s, const std::string& id) {
  auto participant = repo::GetParticipant(s.dir, id);
  if (!participant.ok()) return ProblemResponse(participant.status());
  auto stored = repo::OwnerDisclosures(s.dir, id);
  if (!stored.ok()) return ProblemResponse(stored.status());
  json::array owners;
  for (const repo::StoredDisclosure& d : *stored) {
    json::object o{{"commitment", d.commitment}, {"index", d.index}};
    if (d.disclosure) {
      o["disclosure"] = *d.disclosure;
      auto owner = registry::VerifyOwnerDisclosure(*d.disclosure, d.commitment);
      if (!owner.ok()) return ProblemResponse(Status::Corruption("stored disclosure of " + d.commitment + ": " +
                                                                 owner.status().message()));
      o["owner"] = json::object{{"name", owner->name}, {"nationality", owner->nationality},
                                {"level", owner->level}, {"control", owner->control}};
    } else {
      o["erased"] = json::object{{"at", d.erased_at}, {"by", d.erased_by}, {"reason", d.reason}};
    }
    owners.push_back(std::move(o));
  }
  return Json(200, json::object{{"participant", id}, {"owners", std::move(owners)}});
}

}  // namespace

bool IsRegistryPath(std::string_view path) { return path == "/participants" || path.starts_with("/participants/"); }

Routed HandleRegistry(const Request& r, const repo::TokenGrant& caller, const RegistryServices& s, std::string& route) {
  std::string_view path = r.Path();
  const std::filesystem::path dir = s.dir;
  Ledger* ledger = s.ledger;
  const std::string admin = caller.party;

  if (path == "/participants") {
    if (r.method == "GET") {
      route = "participants";
      auto reg = repo::LoadRegistry(dir);
      if (!reg.ok()) return ProblemResponse(reg.status());
      json::array list;
      for (const registry::Participant* p : reg->Participants()) list.push_back(repo::ParticipantJson(*reg, *p));
      return Json(200, json::object{{"participants", std::move(list)}});
    }
    if (r.method != "POST") return NotAllowed("GET, POST");
    route = "participant_change";
    if (auto denied = MissingScope(caller, repo::Scope::kAdmin, "registering a participant")) return std::move(*denied);
    if (ledger == nullptr) return NotAllowed("GET");
    auto input = repo::ParseParticipantInput(r.body);
    if (!input.ok()) return ProblemResponse(input.status());
    return Deferred([ledger, dir, admin, in = *input](repo::EventReader&) {
      return ChangeResponse(201, repo::RegisterParticipant(*ledger, dir, in, admin));
    });
  }

  // /participants/{id}[/deregister | /owners | /owners/{c}/erase | /keys | /keys/{k}/revoke]
  std::string_view rest = path.substr(std::string_view("/participants/").size());
  const size_t slash = rest.find('/');
  auto id_text = epcis::PercentDecode(rest.substr(0, slash));
  if (!id_text.ok() || id_text->empty()) return HttpProblemResponse(400, "bad participant ID in the path");
  const std::string id = *id_text;
  const std::string_view tail = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);

  if (tail.empty()) {
    if (r.method == "GET") {
      route = "participant";
      auto reg = repo::LoadRegistry(dir);
      if (!reg.ok()) return ProblemResponse(reg.status());
      const registry::Participant* p = reg->FindParticipant(id);
      if (p == nullptr) return HttpProblemResponse(404, "no participant " + id);
      return Json(200, repo::ParticipantJson(*reg, *p));
    }
    if (r.method != "POST") return NotAllowed("GET, POST");
    route = "participant_change";
    if (auto denied = MissingScope(caller, repo::Scope::kAdmin, "updating a participant")) return std::move(*denied);
    if (ledger == nullptr) return NotAllowed("GET");
    auto input = repo::ParseParticipantInput(r.body);
    if (!input.ok()) return ProblemResponse(input.status());
    if (input->participant != id) return HttpProblemResponse(400, "the body's participant is not the one in the path");
    return Deferred([ledger, dir, admin, in = *input](repo::EventReader&) {
      return ChangeResponse(200, repo::UpdateParticipant(*ledger, dir, in, admin));
    });
  }
  if (tail == "/owners") {
    route = "participant_owners";
    if (r.method != "GET") return NotAllowed("GET");
    if (auto denied = MissingScope(caller, repo::Scope::kAudit, "beneficial owners' personal data")) return std::move(*denied);
    return Owners(s, id);
  }

  // Everything else changes the registry.
  if (r.method != "POST") return NotAllowed("POST");
  route = "participant_change";
  if (auto denied = MissingScope(caller, repo::Scope::kAdmin, "changing the registry")) return std::move(*denied);
  if (ledger == nullptr) return HttpProblemResponse(405, "this server is read-only");
  auto body = r.body.empty() ? Result<json::object>(json::object{}) : BodyObject(r.body);
  if (!body.ok()) return ProblemResponse(body.status());

  if (tail == "/deregister") {
    return Deferred([ledger, dir, admin, id](repo::EventReader&) {
      return ChangeResponse(200, repo::DeregisterParticipant(*ledger, dir, id, admin));
    });
  }
  if (tail == "/keys") {
    auto key_text = BodyString(*body, "publicKey", true);
    if (!key_text.ok()) return ProblemResponse(key_text.status());
    auto key = PublicKeyOf(*key_text);
    if (!key.ok()) return ProblemResponse(key.status());
    auto replaces = BodyString(*body, "replaces", false);
    if (!replaces.ok()) return ProblemResponse(replaces.status());
    return Deferred([ledger, dir, admin, id, k = *key, old = *replaces](repo::EventReader&) {
      return ChangeResponse(201, old.empty() ? repo::AddKey(*ledger, dir, id, k, admin)
                                             : repo::RotateKey(*ledger, dir, id, old, k, admin));
    });
  }
  constexpr std::string_view kKeys = "/keys/", kOwners = "/owners/";
  if (tail.starts_with(kKeys) && tail.ends_with("/revoke")) {
    auto key_id = epcis::PercentDecode(tail.substr(kKeys.size(), tail.size() - kKeys.size() - 7));
    if (!key_id.ok() || key_id->empty()) return HttpProblemResponse(400, "bad key ID in the path");
    auto reason = BodyString(*body, "reason", true);
    if (!reason.ok()) return ProblemResponse(reason.status());
    return Deferred([ledger, dir, admin, id, k = *key_id, why = *reason](repo::EventReader&) {
      return ChangeResponse(200, repo::RevokeKey(*ledger, dir, id, k, why, admin));
    });
  }
  if (tail.starts_with(kOwners) && tail.ends_with("/erase")) {
    auto commitment = epcis::PercentDecode(tail.substr(kOwners.size(), tail.size() - kOwners.size() - 6));
    if (!commitment.ok() || commitment->empty()) return HttpProblemResponse(400, "bad commitment in the path");
    auto reason = BodyString(*body, "reason", true);
    if (!reason.ok()) return ProblemResponse(reason.status());
    return Deferred([dir, admin, id, c = *commitment, why = *reason](repo::EventReader&) {
      Status st = repo::EraseOwner(dir, id, c, admin, why);
      if (!st.ok()) return ProblemResponse(st);
      return Json(200, json::object{{"participant", id}, {"commitment", c}, {"erased", true}});
    });
  }
  route = "other";
  return HttpProblemResponse(404, "no such resource");
}

}  // namespace orelog::server
