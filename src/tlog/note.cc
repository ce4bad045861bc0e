// Signed-note structure, signing and verification (see tlog/note.h).
#include "tlog/note.h"

#include <cstring>

#include "tlog/cosignature.h"
#include "tlog/key_text.h"
#include "tlog/syntax.h"

namespace orelog::tlog {
namespace {

constexpr std::string_view kEmDashSpace = "\xe2\x80\x94 ";  // U+2014, then a space

std::string KeyLabel(std::string_view name, uint32_t id) {
  return std::string(name) + "+" + keytext::FormatKeyID(id);
}

// One signature line without its "\n"; `where` locates it for errors.
Result<NoteSignature> ParseSignatureLine(std::string_view line, const std::string& where) {
  if (!line.starts_with(kEmDashSpace)) {
    return Status::Invalid(where + ": signature line does not start with \"— \"");
  }
  line.remove_prefix(kEmDashSpace.size());
  size_t space = line.find(' ');
  if (space == std::string_view::npos) return Status::Invalid(where + ": want \"— <name> <signature>\"");
  NoteSignature sig;
  sig.name = std::string(line.substr(0, space));
  ORELOG_RETURN_IF_ERROR(syntax::CheckKeyName(sig.name).With(where));
  ORELOG_ASSIGN_OR_RETURN(Bytes raw, syntax::ParseBase64(line.substr(space + 1), where));
  if (raw.size() < 5) {
    return Status::Invalid(where + ": signature is " + std::to_string(raw.size()) +
                           " bytes, want a 4-byte key ID and at least 1 byte");
  }
  sig.key_id = uint32_t{raw[0]} << 24 | uint32_t{raw[1]} << 16 | uint32_t{raw[2]} << 8 | raw[3];
  sig.signature.assign(raw.begin() + 4, raw.end());
  return sig;
}

Status CheckText(std::string_view text) {
  if (text.empty()) return Status::Invalid("note text is empty");
  if (text.back() != '\n') return Status::Invalid("note text does not end in a newline");
  return syntax::CheckNoteText(text, "note text");
}

// Whether `sig` is a valid signature of `text` by `key`.
Status VerifyOne(const VerifierKey& key, std::string_view text, const NoteSignature& sig) {
  switch (key.type) {
    case kAlgEd25519: {
      ed25519::Signature s;
      if (sig.signature.size() != s.size()) {
        return Status::Unverified("Ed25519 signature is " + std::to_string(sig.signature.size()) +
                                  " bytes, want 64");
      }
      std::memcpy(s.data(), sig.signature.data(), s.size());
      if (!ed25519::Verify(key.key, AsBytes(text), s)) return Status::Unverified("bad Ed25519 signature");
      return Status::Ok();
    }
    case kAlgCosignatureV1:
      return VerifyCosignature(key, text, sig);
    default:
      return Status::Unverified("unsupported key type " + std::to_string(key.type));
  }
}

}  // namespace

std::string FormatSignatureLine(const NoteSignature& sig) {
  Bytes raw(4 + sig.signature.size());
  raw[0] = static_cast<uint8_t>(sig.key_id >> 24);
  raw[1] = static_cast<uint8_t>(sig.key_id >> 16);
  raw[2] = static_cast<uint8_t>(sig.key_id >> 8);
  raw[3] = static_cast<uint8_t>(sig.key_id);
  if (!sig.signature.empty()) std::memcpy(raw.data() + 4, sig.signature.data(), sig.signature.size());
  std::string line(kEmDashSpace);
  line.append(sig.name).append(" ").append(Base64Encode(raw)).append("\n");
  return line;
}

Result<std::vector<NoteSignature>> ParseSignatureLines(std::string_view lines) {
  if (lines.empty()) return Status::Invalid("no signature lines");
  ORELOG_RETURN_IF_ERROR(syntax::CheckNoteText(lines, "signature lines"));
  std::vector<NoteSignature> out;
  syntax::LineReader reader(lines, "");
  while (!reader.done()) {
    if (out.size() == kMaxNoteSignatures) {
      return Status::Invalid("more than " + std::to_string(kMaxNoteSignatures) + " signatures");
    }
    ORELOG_ASSIGN_OR_RETURN(std::string_view line, reader.Next("signature"));
    std::string where = "signature " + std::to_string(out.size() + 1);
    ORELOG_ASSIGN_OR_RETURN(NoteSignature sig, ParseSignatureLine(line, where));
    out.push_back(std::move(sig));
  }
  return out;
}

Result<Note> ParseNote(std::string_view note) {
  if (note.size() > kMaxNoteSize) {
    return Status::Invalid("note is " + std::to_string(note.size()) + " bytes, limit " +
                           std::to_string(kMaxNoteSize));
  }
  ORELOG_RETURN_IF_ERROR(syntax::CheckNoteText(note, "note"));
  if (note.empty() || note.back() != '\n') return Status::Invalid("note does not end in a newline");
  // Signature lines are never empty, so the last "\n\n" ends the text.
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return Status::Invalid("note has no blank line before its signatures");
  }
  Note out;
  out.text = std::string(note.substr(0, split + 1));
  Result<std::vector<NoteSignature>> sigs = ParseSignatureLines(note.substr(split + 2));
  if (!sigs.ok()) return sigs.status().With("note");
  out.signatures = std::move(*sigs);
  return out;
}

Result<std::string> SignNote(std::string_view text, std::span<const SignerKey* const> signers) {
  ORELOG_RETURN_IF_ERROR(CheckText(text));
  if (signers.empty()) return Status::Invalid("SignNote: no signers");
  std::string out(text);
  out.push_back('\n');
  for (const SignerKey* signer : signers) {
    if (signer == nullptr) return Status::Invalid("SignNote: null signer");
    ed25519::Signature s = signer->Sign(AsBytes(text));
    out += FormatSignatureLine(NoteSignature{signer->name(), signer->id(), Bytes(s.begin(), s.end())});
  }
  if (out.size() > kMaxNoteSize) return Status::Invalid("SignNote: signed note exceeds the size limit");
  return out;
}

Result<OpenedNote> OpenNote(std::string_view note, std::span<const VerifierKey> verifiers) {
  ORELOG_ASSIGN_OR_RETURN(Note parsed, ParseNote(note));
  OpenedNote out;
  out.text = std::move(parsed.text);
  for (NoteSignature& sig : parsed.signatures) {
    bool known = false;
    Status failure;
    bool ok = false;
    for (const VerifierKey& key : verifiers) {
      if (key.name != sig.name || key.id != sig.key_id) continue;
      known = true;
      Status st = VerifyOne(key, out.text, sig);
      if (st.ok()) {
        ok = true;
        break;
      }
      failure = st;
    }
    if (!known) {
      out.unknown.push_back(std::move(sig));
      continue;
    }
    if (!ok) {
      return Status::Unverified("signature by " + KeyLabel(sig.name, sig.key_id) +
                                " failed to verify: " + failure.message());
    }
    bool seen = false;
    for (const NoteSignature& v : out.verified) seen |= v.name == sig.name && v.key_id == sig.key_id;
    if (!seen) out.verified.push_back(std::move(sig));
  }
  if (out.verified.empty()) return Status::Unverified("note has no valid signature from a known key");
  return out;
}

}  // namespace orelog::tlog
