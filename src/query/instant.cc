#include "query/instant.h"

#include <string>

#include "epcis/civil_date.h"
#include "epcis/timestamp.h"

namespace orelog::query {
namespace {

int64_t Field(const std::string& s, size_t pos, size_t n) {
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

}  // namespace

Result<int64_t> InstantMillis(std::string_view timestamp) {
  ORELOG_ASSIGN_OR_RETURN(std::string utc, epcis::NormalizeTimestamp(timestamp));
  // NormalizeTimestamp's contract: exactly "YYYY-MM-DDThh:mm:ss.mmmZ".
  if (utc.size() != 24) return Status::Internal("unexpected normalised timestamp " + utc);
  const int64_t days = epcis::civil::DaysFromCivil(Field(utc, 0, 4), Field(utc, 5, 2), Field(utc, 8, 2));
  const int64_t seconds = days * 86400 + Field(utc, 11, 2) * 3600 + Field(utc, 14, 2) * 60 + Field(utc, 17, 2);
  return seconds * 1000 + Field(utc, 20, 3);
}

}  // namespace orelog::query
