// Fuzzes the registry entry payloads (registry/entries.h) and the fold
// (registry/registry.h) on arbitrary JSON text.
//
// Invariants checked (abort on violation):
//  * nothing crashes or throws, whatever the input;
//  * a payload that decodes re-encodes to an entry that decodes equal;
//  * Registry::Apply leaves the state unchanged when it refuses.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "epcis/canonical_json.h"
#include "epcis/leaf.h"
#include "registry/entries.h"
#include "registry/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace orelog::registry;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = orelog::epcis::ParseJson(text);
  if (!v.ok() || !v->is_object()) return 0;
  const boost::json::object& o = v->get_object();
  if (auto p = DecodeParticipantEntry(o); p.ok()) {
    auto again = EncodeParticipantEntry(*p);
    auto back = again.ok() ? DecodeParticipantEntry(*again) : again.status();
    if (!back.ok() || *back != *p) std::abort();
  }
  if (auto k = DecodeKeyEntry(o); k.ok()) {
    auto again = EncodeKeyEntry(*k);
    auto back = again.ok() ? DecodeKeyEntry(*again) : again.status();
    if (!back.ok() || *back != *k) std::abort();
  }
  // A registry where the payload's participant may already exist.
  Registry reg;
  if (const auto* id = o.if_contains("participant"); id != nullptr && id->is_string()) {
    ParticipantEntry seed;
    seed.participant = std::string(id->get_string());
    seed.name = "seed";
    seed.country = "PK";
    seed.roles = {"miner"};
    (void)reg.ApplyParticipant(0, seed);
  }
  for (std::string_view type : {orelog::epcis::kEntryTypeParticipant, orelog::epcis::kEntryTypeKey}) {
    const Registry before = reg;
    if (!reg.Apply(1, type, o).ok() && !(reg == before)) std::abort();
    reg = before;
  }
  return 0;
}
