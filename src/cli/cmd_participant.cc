// participant register|update|deregister|key add|key rotate|key revoke|
// erase-owner|list|show|owners|audit (docs/cli.md "participant").
#include <fstream>
#include <iterator>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "base/bytes.h"
#include "cli/commands.h"
#include "cli/json_text.h"
#include "orelog/ledger.h"
#include "registry/owners.h"
#include "repo/registry_store.h"
#include "repo/schema.h"

namespace orelog::cli {
namespace {

namespace json = boost::json;

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IOError("cannot read " + path);
  return text;
}

Result<ed25519::PublicKey> ParsePublicKey(const std::string& text) {
  auto bytes = Base64UrlDecode(text);
  ed25519::PublicKey key{};
  if (!bytes.ok() || bytes->size() != key.size()) {
    return Status::Invalid("--public-key must be base64url (no padding) of a 32-byte Ed25519 public key");
  }
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}

// Runs one change with the ledger open for writing, then publishes a
// checkpoint that covers it.
Result<repo::RegistryChange> WithLedger(const Common& c,
                                        const std::function<Result<repo::RegistryChange>(Ledger&)>& change) {
  ORELOG_RETURN_IF_ERROR(repo::EnsureRepoSchema(c.dir));
  ORELOG_ASSIGN_OR_RETURN(std::unique_ptr<Ledger> ledger, Ledger::Open(c.dir));
  ORELOG_ASSIGN_OR_RETURN(repo::RegistryChange out, change(*ledger));
  ORELOG_RETURN_IF_ERROR(ledger->Publish().status());
  return out;
}

int PrintChange(const Common& c, const std::string& what, const repo::RegistryChange& ch) {
  if (c.json) {
    json::object o;
    o["index"] = ch.index;
    if (!ch.key_id.empty()) o["keyId"] = ch.key_id;
    json::array commitments;
    for (const std::string& s : ch.commitments) commitments.emplace_back(s);
    o["commitments"] = std::move(commitments);
    fmt::print("{}\n", json::serialize(o));
    return kExitOk;
  }
  fmt::print("{} at log index {}", what, ch.index);
  if (!ch.key_id.empty()) fmt::print(" (key {})", ch.key_id);
  if (!ch.commitments.empty()) fmt::print(" ({} beneficial-owner commitment(s))", ch.commitments.size());
  fmt::print("\n");
  return kExitOk;
}

int List(const Common& c) {
  auto reg = repo::LoadRegistry(c.dir);
  if (!reg.ok()) return Fail("participant list", reg.status());
  json::array all;
  for (const registry::Participant* p : reg->Participants()) {
    if (c.json) {
      all.push_back(repo::ParticipantJson(*reg, *p));
      continue;
    }
    size_t active = 0;
    for (const registry::Key* k : reg->KeysOf(p->id)) active += k->state == registry::KeyState::kActive;
    std::string roles;
    for (const std::string& r : p->roles) roles += (roles.empty() ? "" : ",") + r;
    fmt::print("{}\t{}\t{}\t{}\t{} active key(s){}\n", p->id, p->name, p->country, roles, active,
               p->deregistered ? "\tDEREGISTERED" : "");
  }
  if (c.json) fmt::print("{}\n", json::serialize(all));
  return kExitOk;
}

int Show(const Common& c, const std::string& id) {
  auto reg = repo::LoadRegistry(c.dir);
  if (!reg.ok()) return Fail("participant show", reg.status());
  const registry::Participant* p = reg->FindParticipant(id);
  if (p == nullptr) return Fail("participant show", Status::NotFound("participant " + id + " is not registered"));
  fmt::print("{}\n", json::serialize(repo::ParticipantJson(*reg, *p)));
  return kExitOk;
}

// The stored disclosures, decoded: personal data, for auditors only.
int Owners(const Common& c, const std::string& id) {
  auto stored = repo::OwnerDisclosures(c.dir, id);
  if (!stored.ok()) return Fail("participant owners", stored.status());
  json::array out;
  for (const repo::StoredDisclosure& d : *stored) {
    json::object o;
    o["commitment"] = d.commitment;
    o["index"] = d.index;
    if (d.disclosure) {
      auto owner = registry::VerifyOwnerDisclosure(*d.disclosure, d.commitment);
      if (!owner.ok()) return Fail("participant owners", owner.status());
      o["disclosure"] = *d.disclosure;
      o["owner"] = json::object{{"name", owner->name}, {"nationality", owner->nationality},
                                {"level", owner->level}, {"control", owner->control}};
    } else {
      o["erased"] = json::object{{"at", d.erased_at}, {"by", d.erased_by}, {"reason", d.reason}};
    }
    out.push_back(std::move(o));
  }
  fmt::print("{}\n", json::serialize(out));
  return kExitOk;
}

int Audit(const Common& c) {
  auto diff = repo::AuditRegistry(c.dir);
  if (!diff.ok()) return Fail("participant audit", diff.status());
  if (c.json) {
    fmt::print("{{\"agree\": {}, \"difference\": {}}}\n", diff->empty() ? "true" : "false", JsonString(*diff));
  } else if (diff->empty()) {
    fmt::print("registry tables agree with the registry entries of the log\n");
  } else {
    fmt::print("registry tables DIFFER from the log: {}\n", *diff);
  }
  return diff->empty() ? kExitOk : kExitVerifyFailed;
}

}  // namespace

