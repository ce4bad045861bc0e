#include "epcis/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

#include <boost/json.hpp>

namespace orelog::epcis {
namespace {

namespace json = boost::json;

// True if `s` is valid UTF-8 (no overlong forms, surrogates, code points
// above U+10FFFF or truncation). ASCII runs are skipped eight bytes at a time.
bool ValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const uint8_t b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    uint32_t cp;
    size_t len;
    if ((b & 0xE0) == 0xC0) { cp = b & 0x1F; len = 2; }
    else if ((b & 0xF0) == 0xE0) { cp = b & 0x0F; len = 3; }
    else if ((b & 0xF8) == 0xF0) { cp = b & 0x07; len = 4; }
    else return false;
    if (i + len > n) return false;
    for (size_t j = 1; j < len; ++j) {
      if ((p[i + j] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + j] & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// a < b in UTF-16 code-unit order (RFC 8785 §3.2.3), for valid UTF-8 a, b,
// without converting them. UTF-8 byte order is code-point order, which is
// UTF-16 order except between a supplementary character (four UTF-8 bytes,
// lead F0..F4; UTF-16 surrogates D800..DFFF) and one of U+E000..U+FFFF (lead
// EE or EF): there UTF-16 puts the supplementary character first. Where two
// valid strings first differ, either both bytes are lead bytes (the fix-up
// applies) or both are bytes of same-length sequences (byte order holds).
bool Utf16Less(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  if (i == n) return a.size() < b.size();
  const auto x = static_cast<uint8_t>(a[i]), y = static_cast<uint8_t>(b[i]);
  const bool x_supp = x >= 0xF0, y_supp = y >= 0xF0;
  const bool x_high = x == 0xEE || x == 0xEF, y_high = y == 0xEE || y == 0xEF;
  if (x_supp && y_high) return true;
  if (y_supp && x_high) return false;
  return x < y;
}

Status AppendString(std::string_view s, std::string& out) {
  if (!ValidUtf8(s)) return Status::Invalid("string is not valid UTF-8");
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;  // start of the pending run of bytes copied as they are
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
  return Status::Ok();
}

// ECMAScript Number::toString(x) for finite x (ECMA-262 §6.1.6.1.20), from
// the shortest round-trip digits that std::to_chars produces.
std::string FormatDouble(double x) {
  if (x == 0) return "0";  // also -0
  std::string out;
  if (x < 0) { out.push_back('-'); x = -x; }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));  // d[.ddd]e±XX
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) if (c != '.') digits.push_back(c);
  int exp = 0;
  std::string_view es = sci.substr(e + 1);
  if (es[0] == '+') es.remove_prefix(1);
  std::from_chars(es.data(), es.data() + es.size(), exp);
  const int k = static_cast<int>(digits.size());
  const int n = exp + 1;  // x = 0.digits × 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n));
    out.push_back('.');
    out += digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out += digits.substr(1);
    }
    out.push_back('e');
    out.push_back(n - 1 < 0 ? '-' : '+');
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

constexpr uint64_t kMaxExactInteger = uint64_t{1} << 53;

Status Append(const json::value& v, int depth, std::string& out) {
  if (depth > kMaxCanonicalDepth) return Status::Invalid("JSON nested too deeply");
  switch (v.kind()) {
    case json::kind::null: out += "null"; return Status::Ok();
    case json::kind::bool_: out += v.get_bool() ? "true" : "false"; return Status::Ok();
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: {
      ORELOG_ASSIGN_OR_RETURN(std::string n, CanonicalNumber(v));
      out += n;
      return Status::Ok();
    }
    case json::kind::string: return AppendString(v.get_string(), out);
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const json::value& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        ORELOG_RETURN_IF_ERROR(Append(e, depth + 1, out));
      }
      out.push_back(']');
      return Status::Ok();
    }
    case json::kind::object: {
      const json::object& obj = v.get_object();
      // Most objects are small: their member list lives on the stack (no
      // allocation per object; a passport's claims have hundreds).
      constexpr size_t kInline = 16;
      const json::key_value_pair* inline_members[kInline];
      std::vector<const json::key_value_pair*> heap_members;
      const json::key_value_pair** members = inline_members;
      if (obj.size() > kInline) {
        heap_members.resize(obj.size());
        members = heap_members.data();
      }
      size_t n = 0;
      for (const json::key_value_pair& kv : obj) {
        if (!ValidUtf8(kv.key())) return Status::Invalid("member name is not valid UTF-8");
        members[n++] = &kv;
      }
      // UTF-16 code-unit order (RFC 8785 §3.2.3). Boost.JSON objects have
      // unique keys.
      std::sort(members, members + n,
                [](const json::key_value_pair* a, const json::key_value_pair* b) { return Utf16Less(a->key(), b->key()); });
      out.push_back('{');
      bool first = true;
      for (const json::key_value_pair* kv : std::span(members, n)) {
        if (!first) out.push_back(',');
        first = false;
        ORELOG_RETURN_IF_ERROR(AppendString(kv->key(), out));
        out.push_back(':');
        ORELOG_RETURN_IF_ERROR(Append(kv->value(), depth + 1, out));
      }
      out.push_back('}');
      return Status::Ok();
    }
  }
  return Status::Internal("unknown JSON kind");
}

}  // namespace

Result<std::string> CanonicalNumber(const json::value& v) {
  if (v.is_int64()) {
    int64_t i = v.get_int64();
    uint64_t mag = i < 0 ? uint64_t(0) - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
    if (mag > kMaxExactInteger) return Status::Invalid("integer beyond 2^53 would be rounded");
    return std::to_string(i);
  }
  if (v.is_uint64()) {
    if (v.get_uint64() > kMaxExactInteger) {
      return Status::Invalid("integer beyond 2^53 would be rounded");
    }
    return std::to_string(v.get_uint64());
  }
  if (v.is_double()) {
    if (!std::isfinite(v.get_double())) return Status::Invalid("number is not finite");
    return FormatDouble(v.get_double());
  }
  return Status::Invalid("not a number");
}

Result<std::string> CanonicalJson(const json::value& value) {
  std::string out;
  ORELOG_RETURN_IF_ERROR(Append(value, 0, out));
  return out;
}

namespace {

// In JSON text every number token is an IEEE double (RFC 8785 §3.2.2.3).
// Boost.JSON keeps integer tokens as int64/uint64, which CanonicalNumber
// refuses beyond ±2^53 (a caller's integer must not be rounded silently);
// a token is not a caller's integer, so it becomes the double it denotes.
// Without this, the JCS form of 16666666660166666.64 ("16666666660166666")
// would not canonicalise again.
void TokensAsDoubles(json::value& v) {
  if (v.is_int64()) {
    int64_t i = v.get_int64();
    uint64_t mag = i < 0 ? uint64_t(0) - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
    if (mag > kMaxExactInteger) v = static_cast<double>(i);
  } else if (v.is_uint64()) {
    if (v.get_uint64() > kMaxExactInteger) v = static_cast<double>(v.get_uint64());
  } else if (v.is_array()) {
    for (json::value& e : v.get_array()) TokensAsDoubles(e);
  } else if (v.is_object()) {
    for (json::key_value_pair& kv : v.get_object()) TokensAsDoubles(kv.value());
  }
}

}  // namespace

Result<std::string> CanonicalizeText(std::string_view text) {
  ORELOG_ASSIGN_OR_RETURN(json::value v, ParseJson(text));
  TokensAsDoubles(v);  // depth already bounded by ParseJson
  return CanonicalJson(v);
}

}  // namespace orelog::epcis
