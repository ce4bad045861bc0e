// Turns one validated EPCIS event into everything the repository writes for
// it: the CBV 2.0 hash, the full form as recorded, the public form and its
// disclosures, the leaf, the dedup key. Pure apart from the CSPRNG (salts,
// random public IDs); no I/O, no clock (the receive time is an input).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "base/bytes.h"
#include "epcis/disclosure.h"
#include "epcis/event_hash.h"
#include "epcis/vocabulary.h"
#include "orelog/status.h"

namespace orelog::repo {

struct PrepareContext {
  const epcis::DisclosurePolicy* policy = nullptr;
  // How the CBV hash is computed: documented order, and in `hash.namespaces`
  // the prefixes in scope (the document's @context; an event's own @context
  // adds to them). Set once per document: it is not copied per event.
  epcis::HashOptions hash;
  // The document's @context value, copied into events that have none of their own
  // so that the stored forms stay interpretable alone; null for a bare event.
  const boost::json::value* document_context = nullptr;
  std::string submitter;    // the capturing party
  std::string received_at;  // UTC, YYYY-MM-DDTHH:MM:SS.sssZ
  bool custody = true;      // false: no custody facts or lot edges (CaptureOptions::custody)
  // A signed capture (docs/participants.md §4): the public form is the
  // policy's form of the event AS SUBMITTED re-derived from these
  // disclosures (epcis::ReapplyDisclosurePolicy), never one a client sent;
  // the event must carry its own @context and no recordTime (the
  // repository's receive time is the leaf's receivedAt). Null: unsigned,
  // the policy makes the public form of the recorded event with fresh salts.
  const std::vector<std::string>* signed_disclosures = nullptr;
};

struct PreparedEvent {
  std::string event_hash;   // ni:///sha-256;...?ver=CBV2.0 (private)
  std::string event_id;     // the full form's eventID
  std::string public_id;    // the leaf's publicId
  std::string event_type;
  std::string event_time;   // UTC, milliseconds
  std::string record_time;  // = received_at
  bool correction = false;  // has errorDeclaration
  std::optional<int64_t> corrects;  // log index of the corrected event, when known
  boost::json::object full;         // the event as recorded
  boost::json::object public_form;  // what the log shows
  std::string full_json;            // RFC 8785 forms of the two; the served
  std::string public_json;          // public form adds eventID = public_id when withheld
  std::vector<std::string> disclosures;
  std::vector<std::string> full_terms;    // query::IndexTerms of each form
  std::vector<std::string> public_terms;
  // Custody facts (custody/facts.h) read from the full and the public form,
  // empty when the event is not a custody event; and the lot edges
  // (input, output) of a transformation.
  std::string full_facts;
  std::string public_facts;
  std::vector<std::pair<std::string, std::string>> lot_edges;
  // The parties the full form names in its sourceList / destinationList
  // (unique, ascending): with the submitter, the participants entitled to
  // the full form (docs/participants.md §3.1).
  std::vector<std::string> parties;
  Bytes leaf;       // the log entry (leaf format v1)
  Bytes dedup_key;  // docs/repository-format.md "Deduplication"
};

// Prepares `event` (already validated). InvalidArgument if it cannot be
// hashed or disclosed, or if its leaf would exceed 65,535 bytes.
Result<PreparedEvent> PrepareEvent(const boost::json::object& event, const PrepareContext& context);

// The values of the event's sourceList / destinationList entries (any
// type), unique and ascending.
std::vector<std::string> NamedParties(const boost::json::object& event);

// The dedup key of an event: per submitter, per CBV hash, per errorDeclaration.
Bytes DedupKey(std::string_view submitter, std::string_view event_hash, std::string_view error_declaration_jcs);

}  // namespace orelog::repo
