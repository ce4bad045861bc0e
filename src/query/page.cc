#include "query/page.h"

#include <algorithm>

#include <boost/json.hpp>

#include "epcis/gs1_keys.h"
#include "query/instant.h"

namespace orelog::query {

Result<SortKey> SortKeyOf(const EventQuery& q, const boost::json::object& event, uint64_t index) {
  if (q.order_by == OrderBy::kCaptureOrder) return SortKey{0, index};
  const char* field = q.order_by == OrderBy::kEventTime ? "eventTime" : "recordTime";
  auto it = event.find(field);
  if (it == event.end() || !it->value().is_string()) {
    return Status::Invalid(std::string("event has no ") + field + " to order by");
  }
  ORELOG_ASSIGN_OR_RETURN(int64_t ms, InstantMillis(it->value().get_string()));
  return SortKey{ms, index};
}

bool Before(const EventQuery& q, const SortKey& a, const SortKey& b) {
  return q.direction == Direction::kAsc ? a < b : b < a;
}

bool AfterToken(const EventQuery& q, const SortKey& k) {
  return !q.page_token || Before(q, q.page_token->last, k);
}

Page SelectPage(const EventQuery& q, std::vector<SortKey> candidates) {
  Page page;
  const uint64_t returned = q.page_token ? q.page_token->returned : 0;
  std::erase_if(candidates, [&](const SortKey& k) { return !AfterToken(q, k); });
  if (q.max_event_count && returned + candidates.size() > *q.max_event_count) {
    page.too_large = true;
    return page;
  }
  uint64_t room = q.per_page;
  bool limited = false;  // eventCountLimit ends the result on this page
  if (q.event_count_limit) {
    const uint64_t left = *q.event_count_limit > returned ? *q.event_count_limit - returned : 0;
    if (left <= room) {
      room = left;
      limited = true;
    }
  }
  const size_t take = std::min<uint64_t>(room, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(take), candidates.end(),
                    [&](const SortKey& a, const SortKey& b) { return Before(q, a, b); });
  page.keys.assign(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(take));
  if (take < candidates.size() && !limited && take > 0) {
    PageToken t{q.order_by, q.direction, page.keys.back(), returned + take, q.fingerprint};
    page.next_token = EncodePageToken(t);
  }
  return page;
}

std::string NextPageQuery(std::string_view query_string, std::string_view token) {
  std::string out;
  while (!query_string.empty()) {
    size_t amp = query_string.find('&');
    std::string_view seg = query_string.substr(0, amp);
    query_string = amp == std::string_view::npos ? std::string_view() : query_string.substr(amp + 1);
    if (seg.empty()) continue;
    auto name = epcis::PercentDecode(seg.substr(0, seg.find('=')));
    if (name.ok() && *name == "nextPageToken") continue;
    out += std::string(seg) + "&";
  }
  return out + "nextPageToken=" + std::string(token);
}

}  // namespace orelog::query
