// The current participants registry: the fold, in log order, of the log's
// `participant` and `key` entries (docs/participants.md §1). Anyone holding
// the log can recompute it; the repository's registry tables are a cache of
// it (repo/registry_store.h).
//
// Pure; not thread-safe (callers that share one guard it). Apply has the
// strong guarantee: a refused entry changes nothing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "orelog/status.h"
#include "registry/types.h"

namespace orelog::registry {

class Registry {
 public:
  // Folds one entry at log index `index` (indices strictly increasing).
  // `type` is the leaf's entry type; `payload` its payload. Refusals:
  //   InvalidArgument     the payload breaks the format (registry/entries.h),
  //                       `type` is not participant/key, or `index` does not
  //                       follow the last applied one;
  //   AlreadyExists       register of an ID ever registered; add/rotate of a
  //                       key ID that exists (for any participant);
  //   NotFound            update/deregister/key entry for an unregistered ID;
  //   FailedPrecondition  update/deregister/add/rotate for a deregistered
  //                       participant; revoke/rotate of a key that is not
  //                       this participant's active key.
  Status Apply(uint64_t index, std::string_view type, const boost::json::object& payload);
  Status ApplyParticipant(uint64_t index, const ParticipantEntry& entry);
  Status ApplyKey(uint64_t index, const KeyEntry& entry);

  // Lookups; nullptr if unknown. Pointers stay valid until the next Apply.
  const Participant* FindParticipant(std::string_view id) const;
  const Key* FindKey(std::string_view key_id) const;

  // Whether key `key_id` was active for the entry at log index `index`: its
  // add/rotate entry precedes `index`, and no revoke/rotate of it and no
  // deregistration of its participant does.
  // Only what was applied so far counts.
  bool KeyActiveAt(std::string_view key_id, uint64_t index) const;

  // Every participant (including deregistered ones), ascending by ID.
  std::vector<const Participant*> Participants() const;
  // The keys of `participant` in the order they were added.
  std::vector<const Key*> KeysOf(std::string_view participant) const;
  // Log index of the last applied entry, if any.
  std::optional<uint64_t> last_index() const { return last_index_; }

  bool operator==(const Registry&) const = default;

 private:
  Status CheckIndex(uint64_t index) const;

  std::map<std::string, Participant, std::less<>> participants_;
  std::map<std::string, Key, std::less<>> keys_;
  std::optional<uint64_t> last_index_;
};

}  // namespace orelog::registry
