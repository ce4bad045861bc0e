// EPCIS 2.0 validation: the rules of the official JSON Schema
// (gs1-EPCIS/EPCIS-JSON-Schema.json, draft-07, with the "date-time" and
// "uri" formats checked) written as code, plus the semantic rules of the
// standard that a schema cannot express. docs/validation.md lists every rule,
// the "uri" format decision and the deliberate differences from the schema.
//
// Contract for all three functions:
// - Pure: no I/O, no global state; safe to call from any number of threads.
// - Never throws on any input; a boost::json value of any shape is accepted.
// - A violation carries an RFC 6901 pointer from the document root to the
//   member at fault. For a missing required member it names the member that
//   should be there (e.g. "/epcisBody/eventList/0/action"); for a wrong value
//   the member holding it; for an array element the element
//   (".../epcList/2"). `message` is one English sentence for problem+json.
// - Checks run in a fixed order, so the first violation is deterministic:
//   required members, then members in document order, then the rules that
//   tie members together ("what" lists, ilmd vs action).
// - Cost: no allocation on the success path except for (a) an event's own
//   @context, (b) uniqueItems checks of arrays longer than 16 (one scratch
//   vector per thread) and (c) EPC URN / Digital Link check-digit checks,
//   which reuse gs1_keys.h and build the canonical form once per identifier.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "epcis/vocabulary.h"

namespace orelog::epcis {

struct Violation {
  std::string pointer;  // RFC 6901, from the document root
  std::string message;
};

// Nesting limit: a value inside more than this many arrays/objects (counting
// the document itself) is rejected. boost::json's parser must be configured
// with a max_depth of at least kMaxNesting + 1 for this rule to be reached.
inline constexpr size_t kMaxNesting = 64;

// Everything of an EPCISDocument or EPCISQueryDocument except the events in
// its event list: @context (required; its prefixes are collected with
// AddContextNamespaces, so a document redefining a standard prefix such as
// cbvmda is rejected), type, schemaVersion, creationDate, id, sender,
// receiver, instanceIdentifier, epcisHeader (epcisMasterData.vocabularyList
// shapes), epcisBody.eventList (or
// epcisBody.queryResults.resultsBody.eventList) being an array of objects, and
// the nesting limit over the whole document.
// A top-level object whose type is neither document type is a violation at
// "/type": use ValidateEvent(doc, "", ...) or ValidateDocument for bare events.
std::optional<Violation> ValidateDocumentEnvelope(const boost::json::object& doc);

// One event. `pointer` is the event's location in its document (e.g.
// "/epcisBody/eventList/3"); "" means a bare event (POST /events), which like
// the schema's root must carry its own @context. `ns` holds the prefixes in
// scope (StandardNamespaces() plus the document's @context); the event's own
// @context adds to them. Event types other than the five standard ones must be
// URIs and are checked only for the common event members (schema
// "Extended-Event").
std::optional<Violation> ValidateEvent(const boost::json::object& event, std::string_view pointer,
                                       const Namespaces& ns);

// A whole document (envelope, then every event in order) or a bare event:
// at most `max_violations` violations, the first being what a problem+json
// reports. Envelope violations stop the walk (the events' context is unknown).
std::vector<Violation> ValidateDocument(const boost::json::object& doc, size_t max_violations = 1);

}  // namespace orelog::epcis
