// Ed25519 checkpoint cosignatures, cosignature/v1 (c2sp.org/tlog-cosignature
// @v1.0.1, signature type 0x04): a witness's statement that, as of
// `timestamp`, this checkpoint is the largest consistent tree it has seen for
// the origin.
//
// Layout of the note signature (after the 4-byte key ID of tlog/note.h):
//
//   timestamped_signature = timestamp[8] || ed25519_signature[64]   ; 72 bytes
//   timestamp             = uint64 big-endian POSIX seconds, <= 2^63-1
//
// Signed message:
//
//   "cosignature/v1\n" "time " decimal(timestamp) "\n" checkpoint_body
//
// where checkpoint_body is the whole note text (extension lines included,
// signature lines excluded). Key ID = SHA-256(name || "\n" || 0x04 || pub)[:4].
// The name is not in the message, so one Ed25519 key must serve only one
// cosigner name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/ed25519.h"
#include "orelog/status.h"
#include "tlog/note.h"

namespace orelog::tlog {

inline constexpr size_t kCosignatureSize = 8 + 64;

struct Cosignature {
  std::string name;
  uint32_t key_id = 0;
  uint64_t timestamp = 0;
  ed25519::Signature sig{};
};

// The message a cosigner signs. No validation.
std::string CosignatureMessage(std::string_view checkpoint_text, uint64_t timestamp);

// Splits a note signature into timestamp and Ed25519 signature. InvalidArgument
// unless it is 72 bytes with a timestamp <= 2^63-1.
Result<Cosignature> DecodeCosignature(const NoteSignature& sig);
Result<uint64_t> CosignatureTimestamp(const NoteSignature& sig);
// The note signature for a cosignature (format with FormatSignatureLine).
NoteSignature EncodeCosignature(const Cosignature& cosig);

// Checks a cosignature by `key` (type 0x04, matching name and key ID) over
// `checkpoint_text`, which must parse as a checkpoint. VerificationFailed
// naming the reason otherwise. OpenNote uses this for type-0x04 verifiers.
Status VerifyCosignature(const VerifierKey& key, std::string_view checkpoint_text,
                         const NoteSignature& sig);

// A cosigner's Ed25519 key (type 0x04). The seed is wiped on destruction.
// Its skey text is "PRIVATE+KEY+<name>+<hex8 id>+base64(0x04 || seed)".
class CosignerKey {
 public:
  static Result<CosignerKey> Generate(std::string name);
  static Result<CosignerKey> FromSeed(std::string name, const ed25519::Seed& seed);
  static Result<CosignerKey> Parse(std::string_view skey);

  std::string ToString() const;  // secret
  VerifierKey Verifier() const;  // type 0x04
  const std::string& name() const { return name_; }
  uint32_t id() const { return id_; }

  // Cosigns a checkpoint body at `timestamp`. InvalidArgument if the text is
  // not a valid checkpoint or the timestamp exceeds 2^63-1.
  Result<NoteSignature> Cosign(std::string_view checkpoint_text, uint64_t timestamp) const;

 private:
  CosignerKey(std::string name, ed25519::KeyPair pair);
  std::string name_;
  uint32_t id_;
  ed25519::KeyPair pair_;
};

}  // namespace orelog::tlog
