#include "registry/registry.h"

#include <algorithm>

#include "epcis/leaf.h"
#include "registry/entries.h"

namespace orelog::registry {

Status Registry::CheckIndex(uint64_t index) const {
  if (last_index_ && index <= *last_index_) {
    return Status::Invalid("registry entries must be applied in log order: index " + std::to_string(index) +
                           " after " + std::to_string(*last_index_));
  }
  return Status::Ok();
}

Status Registry::Apply(uint64_t index, std::string_view type, const boost::json::object& payload) {
  if (type == epcis::kEntryTypeParticipant) {
    ORELOG_ASSIGN_OR_RETURN(ParticipantEntry e, DecodeParticipantEntry(payload));
    return ApplyParticipant(index, e);
  }
  if (type == epcis::kEntryTypeKey) {
    ORELOG_ASSIGN_OR_RETURN(KeyEntry e, DecodeKeyEntry(payload));
    return ApplyKey(index, e);
  }
  return Status::Invalid("\"" + std::string(type) + "\" is not a registry entry type");
}

Status Registry::ApplyParticipant(uint64_t index, const ParticipantEntry& e) {
  ORELOG_RETURN_IF_ERROR(CheckIndex(index));
  auto it = participants_.find(e.participant);
  if (e.action == ParticipantAction::kRegister) {
    if (it != participants_.end()) {
      return Status::Exists("participant " + e.participant + " was registered before (log index " +
                            std::to_string(it->second.registered_at) + ")");
    }
  } else {
    if (it == participants_.end()) return Status::NotFound("participant " + e.participant + " is not registered");
    if (it->second.deregistered) return Status::Precondition("participant " + e.participant + " is deregistered");
  }
  // Every check passed: mutate.
  last_index_ = index;
  if (e.action == ParticipantAction::kDeregister) {
    it->second.deregistered = true;
    it->second.updated_at = index;
    return Status::Ok();
  }
  Participant& p = participants_[e.participant];
  if (e.action == ParticipantAction::kRegister) {
    p.id = e.participant;
    p.registered_at = index;
  }
  p.name = e.name;
  p.country = e.country;
  p.roles = e.roles;
  p.identifiers = e.identifiers;
  p.beneficial_owners = e.beneficial_owners;
  p.updated_at = index;
  return Status::Ok();
}

Status Registry::ApplyKey(uint64_t index, const KeyEntry& e) {
  ORELOG_RETURN_IF_ERROR(CheckIndex(index));
  auto p = participants_.find(e.participant);
  if (p == participants_.end()) return Status::NotFound("participant " + e.participant + " is not registered");
  // The key this entry revokes (revoke: keyId; rotate: replaces), if any.
  const std::string& revoked = e.action == KeyAction::kRevoke ? e.key_id : e.replaces;
  if (e.action != KeyAction::kRevoke) {
    if (p->second.deregistered) return Status::Precondition("participant " + e.participant + " is deregistered");
    if (keys_.contains(e.key_id)) return Status::Exists("key " + e.key_id + " exists");
  }
  if (!revoked.empty()) {
    auto k = keys_.find(revoked);
    if (k == keys_.end() || k->second.participant != e.participant || k->second.state != KeyState::kActive) {
      return Status::Precondition("key " + revoked + " is not an active key of " + e.participant);
    }
  }
  // Every check passed: mutate.
  last_index_ = index;
  if (!revoked.empty()) {
    Key& old = keys_.at(revoked);
    old.state = KeyState::kRevoked;
    old.revoked_at = index;
    if (e.action == KeyAction::kRotate) old.replaced_by = e.key_id;
    if (e.action == KeyAction::kRevoke) old.revoke_reason = e.reason;
  }
  if (e.action != KeyAction::kRevoke) {
    Key k;
    k.id = e.key_id;
    k.participant = e.participant;
    k.public_key = e.public_key;
    k.added_at = index;
    keys_.emplace(e.key_id, std::move(k));
  }
  return Status::Ok();
}

const Participant* Registry::FindParticipant(std::string_view id) const {
  auto it = participants_.find(id);
  return it == participants_.end() ? nullptr : &it->second;
}

const Key* Registry::FindKey(std::string_view key_id) const {
  auto it = keys_.find(key_id);
  return it == keys_.end() ? nullptr : &it->second;
}

bool Registry::KeyActiveAt(std::string_view key_id, uint64_t index) const {
  const Key* k = FindKey(key_id);
  if (k == nullptr || k->added_at >= index) return false;
  if (k->revoked_at && *k->revoked_at < index) return false;
  // Deregistration ends every key of the participant (its entry is the
  // participant's last, so updated_at is when it happened).
  const Participant* owner = FindParticipant(k->participant);
  return owner == nullptr || !owner->deregistered || owner->updated_at >= index;
}

std::vector<const Participant*> Registry::Participants() const {
  std::vector<const Participant*> out;
  out.reserve(participants_.size());
  for (const auto& [id, p] : participants_) out.push_back(&p);
  return out;
}

std::vector<const Key*> Registry::KeysOf(std::string_view participant) const {
  std::vector<const Key*> out;
  for (const auto& [id, k] : keys_) {
    if (k.participant == participant) out.push_back(&k);
  }
  std::sort(out.begin(), out.end(), [](const Key* a, const Key* b) { return a->added_at < b->added_at; });
  return out;
}

}  // namespace orelog::registry
