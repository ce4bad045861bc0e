// The capture side of the EPCIS repository: a document (POST /capture) or a
// single event (POST /events) becomes log entries with their private rows.
//
// MUST: a job or event is reported captured only after its entries and rows
// are durably committed (Ledger::Append returns after fsync); a capture that
// is not acknowledged may be retried, and the retry deduplicates.
// MUST: with ErrorBehaviour::kRollback nothing of a document with an invalid
// event is stored; with kProceed every valid event is stored and every
// invalid one is listed in the job with its JSON pointer.
//
// Thread safety: every method may be called concurrently (the ledger
// serialises writes; concurrent captures share group commits).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "epcis/disclosure.h"
#include "orelog/ledger.h"
#include "orelog/status.h"

namespace orelog::repo {

struct PreparedEvent;
struct SignedCaptureRequest;
class EventReader;

enum class ErrorBehaviour { kRollback, kProceed };

// EPCIS exception types used in problem answers.
inline constexpr char kValidationException[] = "epcisException:ValidationException";
inline constexpr char kCaptureLimitExceeded[] = "epcisException:CaptureLimitExceededException";
inline constexpr char kImplementationException[] = "epcisException:ImplementationException";

struct CaptureOptions {
  size_t max_events = 1000;              // GS1-EPCIS-Capture-Limit
  size_t max_bytes = 16u * 1024 * 1024;  // GS1-EPCIS-Capture-File-Size-Limit
  epcis::DisclosurePolicy policy = epcis::DefaultDisclosurePolicy();
  // The receive clock, UTC "YYYY-MM-DDTHH:MM:SS.sssZ" (tests inject one).
  std::function<std::string()> now;
  // The ledger's directory, to link a correction (errorDeclaration) to the
  // event it corrects (events.corrects); empty: corrections are not linked.
  std::filesystem::path ledger_dir;
  // Custody maintenance: custody facts, lot edges and sites written in each
  // event's commit. Off only for benchmarks measuring its cost (a ledger
  // captured without it has no custody view of those events).
  bool custody = true;
};

struct EventError {
  size_t index = 0;     // position in the document's eventList
  std::string pointer;  // RFC 6901, from the document root
  std::string message;
};

// The capture job document of the REST binding (GET /capture/{id}).
struct CaptureJob {
  std::string id;
  std::string submitter;
  std::string created_at;
  std::string finished_at;
  ErrorBehaviour behaviour = ErrorBehaviour::kRollback;
  bool success = false;
  size_t event_count = 0;
  size_t captured = 0;    // new log entries
  size_t duplicates = 0;  // events this party had captured before
  std::vector<EventError> errors;
};

// Why nothing was stored (status not OK), or the job / event that was.
struct CaptureOutcome {
  Status status;
  std::string exception;  // EPCIS exception type for the problem answer
  std::string pointer;    // the member at fault, for validation failures
  std::vector<EventError> errors;  // every invalid event (rollback)
  CaptureJob job;
};

struct EventOutcome {
  Status status;  // AlreadyExists: a duplicate of this party's earlier event
  std::string exception;
  std::string pointer;
  uint64_t index = 0;     // log index (of the earlier event for a duplicate)
  std::string public_id;  // the event's ID in the public log
  bool duplicate = false;
};

class Capturer {
 public:
  // `ledger` must outlive the Capturer; its database must have the
  // repository tables (EnsureRepoSchema).
  Capturer(Ledger& ledger, CaptureOptions options);
  ~Capturer();

  CaptureOutcome CaptureDocument(std::string_view body, const std::string& submitter, ErrorBehaviour behaviour);
  EventOutcome CaptureEvent(std::string_view body, const std::string& submitter);
  // A signed capture (repo/signed_capture.h; body: kSignedCaptureMediaType),
  // always with rollback. Refusals as CaptureDocument, plus
  // VerificationFailed (the signature, its key, or public forms that differ
  // from those signed) and AlreadyExists (a nonce the party used before);
  // nothing is stored then. Needs CaptureOptions::ledger_dir (the registry
  // and the nonces are read from it).
  CaptureOutcome CaptureSignedDocument(std::string_view body, const std::string& submitter);

  const CaptureOptions& options() const { return options_; }

 private:
  // For a correction, sets `corrects` to the log index of the latest earlier
  // event of the same submitter with the same eventID.
  void LinkCorrection(PreparedEvent& event, const std::string& submitter);
  // A parsed document, signed (`signed_request` not null) or not.
  CaptureOutcome CaptureParsed(const boost::json::value& document, const std::string& submitter,
                               ErrorBehaviour behaviour, const SignedCaptureRequest* signed_request);
  // Checks a signed batch's signature against the registry and its nonce,
  // and writes each entry's batchSignature into its leaf.
  Status SealSignedBatch(std::vector<PreparedEvent>& prepared, const SignedCaptureRequest& request,
                         const std::string& submitter);

  Ledger& ledger_;
  CaptureOptions options_;
  std::mutex lookup_mu_;
  std::unique_ptr<EventReader> lookup_;  // guarded by lookup_mu_; opened on first use
};

// The current UTC time as YYYY-MM-DDTHH:MM:SS.sssZ.
std::string UtcNowMillis();

// The job as its REST binding JSON document.
std::string CaptureJobJson(const CaptureJob& job);

}  // namespace orelog::repo
