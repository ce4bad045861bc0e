// The scopes of an API token (docs/participants.md §2, frozen with repository
// format v3). Pure: no I/O.
//
// Stored form (tokens.scopes): the scope names, sorted, comma-separated, no
// spaces, e.g. "capture,read-full". Written and read only through this file.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "orelog/status.h"

namespace orelog::repo {

enum class Scope : uint8_t {
  kAdmin = 1,     // "admin": registry changes, token management
  kAudit = 2,     // "audit": full forms of every event, disclosures, the read log
  kCapture = 4,   // "capture": POST /capture, POST /events, the caller's capture jobs
  kReadFull = 8,  // "read-full": full forms of the events the party is entitled to
};

// A set of scopes. Value type; the empty set is a valid value (a caller
// without a token has no scopes).
class Scopes {
 public:
  constexpr Scopes() = default;
  constexpr Scopes(std::initializer_list<Scope> scopes) {
    for (Scope s : scopes) bits_ |= static_cast<uint8_t>(s);
  }

  constexpr bool Has(Scope s) const { return (bits_ & static_cast<uint8_t>(s)) != 0; }
  // True if the set shares at least one scope with `any_of`.
  constexpr bool HasAnyOf(Scopes any_of) const { return (bits_ & any_of.bits_) != 0; }
  constexpr Scopes With(Scope s) const {
    Scopes r = *this;
    r.bits_ |= static_cast<uint8_t>(s);
    return r;
  }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool operator==(const Scopes&) const = default;

  // The stored form: names in ascending order, comma-separated ("" if empty).
  std::string Canonical() const;

 private:
  uint8_t bits_ = 0;
};

// What a token could do before scopes existed, and what `orelog token create`
// grants unless told otherwise.
inline constexpr Scopes kDefaultTokenScopes{Scope::kCapture, Scope::kReadFull};
// The scopes that let a caller read full forms.
inline constexpr Scopes kFullReadScopes{Scope::kAudit, Scope::kReadFull};

// The scope named `name` ("admin", "audit", "capture", "read-full");
// InvalidArgument for any other text.
Result<Scope> ParseScope(std::string_view name);

// Comma-separated scope names in any order (repeats allowed, no empty names,
// no spaces). InvalidArgument for an unknown or empty name, or an empty list.
Result<Scopes> ParseScopes(std::string_view text);

}  // namespace orelog::repo