int Participant(const Common& c, const ParticipantArgs& a) {
  const std::string command = "participant " + a.action;
  if (a.action == "list") return List(c);
  if (a.action == "show") return Show(c, a.id);
  if (a.action == "owners") return Owners(c, a.id);
  if (a.action == "audit") return Audit(c);
  if (a.action == "erase-owner") {
    Status st = repo::EraseOwner(c.dir, a.id, a.commitment, a.admin, a.reason);
    if (!st.ok()) return Fail(command, st);
    if (c.json) {
      fmt::print("{{\"erased\": {}}}\n", JsonString(a.commitment));
    } else {
      fmt::print("erased the stored disclosure of {}; its commitment stays in the log\n", a.commitment);
    }
    return kExitOk;
  }
  Result<repo::RegistryChange> change = Status::Invalid("unknown participant command " + a.action);
  if (a.action == "register" || a.action == "update") {
    auto text = ReadFile(a.file);
    if (!text.ok()) return Fail(command, text.status());
    auto input = repo::ParseParticipantInput(*text);
    if (!input.ok()) return Fail(command, input.status());
    change = WithLedger(c, [&](Ledger& l) {
      return a.action == "register" ? repo::RegisterParticipant(l, c.dir, *input, a.admin)
                                    : repo::UpdateParticipant(l, c.dir, *input, a.admin);
    });
  } else if (a.action == "deregister") {
    change = WithLedger(c, [&](Ledger& l) { return repo::DeregisterParticipant(l, c.dir, a.id, a.admin); });
  } else if (a.action == "key revoke") {
    change = WithLedger(c, [&](Ledger& l) { return repo::RevokeKey(l, c.dir, a.id, a.key_id, a.reason, a.admin); });
  } else if (a.action == "key add" || a.action == "key rotate") {
    auto key = ParsePublicKey(a.public_key);
    if (!key.ok()) return Fail(command, key.status());
    change = WithLedger(c, [&](Ledger& l) {
      return a.action == "key add" ? repo::AddKey(l, c.dir, a.id, *key, a.admin)
                                   : repo::RotateKey(l, c.dir, a.id, a.replaces, *key, a.admin);
    });
  }
  if (!change.ok()) return Fail(command, change.status());
  return PrintChange(c, a.action == "register" ? "registered" : a.action, *change);
}

}  // namespace orelog::cli
