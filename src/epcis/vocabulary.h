// CBV 2.0 vocabulary and namespace rules for the event hash: bare CBV words
// and CBV URNs become Web URIs, CURIEs are expanded with the JSON-LD
// @context prefixes, JSON numbers are written without trailing zeros.
//
// Pure functions; no I/O.
#pragma once

#include <map>
#include <string>
#include <string_view>

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

// "prefix:local" with a declared prefix -> IRI + local; anything else
// (absolute IRIs, URNs, undeclared prefixes) unchanged.
std::string ExpandCurie(std::string_view value, const Namespaces& ns);

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

// A JSON number as the hash writes it: integers in decimal, doubles in the
// shortest round-trip form without trailing zeros ("452.0" -> "452",
// "25000.50" -> "25000.5"). Precondition: v.is_number().
std::string FormatNumber(const boost::json::value& v);

}  // namespace orelog::epcis
