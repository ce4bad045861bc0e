// Signed notes (c2sp.org/signed-note@v1.0.0) and their keys.
//
// Note grammar (every line ends in "\n"; the whole note is valid UTF-8 with
// no control character below U+0020 other than "\n"):
//
//   note     = text "\n" 1*sigline        ; text = everything before the LAST
//   text     = 1*line                     ;   blank line, final "\n" included
//   sigline  = "— " name " " base64(key_id || signature) "\n"
//                                         ; "—" is U+2014 (E2 80 94)
//   name     = 1*char without Unicode spaces or "+"
//   key_id   = 4 bytes, big-endian uint32 ; signature: >= 1 byte
//
// Key texts:
//
//   vkey     = name "+" hex8(key_id) "+" base64(type || public_key)
//   skey     = "PRIVATE+KEY+" name "+" hex8(key_id) "+" base64(type || seed)
//   key_id   = SHA-256(name || "\n" || type || public_key)[:4]
//
// hex8 is eight lowercase hex digits. The skey form is the golang.org/x/mod
// sumdb/note convention (not part of C2SP). Types handled here: 0x01 Ed25519
// over the note text; 0x04 timestamped Ed25519 checkpoint cosignature
// (c2sp.org/tlog-cosignature, see tlog/cosignature.h).
//
// Parsing is strict and never throws: malformed input yields InvalidArgument
// naming what was wrong and where; a signature that does not check yields
// VerificationFailed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/ed25519.h"
#include "orelog/status.h"

namespace orelog::tlog {

inline constexpr uint8_t kAlgEd25519 = 0x01;
inline constexpr uint8_t kAlgCosignatureV1 = 0x04;

// Limits on what ParseNote accepts. The spec requires accepting at least 16
// signatures; post-quantum signatures may each be ~5 kB, so 1 MiB is ample.
inline constexpr size_t kMaxNoteSize = size_t{1} << 20;
inline constexpr size_t kMaxNoteSignatures = 100;

// First four bytes, big-endian, of SHA-256(name || "\n" || type || public_key).
uint32_t KeyID(std::string_view name, uint8_t type, ByteView public_key);

// A public key that verifies note signatures: Ed25519 (kAlgEd25519) or
// Ed25519 cosignature/v1 (kAlgCosignatureV1).
struct VerifierKey {
  std::string name;
  uint32_t id = 0;
  uint8_t type = kAlgEd25519;
  ed25519::PublicKey key{};

  // The vkey text "<name>+<hex8 id>+<base64(type || key)>".
  std::string ToString() const;
};

// Parses a vkey. Strict: valid key name, exactly eight lowercase hex digits,
// canonical base64, type 0x01 or 0x04, a 32-byte key, and an id that matches
// the one recomputed from (name, type, key).
Result<VerifierKey> ParseVerifierKey(std::string_view vkey);

// An Ed25519 (type 0x01) note signing key. The seed is wiped on destruction.
class SignerKey {
 public:
  // A fresh key from the OS random source. InvalidArgument for a bad name.
  static Result<SignerKey> Generate(std::string name);
  // Deterministic: the key pair derived from `seed` (RFC 8032).
  static Result<SignerKey> FromSeed(std::string name, const ed25519::Seed& seed);
  // Parses "PRIVATE+KEY+<name>+<hex8 id>+base64(0x01 || seed)"; the id must
  // match the public key derived from the seed.
  static Result<SignerKey> Parse(std::string_view skey);

  // The skey text (secret: handle like a password).
  std::string ToString() const;
  VerifierKey Verifier() const;
  const std::string& name() const { return name_; }
  uint32_t id() const { return id_; }
  const ed25519::PublicKey& public_key() const { return pair_.public_key(); }
  // Ed25519 over `msg` (for a note: over its text).
  ed25519::Signature Sign(ByteView msg) const;

 private:
  SignerKey(std::string name, ed25519::KeyPair pair);
  std::string name_;
  uint32_t id_;
  ed25519::KeyPair pair_;
};

// One signature line of a note.
struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  Bytes signature;  // the bytes after the 4-byte key ID
};

struct Note {
  std::string text;  // ends in "\n"
  std::vector<NoteSignature> signatures;
};

// "— <name> <base64(key_id || signature)>\n". Precondition: the name is valid.
std::string FormatSignatureLine(const NoteSignature& sig);

// Parses one or more signature lines, each ending in "\n" (the body of a
// tlog-witness add-checkpoint response, for instance). At most
// kMaxNoteSignatures lines.
Result<std::vector<NoteSignature>> ParseSignatureLines(std::string_view lines);

// Splits a note into text and signatures, checking structure only (no
// cryptography): the grammar above, at most kMaxNoteSize bytes and
// kMaxNoteSignatures signatures.
Result<Note> ParseNote(std::string_view note);

// Signs `text` with each signer: returns text + "\n" + one line per signer,
// in order. InvalidArgument if the text is not valid note text (non-empty,
// ends in "\n", the character rule above), or there are no signers, or a
// signer is null.
Result<std::string> SignNote(std::string_view text, std::span<const SignerKey* const> signers);

struct OpenedNote {
  std::string text;
  std::vector<NoteSignature> verified;  // from known keys, each key once
  std::vector<NoteSignature> unknown;   // (name, id) matched no verifier
};

// Parses and verifies a note against trusted keys. Per the spec: signatures
// whose (name, key id) matches no verifier are ignored (listed in `unknown`);
// a signature from a known key that fails to verify rejects the whole note
// (VerificationFailed); if no known key's signature verifies, the note is
// rejected (VerificationFailed). A type-0x04 verifier checks a cosignature/v1
// (tlog/cosignature.h), which requires the text to be a checkpoint.
Result<OpenedNote> OpenNote(std::string_view note, std::span<const VerifierKey> verifiers);

}  // namespace orelog::tlog
