// Reads custody facts out of EPCIS events and sites out of master data,
// under the minerals profile (docs/minerals-profile.md). Pure; no I/O.
//
// Extraction never fails an event: EPCIS validity is the validator's job, and
// an event that is valid EPCIS but breaks the profile is still captured. What
// cannot be read is left out of the facts and described in `problems`.
//
// The same functions read full forms (for entitled callers) and public forms
// (for everyone): a member withheld from the public form is absent there, or
// a placeholder, so nothing derived from it reaches the public view.
#pragma once

#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "custody/facts.h"
#include "epcis/vocabulary.h"

namespace orelog::custody {

// The profile's namespace IRI (docs/minerals-profile.md §1).
inline constexpr std::string_view kMineralsNamespace = "https://ns.orelog.dev/minerals#";

// `event` is a validated EPCIS event; `ns` the prefixes in scope (the
// document's @context plus the event's own). `index` and `event_id` are
// copied into the facts.
EventFacts ExtractFacts(const boost::json::object& event, const epcis::Namespaces& ns, uint64_t index,
                        std::string event_id);

// Business-location vocabulary elements of epcisHeader.epcisMasterData.
std::vector<SiteFacts> ExtractSites(const boost::json::object& document, const epcis::Namespaces& ns);

}  // namespace orelog::custody
