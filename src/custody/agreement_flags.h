// Red flags that need the agreements register or royalty rates
// (docs/participants.md §6.4, docs/custody.md "Red flags"), about exports
// (custody/exports.h):
//
//   export_without_agreement (2)  no link, on the export or on any event of
//                                 a lot it ships, names an agreement in force
//                                 (signed or amended), and its export licence
//                                 is not an export-licence agreement in force;
//                                 an undisclosed link counts as a link (a flag
//                                 that needs the withheld value is not public);
//   royalty_unpaid (2)            royalty is due under the configured rates
//                                 (BookConfig::royalty_rates) and no royalty
//                                 receipt is recorded for the export.
//
// The first is off while the register is empty, the second while no rate is
// configured (like the registry flags without a registry). Subject: the
// export event (subject_type "event"); evidence: that event; lots: its lots.
// Pure.
#pragma once

#include <vector>

#include "agreements/register.h"
#include "custody/book.h"
#include "custody/flags.h"

namespace orelog::custody {

std::vector<Flag> AgreementFlags(const Book& book, const agreements::Register& agreements);

}  // namespace orelog::custody
