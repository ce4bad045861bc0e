// The read side of the EPCIS repository: events by ID, queries, capture jobs
// and token checks, on a read-only connection of its own. Never blocks the
// writer (WAL snapshots) and never returns a full form unless asked for one.
//
// Thread safety: none; one EventReader per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orelog/status.h"
#include "query/page.h"
#include "query/query.h"
#include "repo/capture.h"
#include "repo/tokens.h"
#include "repo/viewer.h"

namespace orelog::repo {

// Which form of events a caller may see.
enum class Access { kPublic, kFull };

struct StoredEvent {
  uint64_t index = 0;
  std::string public_id;
  std::string event_id;    // only filled for kFull
  std::string submitter;
  std::string record_time;
  std::string form;        // RFC 8785 JSON of the public or full form
  std::string disclosures; // JSON array; only filled for kFull
  bool full = false;       // `form` is the full form
};

struct QueryResult {
  std::vector<StoredEvent> events;        // this page, in order
  std::optional<std::string> next_token;  // more results follow
  bool too_large = false;                 // maxEventCount exceeded
  bool too_complex = false;               // counting the matches would read too much
};

class EventReader {
 public:
  static Result<std::unique_ptr<EventReader>> Open(const std::filesystem::path& ledger_dir);
  ~EventReader();
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;

  // By public ID, or by eventID: for kFull callers the full form's, for the
  // public only an eventID the public form shows (the latest capture with
  // that eventID wins). NotFound otherwise.
  Result<StoredEvent> FindEvent(std::string_view id, Access access);
  Result<StoredEvent> EventAt(uint64_t index, Access access);
  // The same for a viewer: each event in the form the viewer may see
  // (StoredEvent::full says which). A participant names an event by its full
  // form's eventID only among the events it is entitled to.
  Result<StoredEvent> FindEvent(std::string_view id, const Viewer& viewer);
  Result<StoredEvent> EventAt(uint64_t index, const Viewer& viewer);

  // Whether the viewer is entitled to the full form of every event at
  // `indices` (true for an empty list; NotFound for an index with no event).
  Result<bool> EntitledToAll(const Viewer& viewer, const std::vector<uint64_t>& indices);
  // The same for events named by their public IDs.
  Result<bool> EntitledToAllIds(const Viewer& viewer, const std::vector<std::string>& public_ids);

  // The log index of the latest event of `submitter` whose full form has
  // eventID `event_id`; NotFound if none.
  Result<uint64_t> LatestBySubmitter(std::string_view event_id, std::string_view submitter);

  // Runs a parsed query over the forms `access` allows: public callers are
  // filtered on public forms only.
  Result<QueryResult> Query(const query::EventQuery& q, Access access);
  // For a viewer, every candidate is matched against the form the viewer may
  // see of it: a filter on a withheld member never hits an event the viewer
  // sees only in public form, so hit or miss reveals nothing withheld.
  Result<QueryResult> Query(const query::EventQuery& q, const Viewer& viewer);
  // A probe term matching more events than this (default 5,000) gives way
  // to an ordered scan when the query needs no full count. For tests.
  void SetMaxProbeCandidates(size_t n);
  // A query that scans (no selective probe, no maxEventCount) reads at most
  // this many events per request (default 20,000); if its page is not full
  // by then, it answers the matches found so far with a next-page token
  // positioned after the last event read. For tests and tuning.
  void SetScanBudget(size_t n);
  // A query with maxEventCount and no selective probe reads at most this many
  // events (default 200,000) to count its matches; beyond, it is refused
  // (QueryResult::too_complex). For tests and tuning.
  void SetCountBudget(size_t n);

  // The job if it exists and belongs to `submitter`; NotFound otherwise.
  Result<CaptureJob> Job(std::string_view id, std::string_view submitter);
  // The IDs of `submitter`'s newest jobs (at most `limit`), newest first.
  Result<std::vector<std::string>> JobIds(std::string_view submitter, size_t limit);

  // What a bearer token grants: the row is found by the token's SHA-256 (the
  // primary key), then its stored hash is compared with the computed one in
  // constant time (TokenMatchesHash). NotFound for an unknown or revoked
  // token; Corruption for a row with unreadable scopes.
  Result<TokenGrant> LookupToken(std::string_view token);

  // Master-data vocabulary elements captured for `element_id` (JSON array,
  // newest capture first), for token holders.
  Result<std::string> MasterData(std::string_view vocabulary_type, std::string_view element_id);

  class Impl;

 private:
  explicit EventReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The EPCISQueryDocument that wraps a page of events.
std::string QueryDocumentJson(const std::vector<StoredEvent>& events, std::string_view creation_date);

}  // namespace orelog::repo
