// JSON views of the agreements register (docs/api.md "Agreements"): the
// compiled record of an agreement with its release history. Public: holds
// commitments and document hashes, never a withheld term's text. Pure.
#pragma once

#include <boost/json/object.hpp>

#include "agreements/types.h"

namespace orelog::agreements {

// The content of a release (the members of docs/participants.md §6.1).
boost::json::object ReleaseJson(const Release& release);

// {"agreement", "status", "signedDate", ...the latest release's content...,
//  "releases": [{"release", "index", "date", "tag"}...]}
boost::json::object RecordJson(const Agreement& agreement);

}  // namespace orelog::agreements
