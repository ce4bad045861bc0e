// Registry entry payloads (docs/participants.md §1). The member names and
// value rules below are written to the log and must not change.
#include "registry/entries.h"

#include <algorithm>
#include <initializer_list>

#include <boost/json.hpp>

#include "base/bytes.h"
#include "base/sha256.h"
#include "epcis/gs1_keys.h"
#include "epcis/member_reader.h"

namespace orelog::registry {
namespace {

namespace json = boost::json;

constexpr std::string_view kPglnPrefix = "urn:epc:id:pgln:";
constexpr std::string_view kHttpsPrefix = "https://";

Status Invalid(std::string_view member, std::string_view what) { return epcis::MemberError(member, what); }

Status CheckText(std::string_view member, std::string_view s, bool allow_empty) {
  if ((!allow_empty && s.empty()) || s.size() > kMaxTextBytes) {
    return Invalid(member, allow_empty ? "must have at most 256 bytes" : "must have 1 to 256 bytes");
  }
  return Status::Ok();
}

template <typename T, typename Less>
bool StrictlyAscending(const std::vector<T>& v, Less less) {
  for (size_t i = 1; i < v.size(); ++i) {
    if (!less(v[i - 1], v[i])) return false;
  }
  return true;
}

bool IsCommitment(std::string_view s) {
  if (s.size() != 43) return false;
  auto bytes = Base64UrlDecode(s);
  return bytes.ok() && bytes->size() == 32;
}

Status CheckParticipant(const ParticipantEntry& e) {
  Status id = CheckParticipantId(e.participant);
  if (!id.ok()) return Status::Invalid("\"participant\": " + id.message());
  if (e.action == ParticipantAction::kDeregister) {
    // Deregistration carries no data; a struct with some is a caller's mistake.
    if (!e.name.empty() || !e.country.empty() || !e.roles.empty() || !e.identifiers.empty() ||
        e.beneficial_owners != BeneficialOwners{}) {
      return Status::Invalid("a deregister entry holds only \"participant\" and \"action\"");
    }
    return Status::Ok();
  }
  ORELOG_RETURN_IF_ERROR(CheckText("name", e.name, false));
  if (!IsCountryCode(e.country)) return Invalid("country", "must be an ISO 3166-1 alpha-2 code in upper case");
  if (e.roles.empty()) return Invalid("roles", "must not be empty");
  for (const std::string& r : e.roles) {
    if (std::find(kRoles.begin(), kRoles.end(), r) == kRoles.end()) {
      return Invalid("roles", "holds unknown role \"" + r + "\"");
    }
  }
  if (!StrictlyAscending(e.roles, std::less<>())) return Invalid("roles", "must be strictly ascending");
  for (const std::string& i : e.identifiers) {
    Status st = CheckParticipantId(i);
    if (!st.ok()) return Status::Invalid("\"identifiers\": " + st.message());
  }
  if (!StrictlyAscending(e.identifiers, std::less<>())) return Invalid("identifiers", "must be strictly ascending");
  const BeneficialOwners& bo = e.beneficial_owners;
  if (!bo.declared && !bo.owners.empty()) {
    return Invalid("beneficialOwners.owners", "must be empty unless \"declared\" is true");
  }
  for (const OwnerCommitment& o : bo.owners) {
    if (!IsCommitment(o.commitment)) {
      return Invalid("beneficialOwners.owners", "holds a commitment that is not 43 base64url characters of a SHA-256 hash");
    }
  }
  if (!StrictlyAscending(bo.owners, [](const OwnerCommitment& a, const OwnerCommitment& b) {
        return a.commitment < b.commitment;
      })) {
    return Invalid("beneficialOwners.owners", "must be strictly ascending by commitment");
  }
  return Status::Ok();
}

bool IsKeyId(std::string_view s) {
  if (s.size() != 19 || !s.starts_with("k1:")) return false;
  return std::all_of(s.begin() + 3, s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Status CheckKey(const KeyEntry& e) {
  Status id = CheckParticipantId(e.participant);
  if (!id.ok()) return Status::Invalid("\"participant\": " + id.message());
  if (!IsKeyId(e.key_id)) return Invalid("keyId", "must be \"k1:\" and 16 lowercase hex digits");
  if (e.action == KeyAction::kRevoke) {
    if (e.public_key != ed25519::PublicKey{} || !e.replaces.empty()) {
      return Status::Invalid("a revoke entry holds only \"participant\", \"action\", \"keyId\" and \"reason\"");
    }
    return CheckText("reason", e.reason, true);
  }
  if (e.key_id != KeyIdOf(e.public_key)) return Invalid("keyId", "is not the ID of \"publicKey\"");
  if (!e.reason.empty()) return Invalid("reason", "belongs to revoke entries only");
  if (e.action == KeyAction::kAdd) {
    if (!e.replaces.empty()) return Invalid("replaces", "belongs to rotate entries only");
    return Status::Ok();
  }
  if (!IsKeyId(e.replaces)) return Invalid("replaces", "must be \"k1:\" and 16 lowercase hex digits");
  if (e.replaces == e.key_id) return Invalid("replaces", "must name another key");
  return Status::Ok();
}

using Reader = epcis::MemberReader;

Result<BeneficialOwners> ReadOwners(const json::object& o) {
  Reader r(o, "beneficialOwners.");
  BeneficialOwners bo;
  ORELOG_ASSIGN_OR_RETURN(bo.declared, r.Bool("declared"));
  ORELOG_ASSIGN_OR_RETURN(const json::array* owners, r.Array("owners"));
  for (const json::value& v : *owners) {
    if (!v.is_object()) return Invalid("beneficialOwners.owners", "must hold objects");
    Reader ro(v.get_object(), "beneficialOwners.owners[].");
    OwnerCommitment c;
    ORELOG_ASSIGN_OR_RETURN(c.commitment, ro.String("commitment"));
    ORELOG_ASSIGN_OR_RETURN(c.pep, ro.Bool("pep"));
    ORELOG_RETURN_IF_ERROR(ro.Finish());
    bo.owners.push_back(std::move(c));
  }
  ORELOG_RETURN_IF_ERROR(r.Finish());
  return bo;
}

json::array StringArray(const std::vector<std::string>& v) {
  json::array a;
  for (const std::string& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

Status CheckParticipantId(std::string_view id) {
  if (id.empty() || id.size() > kMaxTextBytes) return Status::Invalid("a participant ID has 1 to 256 bytes");
  if (id.starts_with(kPglnPrefix)) {
    auto link = epcis::EpcUrnToDigitalLink(id);
    if (!link.ok()) return Status::Invalid("\"" + std::string(id) + "\" is not a valid PGLN: " + link.status().message());
    return Status::Ok();
  }
  if (!id.starts_with(kHttpsPrefix)) {
    return Status::Invalid("\"" + std::string(id) + "\" is neither a PGLN (urn:epc:id:pgln:) nor an https:// URL");
  }
  const std::string_view rest = id.substr(kHttpsPrefix.size());
  const size_t host_end = std::min(rest.find_first_of("/?#"), rest.size());
  if (host_end == 0) return Status::Invalid("\"" + std::string(id) + "\" has no host");
  for (unsigned char c : id) {
    if (c <= 0x20 || c == 0x7f) return Status::Invalid("\"" + std::string(id) + "\" holds whitespace or control characters");
  }
  if (epcis::LooksLikeDigitalLink(id)) {
    auto norm = epcis::NormalizeDigitalLink(id);
    if (!norm.ok()) return Status::Invalid("\"" + std::string(id) + "\": " + norm.status().message());
  }
  return Status::Ok();
}

bool IsCountryCode(std::string_view s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

std::string KeyIdOf(const ed25519::PublicKey& key) {
  Sha256 sha;
  Hash h = sha.Digest(ByteView(key));
  return "k1:" + HexEncode(ByteView(h).first(8));
}

std::string_view ActionName(ParticipantAction a) {
  switch (a) {
    case ParticipantAction::kRegister: return "register";
    case ParticipantAction::kUpdate: return "update";
    case ParticipantAction::kDeregister: return "deregister";
  }
  return "";
}

std::string_view ActionName(KeyAction a) {
  switch (a) {
    case KeyAction::kAdd: return "add";
    case KeyAction::kRotate: return "rotate";
    case KeyAction::kRevoke: return "revoke";
  }
  return "";
}

Result<json::object> EncodeParticipantEntry(const ParticipantEntry& e) {
  ORELOG_RETURN_IF_ERROR(CheckParticipant(e));
  json::object o;
  o["participant"] = e.participant;
  o["action"] = ActionName(e.action);
  if (e.action == ParticipantAction::kDeregister) return o;
  o["name"] = e.name;
  o["country"] = e.country;
  o["roles"] = StringArray(e.roles);
  o["identifiers"] = StringArray(e.identifiers);
  json::object bo;
  bo["declared"] = e.beneficial_owners.declared;
  json::array owners;
  for (const OwnerCommitment& c : e.beneficial_owners.owners) {
    owners.emplace_back(json::object{{"commitment", c.commitment}, {"pep", c.pep}});
  }
  bo["owners"] = std::move(owners);
  o["beneficialOwners"] = std::move(bo);
  return o;
}

Result<ParticipantEntry> DecodeParticipantEntry(const json::object& payload) {
  Reader r(payload);
  ParticipantEntry e;
  ORELOG_ASSIGN_OR_RETURN(e.participant, r.String("participant"));
  ORELOG_ASSIGN_OR_RETURN(std::string action, r.String("action"));
  if (action == "register") {
    e.action = ParticipantAction::kRegister;
  } else if (action == "update") {
    e.action = ParticipantAction::kUpdate;
  } else if (action == "deregister") {
    e.action = ParticipantAction::kDeregister;
  } else {
    return Invalid("action", "must be register, update or deregister");
  }
  if (e.action != ParticipantAction::kDeregister) {
    ORELOG_ASSIGN_OR_RETURN(e.name, r.String("name"));
    ORELOG_ASSIGN_OR_RETURN(e.country, r.String("country"));
    ORELOG_ASSIGN_OR_RETURN(e.roles, r.Strings("roles"));
    ORELOG_ASSIGN_OR_RETURN(e.identifiers, r.Strings("identifiers"));
    ORELOG_ASSIGN_OR_RETURN(const json::object* bo, r.Object("beneficialOwners"));
    ORELOG_ASSIGN_OR_RETURN(e.beneficial_owners, ReadOwners(*bo));
  }
  ORELOG_RETURN_IF_ERROR(r.Finish());
  ORELOG_RETURN_IF_ERROR(CheckParticipant(e));
  return e;
}

Result<json::object> EncodeKeyEntry(const KeyEntry& e) {
  ORELOG_RETURN_IF_ERROR(CheckKey(e));
  json::object o;
  o["participant"] = e.participant;
  o["action"] = ActionName(e.action);
  o["keyId"] = e.key_id;
  if (e.action == KeyAction::kRevoke) {
    o["reason"] = e.reason;
    return o;
  }
  o["algorithm"] = kAlgorithmEd25519;
  o["publicKey"] = Base64UrlEncode(ByteView(e.public_key));
  if (e.action == KeyAction::kRotate) o["replaces"] = e.replaces;
  return o;
}

Result<KeyEntry> DecodeKeyEntry(const json::object& payload) {
  Reader r(payload);
  KeyEntry e;
  ORELOG_ASSIGN_OR_RETURN(e.participant, r.String("participant"));
  ORELOG_ASSIGN_OR_RETURN(std::string action, r.String("action"));
  if (action == "add") {
    e.action = KeyAction::kAdd;
  } else if (action == "rotate") {
    e.action = KeyAction::kRotate;
  } else if (action == "revoke") {
    e.action = KeyAction::kRevoke;
  } else {
    return Invalid("action", "must be add, rotate or revoke");
  }
  ORELOG_ASSIGN_OR_RETURN(e.key_id, r.String("keyId"));
  if (e.action == KeyAction::kRevoke) {
    ORELOG_ASSIGN_OR_RETURN(e.reason, r.String("reason"));
  } else {
    ORELOG_ASSIGN_OR_RETURN(std::string algorithm, r.String("algorithm"));
    if (algorithm != kAlgorithmEd25519) return Invalid("algorithm", "must be \"ed25519\"");
    ORELOG_ASSIGN_OR_RETURN(std::string text, r.String("publicKey"));
    auto bytes = Base64UrlDecode(text);
    if (!bytes.ok() || bytes->size() != e.public_key.size()) {
      return Invalid("publicKey", "must be base64url (no padding) of 32 bytes");
    }
    std::copy(bytes->begin(), bytes->end(), e.public_key.begin());
    if (e.action == KeyAction::kRotate) {
      ORELOG_ASSIGN_OR_RETURN(e.replaces, r.String("replaces"));
    }
  }
  ORELOG_RETURN_IF_ERROR(r.Finish());
  ORELOG_RETURN_IF_ERROR(CheckKey(e));
  return e;
}

}  // namespace orelog::registry
