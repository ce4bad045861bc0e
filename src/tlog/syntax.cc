#include "tlog/syntax.h"

#include <cstring>

namespace orelog::tlog::syntax {
namespace {

std::string HexByte(uint8_t b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string{'0', 'x', kDigits[b >> 4], kDigits[b & 15]};
}

}  // namespace

bool NextCodePoint(std::string_view s, size_t* pos, char32_t* cp) {
  size_t i = *pos;
  if (i >= s.size()) return false;
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t b0 = byte(i);
  if (b0 < 0x80) {
    *cp = b0;
    *pos = i + 1;
    return true;
  }
  size_t len;
  char32_t min;
  char32_t value;
  if ((b0 & 0xe0) == 0xc0) {
    len = 2, min = 0x80, value = b0 & 0x1f;
  } else if ((b0 & 0xf0) == 0xe0) {
    len = 3, min = 0x800, value = b0 & 0x0f;
  } else if ((b0 & 0xf8) == 0xf0) {
    len = 4, min = 0x10000, value = b0 & 0x07;
  } else {
    return false;  // continuation byte or 0xf8..0xff as a lead byte
  }
  if (s.size() - i < len) return false;
  for (size_t k = 1; k < len; ++k) {
    uint8_t b = byte(i + k);
    if ((b & 0xc0) != 0x80) return false;
    value = value << 6 | (b & 0x3f);
  }
  if (value < min || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return false;
  *cp = value;
  *pos = i + len;
  return true;
}

bool IsUnicodeSpace(char32_t cp) {
  switch (cp) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xa0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200a;
  }
}

Status CheckNoteText(std::string_view s, std::string_view what) {
  size_t pos = 0;
  while (pos < s.size()) {
    size_t at = pos;
    char32_t cp;
    if (!NextCodePoint(s, &pos, &cp)) {
      return Status::Invalid(std::string(what) + ": invalid UTF-8 at byte " + std::to_string(at));
    }
    if (cp < 0x20 && cp != '\n') {
      return Status::Invalid(std::string(what) + ": control character " + HexByte(static_cast<uint8_t>(cp)) +
                             " at byte " + std::to_string(at));
    }
  }
  return Status::Ok();
}

Status CheckKeyName(std::string_view name) {
  if (name.empty()) return Status::Invalid("key name is empty");
  size_t pos = 0;
  while (pos < name.size()) {
    size_t at = pos;
    char32_t cp;
    if (!NextCodePoint(name, &pos, &cp)) {
      return Status::Invalid("key name: invalid UTF-8 at byte " + std::to_string(at));
    }
    if (cp == '+') return Status::Invalid("key name contains '+' at byte " + std::to_string(at));
    if (IsUnicodeSpace(cp)) {
      return Status::Invalid("key name contains a space at byte " + std::to_string(at));
    }
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
      return Status::Invalid("key name contains a control character at byte " + std::to_string(at));
    }
  }
  return Status::Ok();
}

Result<uint64_t> ParseDecimal(std::string_view s, uint64_t max, std::string_view what) {
  if (s.empty()) return Status::Invalid(std::string(what) + ": empty number");
  if (s.size() > 1 && s[0] == '0') {
    return Status::Invalid(std::string(what) + ": leading zero in \"" + std::string(s.substr(0, 24)) + "\"");
  }
  uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return Status::Invalid(std::string(what) + ": not a decimal number: \"" + std::string(s.substr(0, 24)) + "\"");
    }
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (digit > max || value > (max - digit) / 10) {
      return Status::Invalid(std::string(what) + ": number exceeds " + std::to_string(max));
    }
    value = value * 10 + digit;
  }
  return value;
}

Result<Bytes> ParseBase64(std::string_view s, std::string_view what) {
  Result<Bytes> decoded = Base64Decode(s);
  if (!decoded.ok()) return decoded.status().With(std::string(what));
  // base/bytes accepts a few non-canonical paddings (e.g. "AA=A"); signed
  // formats compare encodings byte for byte, so insist on the one spelling.
  if (Base64Encode(*decoded) != s) return Status::Invalid(std::string(what) + ": non-canonical base64");
  return decoded;
}

Result<Hash> ParseBase64Hash(std::string_view s, std::string_view what) {
  ORELOG_ASSIGN_OR_RETURN(Bytes bytes, ParseBase64(s, what));
  Hash h;
  if (bytes.size() != h.size()) {
    return Status::Invalid(std::string(what) + ": hash is " + std::to_string(bytes.size()) +
                           " bytes, want 32");
  }
  std::memcpy(h.data(), bytes.data(), h.size());
  return h;
}

std::string LineReader::Where(std::string_view what) const {
  std::string where = context_.empty() ? "line " : context_ + " line ";
  return where + std::to_string(line_ + 1) + " (" + std::string(what) + ")";
}

Result<std::string_view> LineReader::Next(std::string_view what) {
  if (rest_.empty()) return Status::Invalid(Where(what) + " is missing");
  size_t nl = rest_.find('\n');
  if (nl == std::string_view::npos) return Status::Invalid(Where(what) + " does not end in a newline");
  std::string_view line = rest_.substr(0, nl);
  rest_.remove_prefix(nl + 1);
  ++line_;
  return line;
}

}  // namespace orelog::tlog::syntax
