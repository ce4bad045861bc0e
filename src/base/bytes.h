// Byte strings and their text encodings: lowercase hex and RFC 4648 §4
// base64 (standard alphabet, padded). Decoders are strict: they reject
// non-canonical input (wrong padding, stray characters, non-zero pad bits),
// because signed formats compare encodings byte for byte.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "orelog/status.h"

namespace orelog {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsChars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::string HexEncode(ByteView data);
Result<Bytes> HexDecode(std::string_view hex);

std::string Base64Encode(ByteView data);
// Appends the Base64Encode of `data` to `out` (no temporary string).
void Base64EncodeTo(ByteView data, std::string& out);
Result<Bytes> Base64Decode(std::string_view text);

// RFC 4648 §5 base64url without padding; the decoder refuses padding, stray
// characters and non-zero trailing bits.
std::string Base64UrlEncode(ByteView data);
Result<Bytes> Base64UrlDecode(std::string_view text);

// Constant-time equality for secrets (same length required to match).
bool ConstantTimeEqual(ByteView a, ByteView b);

}  // namespace orelog
