// RFC 7807 problem details (application/problem+json) for a failed Status,
// and the mapping from Status codes to HTTP statuses. Pure: no I/O, no Beast.
#pragma once

#include <string>
#include <string_view>

#include "orelog/status.h"

namespace orelog::server {

inline constexpr char kProblemContentType[] = "application/problem+json";

struct Problem {
  int http_status = 500;
  std::string body;              // the problem+json document
  int retry_after_seconds = 0;   // > 0: send "Retry-After" (503 Unavailable)
};

// NotFound->404, InvalidArgument->400, AlreadyExists->409, FailedPrecondition->409,
// VerificationFailed->422, Unavailable->503, everything else (IOError,
// Corruption, Internal, Ok) -> 500.
int HttpStatusFor(Code code);

// {"type":"urn:orelog:problem:<code>","title":...,"status":N,"detail":...}.
// For 500s the detail is generic: internal messages are not sent to clients.
Problem MakeProblem(const Status& status);

// A problem for a status decided by the HTTP layer itself (404 no route,
// 405, 413, 431, ...): type is "about:blank", title the reason phrase.
Problem MakeHttpProblem(int http_status, std::string_view detail);

// An EPCIS problem: type is the EPCIS exception (e.g.
// "epcisException:ValidationException"), with the RFC 6901 `pointer` of the
// member at fault when there is one, and `extra_members` (already-serialised
// JSON members, e.g. "\"errors\":[...]") appended as extension members.
Problem MakeEpcisProblem(int http_status, std::string_view exception_type, std::string_view detail,
                         std::string_view pointer = {}, std::string_view extra_members = {});

// JSON string literal (with quotes) for arbitrary bytes; invalid UTF-8 bytes
// are replaced by U+FFFD so that the output is always valid JSON.
std::string JsonString(std::string_view s);

}  // namespace orelog::server
