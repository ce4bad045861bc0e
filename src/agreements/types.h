// The agreements register's values (docs/participants.md §6, agreements
// format version 1): what an `agreement-release` log entry says, and the
// compiled record the fold of a process's releases yields. Plain data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orelog::agreements {

enum class Tag { kProposed, kSigned, kAmended, kTerminated };

struct AgreementParty {
  std::string party;               // a participant ID (registry/entries.h CheckParticipantId)
  std::vector<std::string> roles;  // strictly ascending, from kPartyRoles
  bool operator==(const AgreementParty&) const = default;
};

struct Document {
  std::string title;
  bool is_public = false;  // "disclosure": "public" | "withheld"
  std::string sha256;      // 64 lowercase hex digits of SHA-256(document bytes)
  bool operator==(const Document&) const = default;
};

// The payload of one `agreement-release` entry: the whole agreement as it
// stands at this release (releases restate, they do not patch).
struct Release {
  std::string agreement;  // the process ID (ocid-like)
  std::string release;    // unique across the register
  std::string date;       // YYYY-MM-DD
  Tag tag = Tag::kProposed;
  std::string type;       // mou | offtake | export-licence | royalty-agreement
  std::string title;
  std::vector<AgreementParty> parties;    // strictly ascending by party
  std::vector<std::string> minerals;      // strictly ascending
  std::string scope;
  std::string value;                      // stated value as text ("" not stated)
  std::vector<Document> documents;        // strictly ascending by sha256
  std::vector<std::string> withheld_terms;  // commitments, strictly ascending
  bool operator==(const Release&) const = default;
};

// One step of a process's history.
struct ReleaseRef {
  std::string release;
  uint64_t index = 0;  // log index of the entry
  std::string date;
  Tag tag = Tag::kProposed;
  bool operator==(const ReleaseRef&) const = default;
};

// A process as the fold of its releases left it: the latest release's
// content, the current status and every release in log order.
struct Agreement {
  Release current;              // the latest release (its tag is the status)
  std::string signed_date;      // date of the first signed release, "" if never signed
  std::vector<ReleaseRef> history;
  // Whether exports can rest on it: signed or amended (not proposed, not terminated).
  bool in_force() const { return current.tag == Tag::kSigned || current.tag == Tag::kAmended; }
  // Whether it was in force on `day` (YYYY-MM-DD): the last release in log
  // order dated on or before that day is signed or amended. A release dated
  // later (signed after an export, or terminated after it) does not count.
  bool InForceOn(std::string_view day) const {
    const ReleaseRef* last = nullptr;
    for (const ReleaseRef& r : history) {
      if (r.date <= day) last = &r;
    }
    return last != nullptr && (last->tag == Tag::kSigned || last->tag == Tag::kAmended);
  }
  bool operator==(const Agreement&) const = default;
};

// A withheld term's plaintext (never in the log: only its commitment is).
struct Term {
  std::string term;  // what it is, e.g. "royalty rate"; 1..256 bytes
  std::string text;  // the term itself; 1..256 bytes
  bool operator==(const Term&) const = default;
};

}  // namespace orelog::agreements
