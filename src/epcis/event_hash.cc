#include "epcis/event_hash.h"

#include <boost/json.hpp>

#include "base/sha256.h"
#include "epcis/prehash.h"

namespace orelog::epcis {
namespace {

namespace json = boost::json;

// The event list of an EPCIS(Query)Document, or nullptr if there is none.
const json::value* FindEventList(const json::object& doc) {
  const json::value* body = doc.if_contains("epcisBody");
  if (body == nullptr || !body->is_object()) return nullptr;
  if (const json::value* list = body->get_object().if_contains("eventList")) return list;
  const json::value* results = body->get_object().if_contains("queryResults");
  if (results == nullptr || !results->is_object()) return nullptr;
  const json::value* rb = results->get_object().if_contains("resultsBody");
  if (rb == nullptr || !rb->is_object()) return nullptr;
  return rb->get_object().if_contains("eventList");
}

// One digest context per thread, reused: creating an EVP_MD_CTX per event
// costs about as much as hashing a short pre-hash string.
Sha256& ThreadSha256() {
  thread_local Sha256 sha;
  return sha;
}

std::string HashId(std::string_view pre_hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  static constexpr std::string_view kHead = "ni:///sha-256;", kTail = "?ver=CBV2.0";
  const Hash h = ThreadSha256().Digest(AsBytes(pre_hash));
  std::string out;
  out.reserve(kHead.size() + 2 * h.size() + kTail.size());
  out.append(kHead);
  for (uint8_t b : h) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  out.append(kTail);
  return out;
}

}  // namespace

std::string HashIdOfPreHash(std::string_view pre_hash) { return HashId(pre_hash); }

Result<std::string> EventHash(const json::object& event, const HashOptions& options) {
  PrefixScope scope(options.namespaces);
  std::string pre;
  pre.reserve(kPreHashReserve);
  ORELOG_RETURN_IF_ERROR(RenderPreHash(event, options.order, scope, pre, nullptr));
  return HashId(pre);
}

Result<std::vector<HashedEvent>> HashEventsInDocument(const json::object& top, HashOptions::Order order) {
  // Standard prefixes plus the document's @context, shared by all events
  // without copying; each event's own @context is added for that event.
  PrefixScope scope(StandardNamespaces());
  std::vector<HashedEvent> out;
  const json::value* type = top.if_contains("type");
  const bool is_doc = type != nullptr && type->is_string() &&
                      (type->get_string() == "EPCISDocument" || type->get_string() == "EPCISQueryDocument");
  if (!is_doc) {  // a single event, possibly with its own @context
    HashedEvent& e = out.emplace_back();
    e.pre_hash.reserve(kPreHashReserve);
    ORELOG_RETURN_IF_ERROR(RenderPreHash(top, order, scope, e.pre_hash, nullptr));
    e.hash = HashId(e.pre_hash);
    return out;
  }
  if (const json::value* ctx = top.if_contains("@context")) ORELOG_RETURN_IF_ERROR(scope.Add(*ctx));
  const json::value* list = FindEventList(top);
  if (list == nullptr) return out;  // a document without events
  if (!list->is_array()) return Status::Invalid("eventList must be an array");
  const json::array& events = list->get_array();
  out.reserve(events.size());
  size_t size_hint = kPreHashReserve;
  for (size_t i = 0; i < events.size(); ++i) {
    const json::value& ev = events[i];
    if (!ev.is_object()) return Status::Invalid("event " + std::to_string(i) + " is not an object");
    HashedEvent& e = out.emplace_back();
    e.pre_hash.reserve(size_hint);
    Status st = RenderPreHash(ev.get_object(), order, scope, e.pre_hash, nullptr);
    if (!st.ok()) return st.With("event " + std::to_string(i));
    e.hash = HashId(e.pre_hash);
    size_hint = e.pre_hash.size() + e.pre_hash.size() / 4;
  }
  return out;
}

Result<std::vector<HashedEvent>> HashEventsInJson(std::string_view json_text,
                                                  HashOptions::Order order) {
  // The parsed tree lives in a monotonic arena that starts in this stack
  // buffer (enough for a few events of ~1 KiB) and spills to the heap for
  // larger documents; it is dropped as a whole on return.
  alignas(std::max_align_t) unsigned char arena[16 * 1024];
  json::monotonic_resource mr(arena, sizeof arena);
  boost::system::error_code ec;
  json::value root = json::parse(json_text, ec, &mr);
  if (ec) return Status::Invalid("JSON: " + ec.message());
  if (!root.is_object()) return Status::Invalid("JSON: expected an object");
  return HashEventsInDocument(root.get_object(), order);
}

}  // namespace orelog::epcis
