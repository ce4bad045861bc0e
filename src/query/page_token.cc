#include "query/page_token.h"

#include <charconv>
#include <vector>

#include "base/bytes.h"

namespace orelog::query {
namespace {

constexpr std::string_view kMagic = "orelog-page-v1";
constexpr size_t kMaxTokenText = 200;  // the text form is at most ~90 bytes

std::string Base64UrlEncode(std::string_view raw) {
  std::string s = Base64Encode(AsBytes(raw));
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return s;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  std::string s;
  for (char c : text) {
    // Only the URL-safe alphabet; '+', '/' and padding are not ours.
    if (c == '+' || c == '/' || c == '=') return Status::Invalid("not base64url");
    s.push_back(c == '-' ? '+' : c == '_' ? '/' : c);
  }
  if (s.size() % 4 == 1) return Status::Invalid("not base64url");
  while (s.size() % 4 != 0) s.push_back('=');
  ORELOG_ASSIGN_OR_RETURN(Bytes bytes, Base64Decode(s));  // strict: rejects stray bits
  return std::string(AsChars(bytes));
}

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
  return Base64UrlEncode(text);
}

Result<PageToken> DecodePageToken(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenText) return Bad("wrong length");
  auto text = Base64UrlDecode(token);
  if (!text.ok()) return Bad("not base64url");
  std::vector<std::string_view> f;
  std::string_view rest = *text;
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
