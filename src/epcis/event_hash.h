// The CBV 2.0 EPCIS event hash ID (CBV 2.0 §8.9; docs/event-hash.md):
//
//   ni:///sha-256;<lowercase hex SHA-256 of the UTF-8 pre-hash string>?ver=CBV2.0
//
// The pre-hash string concatenates `key=value` leaves in the canonical
// property order, after normalising timestamps, numbers, CBV vocabulary,
// CURIEs and GS1 identifiers, so that two spellings of one event hash alike.
// recordTime, eventID, errorDeclaration, @context and rdfs:comment are not
// hashed. The non-standard document field `<ns>:ignoreFields` of the Python
// reference implementation is NEVER honoured: it would let two different
// events share one hash.
//
// Pure: no I/O, no clock; JSON errors and invalid values come back as
// InvalidArgument naming the field or identifier. Nothing throws.
// Thread safety: all functions are reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "epcis/vocabulary.h"
#include "orelog/status.h"

namespace orelog::epcis {

struct HashOptions {
  enum Order {
    // The CBV / README table order, as in epcis2.js and OpenEPCIS:
    // ... bizLocation, bizTransactionList, sourceList, destinationList,
    // sensorElementList, ilmd, {extensions}.
    kDocumented,
    // The de-facto order of the Python reference implementation (RalphTro
    // 1.9.3), which all its published vectors encode: parentID before
    // epcList, and bizTransactionList, sourceList, destinationList and ilmd
    // sorted together with the top-level extensions after sensorElementList.
    kPythonReference,
  };
  Order order = kDocumented;
  // Prefixes in scope (the document's @context); an event's own @context
  // adds to them. Defaults to the standard EPCIS context prefixes.
  Namespaces namespaces = StandardNamespaces();
};

// The pre-hash string of one event (a JSON object with "type").
Result<std::string> PreHashString(const boost::json::object& event, const HashOptions& options);

// The pre-hash string split into its top-level parts (eventType=..., the
// eventTime leaf, the whole epcList, each top-level extension, ...), in
// emission order; their concatenation is PreHashString. Two orders of the
// same event yield the same multiset of parts.
Result<std::vector<std::string>> PreHashParts(const boost::json::object& event,
                                              const HashOptions& options);

// ni:///sha-256;<hex>?ver=CBV2.0 of a pre-hash string.
std::string HashIdOfPreHash(std::string_view pre_hash);

// The hash ID of one event.
Result<std::string> EventHash(const boost::json::object& event, const HashOptions& options);

struct HashedEvent {
  std::string pre_hash;
  std::string hash;
};

// Hashes every event of a parsed EPCISDocument (epcisBody.eventList) or
// EPCISQueryDocument (epcisBody.queryResults.resultsBody.eventList), in
// document order, with the document's @context prefixes; any other object
// is hashed as a single event. An error names the failing event's index.
Result<std::vector<HashedEvent>> HashEventsInDocument(const boost::json::object& root,
                                                      HashOptions::Order order);

// Parses JSON text that is an EPCISDocument (epcisBody.eventList), an
// EPCISQueryDocument (epcisBody.queryResults.resultsBody.eventList) or a
// single event, and hashes every event in document order with the
// document's @context prefixes. `order` as in HashOptions.
Result<std::vector<HashedEvent>> HashEventsInJson(std::string_view json_text,
                                                  HashOptions::Order order);

}  // namespace orelog::epcis
