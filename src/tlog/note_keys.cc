// Key IDs, vkeys and Ed25519 note signers (see tlog/note.h).
#include <cstring>

#include "base/sha256.h"
#include "tlog/key_text.h"
#include "tlog/note.h"
#include "tlog/syntax.h"

namespace orelog::tlog {

uint32_t KeyID(std::string_view name, uint8_t type, ByteView public_key) {
  Sha256 sha;
  sha.Begin();
  sha.Add(AsBytes(name));
  sha.Add(uint8_t{'\n'});
  sha.Add(type);
  sha.Add(public_key);
  Hash h = sha.Finish();
  return uint32_t{h[0]} << 24 | uint32_t{h[1]} << 16 | uint32_t{h[2]} << 8 | h[3];
}

std::string VerifierKey::ToString() const {
  Bytes raw(1 + key.size());
  raw[0] = type;
  std::memcpy(raw.data() + 1, key.data(), key.size());
  return name + "+" + keytext::FormatKeyID(id) + "+" + Base64Encode(raw);
}

Result<VerifierKey> ParseVerifierKey(std::string_view vkey) {
  // Split at the first two '+': base64 may itself contain '+'.
  size_t p1 = vkey.find('+');
  size_t p2 = p1 == std::string_view::npos ? p1 : vkey.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return Status::Invalid("vkey: want <name>+<id>+<key>");
  VerifierKey out;
  out.name = std::string(vkey.substr(0, p1));
  ORELOG_RETURN_IF_ERROR(syntax::CheckKeyName(out.name).With("vkey"));
  Result<uint32_t> id = keytext::ParseKeyID(vkey.substr(p1 + 1, p2 - p1 - 1));
  if (!id.ok()) return id.status().With("vkey");
  out.id = *id;
  ORELOG_ASSIGN_OR_RETURN(Bytes raw, syntax::ParseBase64(vkey.substr(p2 + 1), "vkey key"));
  if (raw.empty()) return Status::Invalid("vkey: key is empty");
  out.type = raw[0];
  if (out.type != kAlgEd25519 && out.type != kAlgCosignatureV1) {
    return Status::Invalid("vkey: unsupported key type " + std::to_string(out.type));
  }
  if (raw.size() != 1 + out.key.size()) {
    return Status::Invalid("vkey: Ed25519 key is " + std::to_string(raw.size() - 1) + " bytes, want 32");
  }
  std::memcpy(out.key.data(), raw.data() + 1, out.key.size());
  if (KeyID(out.name, out.type, out.key) != out.id) {
    return Status::Invalid("vkey: key ID " + keytext::FormatKeyID(out.id) + " does not match the key");
  }
  return out;
}

SignerKey::SignerKey(std::string name, ed25519::KeyPair pair)
    : name_(std::move(name)),
      id_(KeyID(name_, kAlgEd25519, pair.public_key())),
      pair_(std::move(pair)) {}

Result<SignerKey> SignerKey::Generate(std::string name) {
  ORELOG_RETURN_IF_ERROR(syntax::CheckKeyName(name));
  return SignerKey(std::move(name), ed25519::KeyPair::Generate());
}

Result<SignerKey> SignerKey::FromSeed(std::string name, const ed25519::Seed& seed) {
  ORELOG_RETURN_IF_ERROR(syntax::CheckKeyName(name));
  return SignerKey(std::move(name), ed25519::KeyPair::FromSeed(seed));
}

Result<SignerKey> SignerKey::Parse(std::string_view skey) {
  ORELOG_ASSIGN_OR_RETURN(keytext::PrivateKey key, keytext::ParsePrivateKey(skey, kAlgEd25519));
  return SignerKey(key.name, ed25519::KeyPair::FromSeed(key.seed));
}

std::string SignerKey::ToString() const {
  return keytext::FormatPrivateKey(name_, id_, kAlgEd25519, pair_.seed());
}

VerifierKey SignerKey::Verifier() const {
  return VerifierKey{name_, id_, kAlgEd25519, pair_.public_key()};
}

ed25519::Signature SignerKey::Sign(ByteView msg) const { return pair_.Sign(msg); }

}  // namespace orelog::tlog
