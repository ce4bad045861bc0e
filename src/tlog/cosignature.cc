#include "tlog/cosignature.h"

#include <cstring>

#include "tlog/checkpoint.h"
#include "tlog/key_text.h"
#include "tlog/syntax.h"

namespace orelog::tlog {

std::string CosignatureMessage(std::string_view checkpoint_text, uint64_t timestamp) {
  std::string msg = "cosignature/v1\ntime " + std::to_string(timestamp) + "\n";
  msg.append(checkpoint_text);
  return msg;
}

Result<Cosignature> DecodeCosignature(const NoteSignature& sig) {
  if (sig.signature.size() != kCosignatureSize) {
    return Status::Invalid("cosignature by " + sig.name + " is " + std::to_string(sig.signature.size()) +
                           " bytes, want 72 (timestamp + Ed25519)");
  }
  Cosignature out;
  out.name = sig.name;
  out.key_id = sig.key_id;
  for (int i = 0; i < 8; ++i) out.timestamp = out.timestamp << 8 | sig.signature[i];
  if (out.timestamp > syntax::kMaxUint63) {
    return Status::Invalid("cosignature by " + sig.name + ": timestamp exceeds 2^63-1");
  }
  std::memcpy(out.sig.data(), sig.signature.data() + 8, out.sig.size());
  return out;
}

Result<uint64_t> CosignatureTimestamp(const NoteSignature& sig) {
  ORELOG_ASSIGN_OR_RETURN(Cosignature c, DecodeCosignature(sig));
  return c.timestamp;
}

NoteSignature EncodeCosignature(const Cosignature& cosig) {
  NoteSignature out{cosig.name, cosig.key_id, Bytes(kCosignatureSize)};
  for (int i = 0; i < 8; ++i) out.signature[i] = static_cast<uint8_t>(cosig.timestamp >> (56 - 8 * i));
  std::memcpy(out.signature.data() + 8, cosig.sig.data(), cosig.sig.size());
  return out;
}

Status VerifyCosignature(const VerifierKey& key, std::string_view checkpoint_text,
                         const NoteSignature& sig) {
  if (key.type != kAlgCosignatureV1) return Status::Unverified("key " + key.name + " is not a cosignature/v1 key");
  if (key.name != sig.name || key.id != sig.key_id) {
    return Status::Unverified("cosignature is not by key " + key.name);
  }
  Result<Cosignature> c = DecodeCosignature(sig);
  if (!c.ok()) return Status::Unverified(c.status().message());
  Result<Checkpoint> cp = ParseCheckpoint(checkpoint_text);
  if (!cp.ok()) return Status::Unverified("cosigned text is not a checkpoint: " + cp.status().message());
  std::string msg = CosignatureMessage(checkpoint_text, c->timestamp);
  if (!ed25519::Verify(key.key, AsBytes(msg), c->sig)) return Status::Unverified("bad cosignature/v1 signature");
  return Status::Ok();
}

CosignerKey::CosignerKey(std::string name, ed25519::KeyPair pair)
    : name_(std::move(name)),
      id_(KeyID(name_, kAlgCosignatureV1, pair.public_key())),
      pair_(std::move(pair)) {}

Result<CosignerKey> CosignerKey::Generate(std::string name) {
  ORELOG_RETURN_IF_ERROR(syntax::CheckKeyName(name));
  return CosignerKey(std::move(name), ed25519::KeyPair::Generate());
}

Result<CosignerKey> CosignerKey::FromSeed(std::string name, const ed25519::Seed& seed) {
  ORELOG_RETURN_IF_ERROR(syntax::CheckKeyName(name));
  return CosignerKey(std::move(name), ed25519::KeyPair::FromSeed(seed));
}

Result<CosignerKey> CosignerKey::Parse(std::string_view skey) {
  ORELOG_ASSIGN_OR_RETURN(keytext::PrivateKey key, keytext::ParsePrivateKey(skey, kAlgCosignatureV1));
  return CosignerKey(key.name, ed25519::KeyPair::FromSeed(key.seed));
}

std::string CosignerKey::ToString() const {
  return keytext::FormatPrivateKey(name_, id_, kAlgCosignatureV1, pair_.seed());
}

VerifierKey CosignerKey::Verifier() const {
  return VerifierKey{name_, id_, kAlgCosignatureV1, pair_.public_key()};
}

Result<NoteSignature> CosignerKey::Cosign(std::string_view checkpoint_text, uint64_t timestamp) const {
  Result<Checkpoint> cp = ParseCheckpoint(checkpoint_text);
  if (!cp.ok()) return cp.status().With("Cosign");
  if (timestamp > syntax::kMaxUint63) return Status::Invalid("Cosign: timestamp exceeds 2^63-1");
  std::string msg = CosignatureMessage(checkpoint_text, timestamp);
  return EncodeCosignature(Cosignature{name_, id_, timestamp, pair_.Sign(AsBytes(msg))});
}

}  // namespace orelog::tlog
