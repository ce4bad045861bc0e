// CBV 2.0 vocabulary and namespace rules for the event hash: bare CBV words
// and CBV URNs become Web URIs, CURIEs are expanded with the JSON-LD
// @context prefixes, JSON numbers are written without trailing zeros.
//
// Pure functions; no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/fwd.hpp>

#include "orelog/status.h"

namespace orelog::epcis {

// Prefix -> namespace IRI, e.g. "gs1" -> "https://gs1.org/voc/".
using Namespaces = std::map<std::string, std::string, std::less<>>;

// The prefixes every EPCIS 2.0 document has through the standard context:
// epcis, cbv, cbvmda, gs1, rdfs, owl, xsd, dcterms.
const Namespaces& StandardNamespaces();

// Adds the prefixes declared by a JSON-LD @context (a string URL, an object
// or an array of both) to `ns`. Context URLs are not fetched: only inline
// objects declare prefixes. An inline prefix that redefines a standard one
// with a different IRI, or a non-string IRI, is InvalidArgument.
Status AddContextNamespaces(const boost::json::value& context, Namespaces& ns);

// The prefixes in scope while hashing: a base map (not copied) plus the
// inline prefixes of @context objects, viewed in place. The hash renderer
// keeps one per document and adds an event's own @context for that event
// only (Mark/Truncate), so no map is copied per event.
//
// The views point into the JSON passed to Add, which must outlive them (until
// Truncate or the scope's end); `base` must outlive the scope.
class PrefixScope {
 public:
  explicit PrefixScope(const Namespaces& base);

  // Same rules and messages as AddContextNamespaces(context, ns) applied to
  // the prefixes in scope. On error the scope may hold some of the
  // context's prefixes: Truncate to a mark taken before.
  Status Add(const boost::json::value& context);

  // The namespace IRI of `prefix`, if declared.
  std::optional<std::string_view> Find(std::string_view prefix) const;

  size_t Mark() const { return added_.size(); }
  void Truncate(size_t mark) { added_.resize(mark); }

 private:
  void NoteFirstByte(std::string_view prefix) {
    const auto c = static_cast<unsigned char>(prefix.empty() ? 0 : prefix[0]);
    first_bytes_[c / 64] |= uint64_t{1} << (c % 64);
  }

  const Namespaces* base_;
  std::vector<std::pair<std::string_view, std::string_view>> added_;
  // First bytes of every prefix ever declared in this scope (a superset
  // after Truncate): most values' "prefixes" (urn, https) are rejected here
  // without a lookup.
  uint64_t first_bytes_[4] = {};
};

// "prefix:local" with a declared prefix -> IRI + local; anything else
// (absolute IRIs, URNs, undeclared prefixes) unchanged.
std::string ExpandCurie(std::string_view value, const Namespaces& ns);
// The same, appended to `out`.
void AppendExpandedCurie(std::string_view value, const PrefixScope& ns, std::string& out);

// Which CBV vocabulary a standard field draws from.
enum class Vocab {
  kBizStep,      // BizStep-
  kDisposition,  // Disp-
  kBizTransactionType,  // BTT-
  kSourceDestType,      // SDT-
  kErrorReason,         // ER-
  kMeasurement,  // sensorReport type and exception: https://gs1.org/voc/
  kComponent,    // Comp-
};

// A standard vocabulary value as its Web URI. Bare words must be CBV 2.0
// terms (bizStep, disposition, bizTransaction and source/destination type,
// error reason; measurement types and components are not enumerated here),
// otherwise InvalidArgument: a non-CBV value must be a URI.
Result<std::string> NormalizeVocabulary(Vocab vocab, std::string_view value, const Namespaces& ns);
// The same, appended to `out` (unspecified on error).
Status AppendNormalizedVocabulary(Vocab vocab, std::string_view value, const PrefixScope& ns,
                                  std::string& out);

// A JSON number as the hash writes it: integers in decimal, doubles in the
// shortest round-trip form without trailing zeros ("452.0" -> "452",
// "25000.50" -> "25000.5"). Precondition: v.is_number().
std::string FormatNumber(const boost::json::value& v);
// The same, appended to `out`.
void AppendNumber(const boost::json::value& v, std::string& out);

}  // namespace orelog::epcis
