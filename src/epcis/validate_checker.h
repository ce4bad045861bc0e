// Internal to the EPCIS validator (validate_*.cc): the walk state shared by
// the document and event checks. Not part of the public contract.
//
// A Checker records the first violation and turns every check into a bool:
// true = fine, false = a violation was recorded and the caller stops. JSON
// pointers are built only when a violation is recorded, from a chain of Path
// nodes that live on the stack.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/fwd.hpp>

#include "epcis/validate.h"
#include "epcis/validate_values.h"

namespace orelog::epcis::validate_internal {

// One step of a JSON pointer: a member name, or an array index.
struct Path {
  static constexpr size_t kMember = static_cast<size_t>(-1);
  const Path* up = nullptr;  // nullptr: the checker's base pointer
  std::string_view key;
  size_t index = kMember;

  Path Member(std::string_view name) const { return Path{this, name, kMember}; }
  Path Item(size_t i) const { return Path{this, {}, i}; }
  bool IsRoot() const { return up == nullptr; }
};

// Which identifiers get the GS1 check-digit rule.
enum class Id { kPlain, kGs1 };

class Checker {
 public:
  Checker(std::string_view base, const Namespaces& ns) : base_(base), ns_(&ns) {}

  const Namespaces& ns() const { return *ns_; }
  void set_ns(const Namespaces& ns) { ns_ = &ns; }
  std::optional<Violation>& violation() { return violation_; }

  // Records a violation at `at` (the first one wins) and returns false.
  bool Fail(const Path& at, std::string message);
  // A violation of a semantic rule (CURIE prefix, check digit): remembered,
  // but the walk goes on (returns true), so that a document breaking the
  // schema reports the schema violation first. Outcome() picks.
  bool FailSemantic(const Path& at, std::string message);
  // The schema violation if any, else the first semantic one.
  std::optional<Violation> Outcome();
  std::string Pointer(const Path& at) const;

  // Members whose absence is a violation named after the missing member.
  bool Require(const boost::json::object& obj, const Path& at, std::string_view name);

  // Schema types and formats (each also applies the semantic rules that
  // belong to the value: CURIE prefixes, GS1 check digits).
  bool String(const boost::json::value& v, const Path& at);
  bool Number(const boost::json::value& v, const Path& at);
  bool Uri(const boost::json::value& v, const Path& at, Id id = Id::kPlain);
  bool UriList(const boost::json::value& v, const Path& at, bool unique, Id id = Id::kPlain);
  bool Time(const boost::json::value& v, const Path& at);
  // A CBV vocabulary field: a bare word of the enumeration or a URI of the
  // schema's other alternative.
  bool Vocabulary(const boost::json::value& v, const Path& at, Terms terms);
  // An @context value (string URI, object or array of unique ones).
  bool Context(const boost::json::value& v, const Path& at);

  // A member name not defined by the standard: must be a URI/CURIE with a
  // declared prefix (schema propertyNames + the prefix rule).
  bool ExtensionName(std::string_view name, const Path& at);
  // Content of an extension member (free JSON): names with a ':' inside it
  // must use declared prefixes.
  bool ExtensionValue(const boost::json::value& v, const Path& at);
  // Content not covered by the schema where member names are free (readPoint,
  // master-data attributes): only the prefix rule for names with ':'.
  bool FreeMembers(const boost::json::object& obj, const Path& at);
  // One such member: `at` is the member's own path.
  bool FreeMember(std::string_view name, const boost::json::value& v, const Path& at);

  // No array/object deeper than `budget` levels below and including `v`.
  // `skip`, if set, is a value whose children are not visited (the event list).
  bool Depth(const boost::json::value& v, const Path& at, size_t budget, const boost::json::value* skip);
  bool Depth(const boost::json::object& obj, const Path& at, size_t budget, const boost::json::value* skip);

  // uniqueItems over an array (strings compared bytewise, other values with
  // boost::json equality).
  bool Unique(const boost::json::array& a, const Path& at);

 private:
  bool Gs1Key(std::string_view s, const Path& at);

  std::string_view base_;
  const Namespaces* ns_;
  std::optional<Violation> violation_;
  std::optional<Violation> semantic_;
};

// "a string", "an object", ... for messages.
const char* KindName(const boost::json::value& v);

// Adds the prefixes of a document's or event's @context. Expanded term
// definitions (a term mapped to an object such as {"@type": "@id"}) are valid
// JSON-LD and declare no prefix; everything else goes through
// AddContextNamespaces (so standard prefixes cannot be redefined).
Status AddContextPrefixes(const boost::json::value& context, Namespaces& ns);

}  // namespace orelog::epcis::validate_internal
