#include "epcis/timestamp.h"

#include <cstdint>

#include "epcis/civil_date.h"

namespace orelog::epcis {
namespace {

using civil::CivilFromDays;
using civil::DaysFromCivil;
using civil::DaysInMonth;

// Reads exactly `n` digits at text[pos]; -1 if they are not all digits.
int Digits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

// Parses "±hh:mm" at text[pos..]; minutes east of UTC, or INT32_MIN if bad.
int ParseOffset(std::string_view text, size_t pos) {
  if (text.size() != pos + 6 || (text[pos] != '+' && text[pos] != '-') || text[pos + 3] != ':') {
    return INT32_MIN;
  }
  int hh = Digits(text, pos + 1, 2), mm = Digits(text, pos + 4, 2);
  if (hh < 0 || mm < 0 || mm > 59 || hh * 60 + mm > 14 * 60) return INT32_MIN;
  int minutes = hh * 60 + mm;
  return text[pos] == '-' ? -minutes : minutes;
}

Status BadTime(std::string_view text, const char* why) {
  return Status::Invalid("timestamp \"" + std::string(text) + "\": " + why);
}

// Writes `v` as exactly `n` decimal digits at p[0..n).
void PutDigits(char* p, int64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

}  // namespace

Status AppendNormalizedTimestamp(std::string_view text, std::string& out) {
  // YYYY-MM-DDThh:mm:ss
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':') {
    return BadTime(text, "expected YYYY-MM-DDThh:mm:ss followed by a zone");
  }
  int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
  int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return BadTime(text, "field out of range");
  }
  size_t pos = 19;
  int64_t millis = 0;
  if (text[pos] == '.') {
    size_t start = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    size_t n = pos - start;
    if (n == 0) return BadTime(text, "empty fraction");
    for (size_t i = 0; i < 3; ++i) millis = millis * 10 + (i < n ? text[start + i] - '0' : 0);
    if (n > 3 && text[start + 3] >= '5') ++millis;  // round half up on the 4th digit
  }
  int offset;
  if (pos + 1 == text.size() && text[pos] == 'Z') {
    offset = 0;
  } else {
    offset = ParseOffset(text, pos);
    if (offset == INT32_MIN) return BadTime(text, "expected Z or a ±hh:mm offset up to 14:00");
  }
  int64_t total = ((DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second) -
                   static_cast<int64_t>(offset) * 60) * 1000 + millis;
  std::optional<std::string> utc = FormatUtcMillis(total);
  if (!utc) return BadTime(text, "year out of range after conversion to UTC");
  out += *utc;
  return Status::Ok();
}

std::optional<std::string> FormatUtcMillis(int64_t ms) {
  int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  int64_t in_day = ms - days * 86400000;
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  if (y < 1 || y > 9999) return std::nullopt;
  char buf[] = "YYYY-MM-DDThh:mm:ss.mmmZ";  // the digits are overwritten below
  PutDigits(buf, y, 4);
  PutDigits(buf + 5, m, 2);
  PutDigits(buf + 8, d, 2);
  PutDigits(buf + 11, in_day / 3600000, 2);
  PutDigits(buf + 14, in_day / 60000 % 60, 2);
  PutDigits(buf + 17, in_day / 1000 % 60, 2);
  PutDigits(buf + 20, in_day % 1000, 3);
  return std::string(buf, sizeof buf - 1);
}

Result<std::string> NormalizeTimestamp(std::string_view text) {
  std::string out;
  ORELOG_RETURN_IF_ERROR(AppendNormalizedTimestamp(text, out));
  return out;
}

Status ValidateTimeZoneOffset(std::string_view text) {
  if (ParseOffset(text, 0) == INT32_MIN) {
    return Status::Invalid("eventTimeZoneOffset \"" + std::string(text) +
                           "\": expected ±hh:mm up to 14:00");
  }
  return Status::Ok();
}

}  // namespace orelog::epcis
