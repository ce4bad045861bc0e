#include "custody/registry_flags.h"

#include <algorithm>
#include <map>
#include <set>

#include "custody/book_impl.h"

namespace orelog::custody {
namespace {

struct Named {
  std::vector<uint32_t> facts;  // log order
  std::set<std::string> lots;
};

Flag MakeFlag(const Book::Impl& b, std::string kind, int severity, const std::string& party, std::string message,
              const Named& named) {
  Flag f;
  f.id = kind + "/" + party;
  f.kind = std::move(kind);
  f.severity = severity;
  f.subject_type = "party";
  f.subject = party;
  f.message = std::move(message) + " (named in " + std::to_string(named.facts.size()) + " event" +
              (named.facts.size() == 1 ? "" : "s") + ")";
  for (size_t i = 0; i < named.facts.size() && i < kMaxPartyEvidence; ++i) {
    f.evidence.push_back(b.facts[named.facts[i]].event_id);
  }
  f.lots.assign(named.lots.begin(), named.lots.end());
  return f;
}

}  // namespace

std::vector<Flag> RegistryFlags(const Book& book, const registry::Registry& reg) {
  if (reg.Participants().empty()) return {};  // no registry kept: nothing to check against
  const Book::Impl& b = book.impl();
  std::map<std::string, Named> parties;
  for (uint32_t i = 0; i < b.facts.size(); ++i) {
    const EventFacts& f = b.facts[i];
    for (const std::string* p : {&f.owner_from, &f.owner_to, &f.holder_from, &f.holder_to}) {
      if (p->empty()) continue;
      Named& n = parties[*p];
      if (n.facts.empty() || n.facts.back() != i) n.facts.push_back(i);
      for (const auto* list : {&f.lots, &f.inputs, &f.outputs}) {
        for (const LotQuantity& q : *list) n.lots.insert(q.lot);
      }
    }
  }
  std::vector<Flag> out;
  for (const auto& [party, named] : parties) {
    const registry::Participant* p = reg.FindParticipant(party);
    if (p == nullptr || p->deregistered) {
      out.push_back(MakeFlag(b, "unregistered_party", 2, party,
                             p == nullptr ? "the party is not in the participants registry"
                                          : "the party was deregistered from the participants registry",
                             named));
      continue;
    }
    const auto keys = reg.KeysOf(party);
    const bool any_active = std::any_of(keys.begin(), keys.end(), [](const registry::Key* k) {
      return k->state == registry::KeyState::kActive;
    });
    if (!keys.empty() && !any_active) {
      out.push_back(MakeFlag(b, "revoked_key", 3, party, "the party's keys are revoked and none is active", named));
    }
    if (!p->beneficial_owners.declared) {
      out.push_back(MakeFlag(b, "undisclosed_owners", 2, party, "the party has not disclosed its beneficial owners", named));
    } else if (std::any_of(p->beneficial_owners.owners.begin(), p->beneficial_owners.owners.end(),
                           [](const registry::OwnerCommitment& o) { return o.pep; })) {
      out.push_back(MakeFlag(b, "pep_owner", 2, party,
                             "a beneficial owner of the party is a politically exposed person", named));
    }
  }
  std::sort(out.begin(), out.end(), [](const Flag& x, const Flag& y) { return x.id < y.id; });
  return out;
}

}  // namespace orelog::custody
