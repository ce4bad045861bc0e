// Properties of the registry fold: it is a function of the entries (folding
// the same sequence twice gives the same state), refusals change nothing,
// and a revoked key never becomes active again.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "epcis/leaf.h"
#include "registry/entries.h"
#include "registry/registry.h"
#include "registry/testing_entries.h"

namespace orelog::registry {
namespace {

struct Step {
  uint64_t index;
  std::string type;
  boost::json::object payload;
};

const std::vector<std::string>& Ids() {
  static const std::vector<std::string> ids = {testing::kFwo, testing::kSmelter, "urn:epc:id:pgln:0614141.00002"};
  return ids;
}

// Random (mostly well-formed) registry entries over a few IDs and keys, so
// that valid and refused changes both occur often.
std::vector<Step> RandomSteps() {
  const int n = *rc::gen::inRange(0, 40);
  std::vector<Step> steps;
  uint64_t index = 0;
  for (int i = 0; i < n; ++i) {
    index += *rc::gen::inRange<uint64_t>(1, 4);
    const std::string id = *rc::gen::elementOf(Ids());
    const auto seed = *rc::gen::inRange<uint8_t>(0, 6);
    switch (*rc::gen::inRange(0, 6)) {
      case 0:
        steps.push_back({index, "participant", *EncodeParticipantEntry(testing::Register(id))});
        break;
      case 1: {
        ParticipantEntry e = testing::Register(id);
        e.action = ParticipantAction::kUpdate;
        e.name = "renamed " + std::to_string(i);
        steps.push_back({index, "participant", *EncodeParticipantEntry(e)});
        break;
      }
      case 2:
        steps.push_back({index, "participant", *EncodeParticipantEntry(testing::Deregister(id))});
        break;
      case 3:
        steps.push_back({index, "key", *EncodeKeyEntry(testing::AddKey(id, seed))});
        break;
      case 4: {
        const auto old = *rc::gen::inRange<uint8_t>(0, 6);
        if (old == seed) continue;
        steps.push_back({index, "key", *EncodeKeyEntry(testing::RotateKey(id, seed, old))});
        break;
      }
      default:
        steps.push_back({index, "key", *EncodeKeyEntry(testing::RevokeKey(id, seed))});
        break;
    }
  }
  return steps;
}

RC_GTEST_PROP(RegistryProperties, FoldIsDeterministicAndRefusalsChangeNothing, ()) {
  const std::vector<Step> steps = RandomSteps();
  Registry a, b;
  for (const Step& s : steps) {
    const Registry before = a;
    Status st = a.Apply(s.index, s.type, s.payload);
    if (!st.ok()) RC_ASSERT(a == before);
    RC_ASSERT(b.Apply(s.index, s.type, s.payload).code() == st.code());
  }
  RC_ASSERT(a == b);
}

RC_GTEST_PROP(RegistryProperties, RevokedKeysStayRevoked, ()) {
  const std::vector<Step> steps = RandomSteps();
  Registry r;
  std::map<std::string, uint64_t> revoked_at;  // first time each key was seen revoked
  for (const Step& s : steps) {
    (void)r.Apply(s.index, s.type, s.payload);
    for (uint8_t seed = 0; seed < 6; ++seed) {
      const std::string id = KeyIdOf(testing::TestKey(seed));
      const Key* k = r.FindKey(id);
      if (k == nullptr) {
        RC_ASSERT(!revoked_at.contains(id));
        continue;
      }
      if (revoked_at.contains(id)) {
        RC_ASSERT(k->state == KeyState::kRevoked);
        RC_ASSERT(k->revoked_at == revoked_at[id]);
        RC_ASSERT(!r.KeyActiveAt(id, s.index + 1));
      } else if (k->state == KeyState::kRevoked) {
        revoked_at[id] = *k->revoked_at;
      }
      // An active key belongs to a participant that was registered before it.
      const Participant* p = r.FindParticipant(k->participant);
      RC_ASSERT(p != nullptr && p->registered_at < k->added_at);
    }
  }
}

}  // namespace
}  // namespace orelog::registry
