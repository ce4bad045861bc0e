#include "query/page_token.h"

#include <charconv>
#include <vector>

#include "base/bytes.h"

namespace orelog::query {
namespace {

constexpr std::string_view kMagic = "orelog-page-v1";
constexpr size_t kMaxTokenText = 200;  // the text form is at most ~90 bytes

template <typename T>
bool ParseInt(std::string_view s, T* out) {
  if (s.empty() || s.size() > 20) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

Status Bad(std::string_view why) { return Status::Invalid("malformed page token: " + std::string(why)); }

}  // namespace

std::string EncodePageToken(const PageToken& t) {
  std::string text(kMagic);
  text += t.order_by == OrderBy::kEventTime ? ";e" : t.order_by == OrderBy::kRecordTime ? ";r" : ";c";
  text += t.direction == Direction::kAsc ? ";a" : ";d";
  for (const std::string& field : {std::to_string(t.last.time_ms), std::to_string(t.last.index),
                                   std::to_string(t.returned), t.fingerprint}) {
    text.push_back(';');
    text.append(field);
  }
  return Base64UrlEncode(AsBytes(text));
}

Result<PageToken> DecodePageToken(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenText) return Bad("wrong length");
  auto bytes = Base64UrlDecode(token);
  if (!bytes.ok()) return Bad("not base64url");
  std::vector<std::string_view> f;
  std::string_view rest = AsChars(*bytes);
  for (size_t semi; (semi = rest.find(';')) != std::string_view::npos; rest.remove_prefix(semi + 1)) {
    f.push_back(rest.substr(0, semi));
  }
  f.push_back(rest);
  if (f.size() != 7 || f[0] != kMagic) return Bad("unknown version");
  PageToken t;
  if (f[1] == "c") {
    t.order_by = OrderBy::kCaptureOrder;
  } else if (f[1] == "e") {
    t.order_by = OrderBy::kEventTime;
  } else if (f[1] == "r") {
    t.order_by = OrderBy::kRecordTime;
  } else {
    return Bad("order");
  }
  if (f[2] != "a" && f[2] != "d") return Bad("direction");
  t.direction = f[2] == "a" ? Direction::kAsc : Direction::kDesc;
  if (!ParseInt(f[3], &t.last.time_ms) || !ParseInt(f[4], &t.last.index) || !ParseInt(f[5], &t.returned)) {
    return Bad("numbers");
  }
  if (f[6].size() != 16 || f[6].find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return Bad("fingerprint");
  }
  t.fingerprint = std::string(f[6]);
  // Only the canonical spelling is a token ("+1", "007", "-0" are not).
  if (EncodePageToken(t) != token) return Bad("not canonical");
  return t;
}

}  // namespace orelog::query
