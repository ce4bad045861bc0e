// Fuzzes the capture path up to the log entry, as repo::Capturer runs it:
// epcis::ParseStrictJson -> ValidateDocumentEnvelope / ValidateEvent ->
// repo::PrepareEvent (default disclosure policy, fixed submitter and receive
// time). The input is an EPCISDocument or a single event.
//
// Invariants checked (abort on violation):
//  * nothing crashes or throws, whatever the input;
//  * a prepared leaf decodes (epcis::DecodeLeaf) and re-encodes byte-exact,
//    under kMaxLeafBytes, naming the event's public ID, submitter and time;
//  * every disclosure verifies against the decoded payload;
//  * the CBV hash is stable under re-serialisation: the event written back
//    as RFC 8785 JSON and as Boost.JSON's serialisation parses strictly
//    again and hashes (and dedups) the same;
//  * preparing twice gives the same hash and dedup key (salts and random IDs
//    differ, nothing else that is derived from the event may).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "epcis/canonical_json.h"
#include "epcis/disclosure.h"
#include "epcis/event_hash.h"
#include "epcis/leaf.h"
#include "epcis/strict_json.h"
#include "epcis/validate.h"
#include "epcis/vocabulary.h"
#include "repo/prepare.h"

namespace {
namespace json = boost::json;
using namespace orelog;

constexpr char kSubmitter[] = "fuzz.example/party";
constexpr char kReceivedAt[] = "2026-01-02T03:04:05.678Z";

void Check(bool ok) {
  if (!ok) std::abort();
}

std::string HashOf(const json::object& event, const epcis::Namespaces& ns) {
  epcis::HashOptions o;
  o.order = epcis::HashOptions::kDocumented;
  o.namespaces = ns;
  auto h = epcis::EventHash(event, o);
  return h.ok() ? *h : std::string("error: ") + h.status().message();
}

// `text` must parse strictly and hash to `want`.
void CheckRehash(const std::string& text, const epcis::Namespaces& ns, const std::string& want) {
  auto again = epcis::ParseStrictJson(text);
  Check(again.ok() && again->is_object());
  Check(HashOf(again->get_object(), ns) == want);
}

void PrepareOne(const json::object& event, const epcis::Namespaces& ns, const json::value* document_context) {
  static const epcis::DisclosurePolicy policy = epcis::DefaultDisclosurePolicy();
  repo::PrepareContext ctx;
  ctx.policy = &policy;
  ctx.hash.namespaces = ns;
  ctx.document_context = document_context;
  ctx.submitter = kSubmitter;
  ctx.received_at = kReceivedAt;
  auto p = repo::PrepareEvent(event, ctx);
  if (!p.ok()) return;

  const std::string leaf(p->leaf.begin(), p->leaf.end());
  Check(leaf.size() <= epcis::kMaxLeafBytes);
  auto envelope = epcis::DecodeLeaf(leaf);
  Check(envelope.ok());
  auto reencoded = epcis::EncodeLeaf(*envelope);
  Check(reencoded.ok() && *reencoded == leaf);
  Check(envelope->public_id == p->public_id && envelope->submitter == kSubmitter &&
        envelope->received_at == kReceivedAt && envelope->type == epcis::kEntryTypeEvent);
  for (const std::string& d : p->disclosures) Check(epcis::VerifyDisclosure(envelope->payload, d).ok());

  Check(HashOf(event, ns) == p->event_hash);
  auto jcs = epcis::CanonicalJson(json::value(event));
  Check(jcs.ok());
  CheckRehash(*jcs, ns, p->event_hash);
  CheckRehash(json::serialize(event), ns, p->event_hash);

  auto twice = repo::PrepareEvent(event, ctx);
  Check(twice.ok() && twice->event_hash == p->event_hash && twice->dedup_key == p->dedup_key &&
        twice->event_id == p->event_id && twice->disclosures.size() == p->disclosures.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = epcis::ParseStrictJson(text);
  if (!parsed.ok() || !parsed->is_object()) return 0;
  const json::object& root = parsed->get_object();
  const json::value* type = root.if_contains("type");
  const bool document = type && type->is_string() && type->get_string() == "EPCISDocument";

  epcis::Namespaces ns = epcis::StandardNamespaces();
  if (!document) {  // a single event, as POST /events takes it
    if (epcis::ValidateEvent(root, "", ns)) return 0;
    PrepareOne(root, ns, nullptr);
    return 0;
  }
  if (epcis::ValidateDocumentEnvelope(root)) return 0;
  const json::value* context = root.if_contains("@context");
  if (context && !epcis::AddContextNamespaces(*context, ns).ok()) return 0;
  boost::system::error_code ec;
  const json::value* list = parsed->find_pointer("/epcisBody/eventList", ec);
  if (list == nullptr || !list->is_array()) return 0;
  size_t i = 0;
  for (const json::value& ev : list->get_array()) {
    if (i++ == 8) break;
    if (!ev.is_object()) continue;
    if (epcis::ValidateEvent(ev.get_object(), "/epcisBody/eventList/" + std::to_string(i - 1), ns)) continue;
    PrepareOne(ev.get_object(), ns, context);
  }
  return 0;
}
