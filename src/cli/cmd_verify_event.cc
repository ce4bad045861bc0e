// verify-event: checks a GET /events/{id}/proof answer offline: the
// checkpoint is signed by the log's key, the leaf is included at its index,
// the leaf is a well-formed event entry and names the event it claims.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/json_text.h"
#include "cli/proof_check.h"
#include "epcis/canonical_json.h"
#include "epcis/leaf.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"
#include "tlog/proof_text.h"

namespace orelog::cli {
namespace json = boost::json;

int VerifyEvent(const std::string& file, const std::string& vkey_text, bool as_json) {
  const std::string cmd = "verify-event";
  auto vkey = tlog::ParseVerifierKey(vkey_text);
  if (!vkey.ok()) return Fail(cmd, vkey.status().With("--vkey"));
  auto text = ReadFile(file, 1 << 20);
  if (!text.ok()) return Fail(cmd, text.status());
  auto parsed = epcis::ParseJson(*text);
  if (!parsed.ok() || !parsed->is_object()) return Fail(cmd, Status::Invalid(file + ": not a JSON object"));
  const json::object& o = parsed->get_object();
  auto str = [&](const char* k) -> const json::string* {
    const json::value* v = o.if_contains(k);
    return v && v->is_string() ? &v->get_string() : nullptr;
  };
  const json::string* event_id = str("eventID");
  const json::string* leaf = str("leaf");
  const json::string* proof_text = str("proof");
  if (!event_id || !leaf || !proof_text) {
    return Fail(cmd, Status::Invalid(file + ": needs string members eventID, leaf and proof"));
  }
  auto proof = tlog::InclusionProofText::Parse(*proof_text);
  if (!proof.ok()) return Fail(cmd, proof.status().With("proof"));
  std::string_view leaf_bytes(leaf->data(), leaf->size());
  auto cp = VerifyInclusionOffline(*proof, *vkey, AsBytes(leaf_bytes));
  if (!cp.ok()) return Fail(cmd, cp.status());
  auto envelope = epcis::DecodeLeaf(leaf_bytes);
  if (!envelope.ok()) return Fail(cmd, Status::Unverified("the included leaf is not an event entry: " + envelope.status().message()));
  if (envelope->type != epcis::kEntryTypeEvent || envelope->public_id != std::string_view(*event_id)) {
    return Fail(cmd, Status::Unverified("the included leaf is for '" + envelope->public_id + "', not '" +
                                        std::string(*event_id) + "'"));
  }
  if (const json::value* idx = o.if_contains("logIndex"); idx && (!idx->is_number() || idx->to_number<uint64_t>() != proof->index)) {
    return Fail(cmd, Status::Unverified("logIndex does not match the proof's index"));
  }
  auto event_json = epcis::CanonicalJson(envelope->payload);
  if (!event_json.ok()) return Fail(cmd, event_json.status());
  if (as_json) {
    fmt::print("{{\"verified\": true, \"eventID\": {}, \"index\": {}, \"tree_size\": {}, \"submitter\": {}, "
               "\"receivedAt\": {}, \"event\": {}}}\n",
               JsonString(envelope->public_id), proof->index, cp->size, JsonString(envelope->submitter),
               JsonString(envelope->received_at), *event_json);
  } else {
    fmt::print("OK: event {} is entry {} of {} at tree size {} (submitted by {} at {})\n{}\n", envelope->public_id,
               proof->index, cp->origin, cp->size, envelope->submitter, envelope->received_at, *event_json);
  }
  return kExitOk;
}

}  // namespace orelog::cli
