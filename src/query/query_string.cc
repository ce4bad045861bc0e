#include "query/query_string.h"

namespace orelog::query {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> Decode(std::string_view raw_name, std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) return Status::Invalid(std::string(raw_name) + ": malformed percent-encoding");
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return Status::Invalid(std::string(raw_name) + ": control character");
    out.push_back(c);
  }
  return out;
}

}  // namespace

Result<std::vector<QueryParam>> SplitQueryString(std::string_view raw) {
  std::vector<QueryParam> params;
  while (!raw.empty()) {
    const size_t amp = raw.find('&');
    std::string_view segment = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (segment.empty()) continue;
    const size_t eq = segment.find('=');
    std::string_view name = segment.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : segment.substr(eq + 1);
    QueryParam p;
    ORELOG_ASSIGN_OR_RETURN(p.name, Decode(name, name));
    ORELOG_ASSIGN_OR_RETURN(p.value, Decode(name, value));
    if (p.name.empty()) return Status::Invalid("(empty name): a query parameter has no name");
    params.push_back(std::move(p));
  }
  return params;
}

std::string PercentEncodeQueryValue(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : value) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += {'%', kHex[u >> 4], kHex[u & 15]};
    }
  }
  return out;
}

}  // namespace orelog::query
