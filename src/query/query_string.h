// The URL query string of GET /events: '&'-separated name=value pairs,
// percent-encoded. '+' is a literal plus (RFC 3986 §3.4), not a space.
//
// Pure; no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "orelog/status.h"

namespace orelog::query {

struct QueryParam {
  std::string name;   // decoded
  std::string value;  // decoded; "" for a segment without '='
};

// Splits at '&' (empty segments skipped) and at the first '=' of each
// segment, then decodes %XX in name and value. A malformed escape, or a
// decoded control character (U+0000-U+001F, U+007F), is InvalidArgument
// whose message starts with the (raw) parameter name.
Result<std::vector<QueryParam>> SplitQueryString(std::string_view raw);

// Percent-encodes everything but RFC 3986 unreserved characters
// (A-Z a-z 0-9 - . _ ~), so the result is one safe query value.
std::string PercentEncodeQueryValue(std::string_view value);

}  // namespace orelog::query
