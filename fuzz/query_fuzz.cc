// Fuzzes the GET /events query-string parser (query/query.h) and the page
// token decoder on arbitrary bytes.
//
// Invariants checked (abort on violation):
//  * nothing crashes or throws, whatever the input;
//  * a refusal names the parameter at fault (its message is "<name>: ...");
//  * parsing is deterministic (same fingerprint twice);
//  * a page token that decodes re-encodes to the same text (one spelling);
//  * the next-page query of an accepted query, with a token for it, parses
//    again to a query with the same fingerprint.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "query/page.h"
#include "query/page_token.h"
#include "query/query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto q = orelog::query::ParseQuery(text);
  if (!q.ok()) {
    if (q.status().message().find(':') == std::string::npos) std::abort();
  } else {
    auto again = orelog::query::ParseQuery(text);
    if (!again.ok() || again->fingerprint != q->fingerprint) std::abort();
    orelog::query::PageToken t;
    t.order_by = q->order_by;
    t.direction = q->direction;
    t.last = {1700000000000, 42};
    t.returned = 7;
    t.fingerprint = q->fingerprint;
    std::string next = orelog::query::NextPageQuery(text, orelog::query::EncodePageToken(t));
    auto paged = orelog::query::ParseQuery(next);
    if (!paged.ok() || paged->fingerprint != q->fingerprint || !paged->page_token) std::abort();
  }
  auto token = orelog::query::DecodePageToken(text);
  if (token.ok() && orelog::query::EncodePageToken(*token) != text) std::abort();
  return 0;
}
