// Who is reading, and so which form of each event they may see
// (docs/participants.md §3.1): the public sees public forms; a participant
// with the read-full scope sees the full forms of the events it is entitled
// to (it submitted them, or it is named in their sourceList /
// destinationList) and public forms of the rest; an audit token sees every
// full form.
#pragma once

#include <string>
#include <string_view>

namespace orelog::repo {

struct Viewer {
  enum class Kind { kPublic, kParty, kAll };
  Kind kind = Kind::kPublic;
  std::string party;  // kParty only

  static Viewer Public() { return {}; }
  static Viewer Party(std::string p) { return {Kind::kParty, std::move(p)}; }
  static Viewer All() { return {Kind::kAll, {}}; }

  bool sees_everything() const { return kind == Kind::kAll; }
  bool sees_nothing_withheld() const { return kind == Kind::kPublic; }
  // Whether an event with this submitter and these named parties (sorted or
  // not) is shown in full; the store answers the same from its tables.
  template <typename Parties>
  bool EntitledTo(std::string_view submitter, const Parties& named) const {
    if (kind != Kind::kParty) return kind == Kind::kAll;
    if (submitter == party) return true;
    for (const auto& p : named) {
      if (std::string_view(p) == party) return true;
    }
    return false;
  }
};

}  // namespace orelog::repo
