#include "base/bytes.h"

#include <algorithm>
#include <cstring>

namespace orelog {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kB64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // lowercase only: one text per byte string
}

// Base64 alphabet value of each byte, 0xff for bytes outside it ('=' too).
struct B64Table {
  uint8_t v[256];
  constexpr B64Table() : v() {
    for (int i = 0; i < 256; ++i) v[i] = 0xff;
    for (int i = 0; i < 64; ++i) v[static_cast<uint8_t>(kB64Alphabet[i])] = static_cast<uint8_t>(i);
  }
};
constexpr B64Table kB64Values;

// The two Base64 characters of each 12-bit group: encoding writes two
// characters per lookup (half the lookups of one per 6 bits; 8 KiB table).
struct B64Pairs {
  char v[4096][2];
  constexpr B64Pairs() : v() {
    for (int i = 0; i < 4096; ++i) {
      v[i][0] = kB64Alphabet[i >> 6];
      v[i][1] = kB64Alphabet[i & 63];
    }
  }
};
constexpr B64Pairs kB64Pairs;

}  // namespace

std::string HexEncode(ByteView data) {
  std::string out;
  out.reserve(data.size() * 2);
  for (uint8_t b : data) {
    out.push_back(kHexDigits[b >> 4]);
    out.push_back(kHexDigits[b & 15]);
  }
  return out;
}

Result<Bytes> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return Status::Invalid("hex string has odd length");
  Bytes out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return Status::Invalid("invalid hex digit at offset " + std::to_string(2 * i));
    }
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

std::string Base64Encode(ByteView data) {
  std::string out;
  Base64EncodeTo(data, out);
  return out;
}

void Base64EncodeTo(ByteView data, std::string& out) {
  const size_t start = out.size();
  out.resize(start + (data.size() + 2) / 3 * 4, '=');
  char* o = out.data() + start;
  const uint8_t* p = data.data();
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3, o += 4) {
    const uint32_t v = uint32_t{p[i]} << 16 | uint32_t{p[i + 1]} << 8 | p[i + 2];
    std::memcpy(o, kB64Pairs.v[v >> 12], 2);
    std::memcpy(o + 2, kB64Pairs.v[v & 4095], 2);
  }
  if (const size_t rest = data.size() - i; rest > 0) {  // "==" or "=" already in place
    const uint32_t v = uint32_t{p[i]} << 16 | (rest == 2 ? uint32_t{p[i + 1]} << 8 : 0);
    o[0] = kB64Alphabet[v >> 18];
    o[1] = kB64Alphabet[(v >> 12) & 63];
    if (rest == 2) o[2] = kB64Alphabet[(v >> 6) & 63];
  }
}

Result<Bytes> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return Status::Invalid("base64 length is not a multiple of 4");
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad = 1;
  if (pad == 1 && text.size() >= 2 && text[text.size() - 2] == '=') pad = 2;
  Bytes out(text.size() / 4 * 3 - pad);
  const auto* t = reinterpret_cast<const uint8_t*>(text.data());
  uint8_t* o = out.data();
  auto bad = [&](size_t at) {
    for (size_t j = at; j < at + 4; ++j) {
      if (kB64Values.v[t[j]] == 0xff) return Status::Invalid("invalid base64 character at offset " + std::to_string(j));
    }
    return Status::Invalid("invalid base64 character at offset " + std::to_string(at));
  };
  // Every quantum but the last: four alphabet characters, three bytes.
  const size_t body = text.empty() ? 0 : text.size() - 4;
  for (size_t i = 0; i < body; i += 4, o += 3) {
    const uint8_t a = kB64Values.v[t[i]], b = kB64Values.v[t[i + 1]], c = kB64Values.v[t[i + 2]],
                  d = kB64Values.v[t[i + 3]];
    if (((a | b | c | d) & 0xc0) != 0) return bad(i);  // 0xff marks a non-alphabet byte
    const uint32_t word = uint32_t{a} << 18 | uint32_t{b} << 12 | uint32_t{c} << 6 | d;
    o[0] = static_cast<uint8_t>(word >> 16);
    o[1] = static_cast<uint8_t>(word >> 8);
    o[2] = static_cast<uint8_t>(word);
  }
  if (text.empty()) return out;
  // The last quantum, with its padding.
  uint32_t word = 0;
  for (size_t j = 0; j < 4; ++j) {
    const size_t at = body + j;
    uint32_t v = 0;
    if (j >= 4 - pad) {
      v = 0;  // '=' in a padding position
    } else {
      v = kB64Values.v[t[at]];
      if (v == 0xff) return Status::Invalid("invalid base64 character at offset " + std::to_string(at));
    }
    word = word << 6 | v;
  }
  // Canonical form: the bits dropped by padding must be zero.
  if ((pad == 2 && (word & 0xffff) != 0) || (pad == 1 && (word & 0xff) != 0)) {
    return Status::Invalid("non-canonical base64 padding bits");
  }
  o[0] = static_cast<uint8_t>(word >> 16);
  if (pad < 2) o[1] = static_cast<uint8_t>(word >> 8);
  if (pad < 1) o[2] = static_cast<uint8_t>(word);
  return out;
}

bool ConstantTimeEqual(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  uint8_t diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<uint8_t>(a[i] ^ b[i]);
  return diff == 0;
}

namespace {
constexpr char kB64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}  // namespace

std::string Base64UrlEncode(ByteView data) {
  std::string out;
  out.reserve((data.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t n = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
    for (int s = 18; s >= 0; s -= 6) out.push_back(kB64Url[(n >> s) & 63]);
  }
  if (size_t rest = data.size() - i; rest > 0) {
    uint32_t n = uint32_t{data[i]} << 16;
    if (rest == 2) n |= uint32_t{data[i + 1]} << 8;
    out.push_back(kB64Url[(n >> 18) & 63]);
    out.push_back(kB64Url[(n >> 12) & 63]);
    if (rest == 2) out.push_back(kB64Url[(n >> 6) & 63]);
  }
  return out;
}

Result<Bytes> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) return Status::Invalid("bad base64url length");
  Bytes out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const char* p = std::find(kB64Url, kB64Url + 64, c);
    if (p == kB64Url + 64 || c == '\0') return Status::Invalid("bad base64url character");
    acc = (acc << 6) | static_cast<uint32_t>(p - kB64Url);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>((acc >> bits) & 0xFF));
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0) return Status::Invalid("non-zero base64url pad bits");
  return out;
}

}  // namespace orelog
