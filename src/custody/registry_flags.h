// Red flags that need the participants registry (docs/participants.md §5,
// docs/custody.md "Red flags"): about the parties that custody events name
// as owning or possessing party (their source and destination lists).
//
//   unregistered_party (2)  named, but not registered, or deregistered;
//   revoked_key (3)         registered, keys revoked and none active;
//   undisclosed_owners (2)  registered without declared beneficial owners;
//   pep_owner (2)           a declared beneficial owner is a politically
//                           exposed person.
//
// A ledger whose registry holds no participant keeps no registry: no flags.
// Subject: the party. Evidence: the first kMaxPartyEvidence events naming
// it, in log order (the message gives the total); lots: every lot those
// events name. Pure.
#pragma once

#include <vector>

#include "custody/book.h"
#include "custody/flags.h"
#include "registry/registry.h"

namespace orelog::custody {

inline constexpr size_t kMaxPartyEvidence = 20;

std::vector<Flag> RegistryFlags(const Book& book, const registry::Registry& registry);

}  // namespace orelog::custody
