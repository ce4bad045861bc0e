// The rows the repository writes beside each event entry, and the capture
// job and master-data rows (docs/repository-format.md). Pure.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "epcis/vocabulary.h"
#include "repo/capture.h"
#include "repo/prepare.h"
#include "store/log_store.h"

namespace orelog::repo {

class EventRowBuilder {
 public:
  EventRowBuilder(std::string submitter, std::string job) : submitter_(std::move(submitter)), job_(std::move(job)) {}

  // Appends the event's entry (with its dedup key) to `batch` and its rows,
  // each conditional on the entry being new (a duplicate writes nothing).
  void Add(const PreparedEvent& event, store::Batch& batch) const;

 private:
  std::string submitter_;
  std::string job_;
};

// The capture_jobs row of a finished job. Without `counts_known`, captured
// and duplicates are NULL: the job is written in the same commit as its
// events, and readers count the events that carry its ID.
store::Row JobRow(const CaptureJob& job, bool counts_known);

// One custody_sites row per business-location element of the document's
// master data (custody/extract.h ExtractSites), in document order.
std::vector<store::Row> CustodySiteRows(const boost::json::object& document, const epcis::Namespaces& ns,
                                        const std::string& job);

// One master_data row per vocabulary element of epcisHeader.epcisMasterData.
std::vector<store::Row> MasterDataRows(const boost::json::object& document, const std::string& job);

}  // namespace orelog::repo
