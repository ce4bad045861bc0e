// verify-signature: checks a log entry's batchSignature (docs/participants.md
// §4) offline: path -> batch root -> signed message -> Ed25519 with the
// organisation's registry key. Inclusion of the entry in the log is
// verify-event's job; the origin here is only an input to the message (a
// wrong one makes the signature fail, so it need not be trusted).
#include <fmt/format.h>

#include <algorithm>

#include <boost/json.hpp>

#include "base/file.h"
#include "batch/batch_signature.h"
#include "cli/commands.h"
#include "cli/json_text.h"
#include "epcis/canonical_json.h"
#include "epcis/leaf.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"
#include "tlog/proof_text.h"

namespace orelog::cli {
namespace json = boost::json;
namespace {

struct EntryAndOrigin {
  std::string leaf;
  std::string origin;
};

// A proof answer gives the leaf and (from its checkpoint) the origin; any
// other file is the entry's bytes.
Result<EntryAndOrigin> ReadEntry(const std::string& file, const std::string& origin) {
  ORELOG_ASSIGN_OR_RETURN(std::string text, ReadFile(file, 1 << 20));
  EntryAndOrigin out{text, origin};
  auto parsed = epcis::ParseJson(text);
  if (!parsed.ok() || !parsed->is_object() || !parsed->get_object().contains("proof")) {
    if (origin.empty()) return Status::Invalid("--origin is needed for an entry given as its bytes");
    return out;
  }
  const json::object& o = parsed->get_object();
  const json::value* leaf = o.if_contains("leaf");
  const json::value* proof = o.if_contains("proof");
  if (leaf == nullptr || !leaf->is_string() || !proof->is_string()) {
    return Status::Invalid(file + ": a proof answer needs string members leaf and proof");
  }
  out.leaf = std::string(leaf->get_string());
  if (out.origin.empty()) {
    ORELOG_ASSIGN_OR_RETURN(tlog::InclusionProofText p, tlog::InclusionProofText::Parse(proof->get_string()));
    ORELOG_ASSIGN_OR_RETURN(tlog::Note note, tlog::ParseNote(p.checkpoint_note));
    ORELOG_ASSIGN_OR_RETURN(tlog::Checkpoint cp, tlog::ParseCheckpoint(note.text));
    out.origin = cp.origin;
  }
  return out;
}

}  // namespace

int VerifySignature(const std::string& file, const std::string& public_key, const std::string& origin, bool as_json) {
  const std::string cmd = "verify-signature";
  auto key_bytes = Base64UrlDecode(public_key);
  ed25519::PublicKey key{};
  if (!key_bytes.ok() || key_bytes->size() != key.size()) {
    return Fail(cmd, Status::Invalid("--public-key must be base64url (no padding) of a 32-byte Ed25519 key"));
  }
  std::copy(key_bytes->begin(), key_bytes->end(), key.begin());
  auto entry = ReadEntry(file, origin);
  if (!entry.ok()) return Fail(cmd, entry.status());
  auto env = epcis::DecodeLeaf(entry->leaf);
  if (!env.ok()) return Fail(cmd, env.status().With("the entry"));
  Status st = batch::VerifyLeafSignature(entry->leaf, entry->origin, key);
  if (!st.ok()) return Fail(cmd, st);
  const epcis::BatchSignature& b = *env->batch_signature;
  if (as_json) {
    fmt::print("{{\"verified\": true, \"eventID\": {}, \"origin\": {}, \"organisation\": {}, \"keyId\": {}, "
               "\"index\": {}, \"size\": {}, \"submitter\": {}}}\n",
               JsonString(env->public_id), JsonString(entry->origin), JsonString(b.organisation), JsonString(b.key_id),
               JsonString(b.index), JsonString(b.size), JsonString(env->submitter));
  } else {
    fmt::print("OK: entry {} is event {} of {} in a batch signed by {} with key {} for {}\n", env->public_id,
               b.index, b.size, b.organisation, b.key_id, entry->origin);
  }
  return kExitOk;
}

}  // namespace orelog::cli
