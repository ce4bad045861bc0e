#include "base/bytes.h"

#include <algorithm>

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

int B64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

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
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = uint32_t{data[i]} << 16 | uint32_t{data[i + 1]} << 8 | data[i + 2];
    out.push_back(kB64Alphabet[v >> 18]);
    out.push_back(kB64Alphabet[(v >> 12) & 63]);
    out.push_back(kB64Alphabet[(v >> 6) & 63]);
    out.push_back(kB64Alphabet[v & 63]);
  }
  size_t rest = data.size() - i;
  if (rest == 1) {
    uint32_t v = uint32_t{data[i]} << 16;
    out.push_back(kB64Alphabet[v >> 18]);
    out.push_back(kB64Alphabet[(v >> 12) & 63]);
    out.append("==");
  } else if (rest == 2) {
    uint32_t v = uint32_t{data[i]} << 16 | uint32_t{data[i + 1]} << 8;
    out.push_back(kB64Alphabet[v >> 18]);
    out.push_back(kB64Alphabet[(v >> 12) & 63]);
    out.push_back(kB64Alphabet[(v >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

Result<Bytes> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return Status::Invalid("base64 length is not a multiple of 4");
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad = 1;
  if (pad == 1 && text.size() >= 2 && text[text.size() - 2] == '=') pad = 2;
  Bytes out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    int v[4];
    for (int j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=' && last && j >= 4 - static_cast<int>(pad)) {
        v[j] = 0;
        continue;
      }
      v[j] = B64Value(c);
      if (v[j] < 0) return Status::Invalid("invalid base64 character at offset " + std::to_string(i + j));
    }
    uint32_t word = uint32_t(v[0]) << 18 | uint32_t(v[1]) << 12 | uint32_t(v[2]) << 6 | uint32_t(v[3]);
    out.push_back(static_cast<uint8_t>(word >> 16));
    if (!(last && pad == 2)) out.push_back(static_cast<uint8_t>(word >> 8));
    if (!(last && pad >= 1)) out.push_back(static_cast<uint8_t>(word));
    // Canonical form: the bits dropped by padding must be zero.
    if (last && pad == 2 && (word & 0xffff) != 0) return Status::Invalid("non-canonical base64 padding bits");
    if (last && pad == 1 && (word & 0xff) != 0) return Status::Invalid("non-canonical base64 padding bits");
  }
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
