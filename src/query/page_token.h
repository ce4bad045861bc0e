// Result order and the opaque nextPageToken of GET /events.
//
// A token names the sort key of the last event a page returned, so the next
// page resumes strictly after it: events captured meanwhile never shift the
// pages already handed out, and a token survives reconnects and restarts
// (it holds no server state and never expires). It is not a secret and not
// signed: it tells the server nothing a client could not ask for with
// GE_/LT_ parameters. It is bound to its query by a fingerprint, so a token
// replayed with different filters or order is rejected.
//
// Wire form: base64url without padding (RFC 4648 §5) of the text
//   "orelog-page-v1;<order>;<dir>;<time_ms>;<index>;<returned>;<fingerprint>"
// order: c (capture order), e (eventTime), r (recordTime); dir: a | d;
// time_ms: signed decimal (0 for capture order); index, returned: unsigned
// decimal; fingerprint: 16 lowercase hex digits. Numbers have no leading
// zeros. Decoding is strict: anything but the exact encoding of a
// well-formed token is InvalidArgument.
//
// Pure; no I/O.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "orelog/status.h"

namespace orelog::query {

enum class OrderBy { kCaptureOrder, kEventTime, kRecordTime };
enum class Direction { kAsc, kDesc };

// Where an event sits in a result order: the instant of the ordering field
// (0 for capture order) and a tie-breaker the caller supplies that is unique
// per event (the log index).
struct SortKey {
  int64_t time_ms = 0;
  uint64_t index = 0;

  auto operator<=>(const SortKey&) const = default;
};

struct PageToken {
  OrderBy order_by = OrderBy::kCaptureOrder;
  Direction direction = Direction::kAsc;
  SortKey last;           // the last event already returned
  uint64_t returned = 0;  // events returned by all earlier pages (for eventCountLimit)
  std::string fingerprint;  // QueryFingerprint of the query it belongs to

  bool operator==(const PageToken&) const = default;
};

std::string EncodePageToken(const PageToken& token);

// Structural check only; ParseQuery also checks that the token belongs to
// the query (order, direction and fingerprint).
Result<PageToken> DecodePageToken(std::string_view text);

}  // namespace orelog::query
