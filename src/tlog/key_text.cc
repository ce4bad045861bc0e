#include "tlog/key_text.h"

#include <sodium.h>

#include <cstring>

#include "base/bytes.h"
#include "tlog/note.h"
#include "tlog/syntax.h"

namespace orelog::tlog::keytext {
namespace {

constexpr std::string_view kPrivatePrefix = "PRIVATE+KEY+";

// Wipes a byte buffer holding secret material when it goes out of scope.
struct Wiper {
  Bytes& bytes;
  ~Wiper() {
    if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
  }
};

}  // namespace

std::string FormatKeyID(uint32_t id) {
  uint8_t be[4] = {static_cast<uint8_t>(id >> 24), static_cast<uint8_t>(id >> 16),
                   static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id)};
  return HexEncode(ByteView(be, 4));
}

Result<uint32_t> ParseKeyID(std::string_view hex8) {
  if (hex8.size() != 8) return Status::Invalid("key ID must be 8 hex digits, got " + std::to_string(hex8.size()));
  uint32_t id = 0;
  for (char c : hex8) {
    uint32_t v;
    if (c >= '0' && c <= '9') {
      v = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v = static_cast<uint32_t>(c - 'a' + 10);
    } else {
      return Status::Invalid("key ID must be lowercase hex");
    }
    id = id << 4 | v;
  }
  return id;
}

PrivateKey::~PrivateKey() { sodium_memzero(seed.data(), seed.size()); }

Result<PrivateKey> ParsePrivateKey(std::string_view skey, uint8_t type) {
  if (!skey.starts_with(kPrivatePrefix)) return Status::Invalid("private key does not start with PRIVATE+KEY+");
  skey.remove_prefix(kPrivatePrefix.size());
  size_t p1 = skey.find('+');
  size_t p2 = p1 == std::string_view::npos ? p1 : skey.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return Status::Invalid("private key: want PRIVATE+KEY+<name>+<id>+<key>");
  PrivateKey out;
  out.name = std::string(skey.substr(0, p1));
  ORELOG_RETURN_IF_ERROR(syntax::CheckKeyName(out.name).With("private key"));
  ORELOG_ASSIGN_OR_RETURN(out.id, ParseKeyID(skey.substr(p1 + 1, p2 - p1 - 1)));
  // Decode by hand rather than through ParseBase64 so the decoded secret is
  // wiped on every path.
  Result<Bytes> decoded = Base64Decode(skey.substr(p2 + 1));
  if (!decoded.ok()) return decoded.status().With("private key");
  Bytes& raw = *decoded;
  Wiper wipe{raw};
  if (Base64Encode(raw) != skey.substr(p2 + 1)) return Status::Invalid("private key: non-canonical base64");
  if (raw.size() != 1 + out.seed.size()) {
    return Status::Invalid("private key: want 33 bytes (type + seed), got " + std::to_string(raw.size()));
  }
  if (raw[0] != type) {
    return Status::Invalid("private key: type " + std::to_string(raw[0]) + ", want " + std::to_string(type));
  }
  std::memcpy(out.seed.data(), raw.data() + 1, out.seed.size());
  ed25519::KeyPair pair = ed25519::KeyPair::FromSeed(out.seed);
  if (KeyID(out.name, type, pair.public_key()) != out.id) {
    return Status::Invalid("private key: key ID " + FormatKeyID(out.id) + " does not match the key");
  }
  return out;
}

std::string FormatPrivateKey(std::string_view name, uint32_t id, uint8_t type,
                             const ed25519::Seed& seed) {
  Bytes raw(1 + seed.size());
  Wiper wipe{raw};
  raw[0] = type;
  std::memcpy(raw.data() + 1, seed.data(), seed.size());
  std::string out(kPrivatePrefix);
  out.append(name).append("+").append(FormatKeyID(id)).append("+").append(Base64Encode(raw));
  return out;
}

}  // namespace orelog::tlog::keytext
