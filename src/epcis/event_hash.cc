#include "epcis/event_hash.h"

#include <boost/json.hpp>

#include "base/bytes.h"
#include "base/sha256.h"

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

std::string HashId(Sha256& sha, std::string_view pre_hash) {
  Hash h = sha.Digest(AsBytes(pre_hash));
  return "ni:///sha-256;" + HexEncode(AsBytes(h)) + "?ver=CBV2.0";
}

}  // namespace

std::string HashIdOfPreHash(std::string_view pre_hash) {
  Sha256 sha;
  return HashId(sha, pre_hash);
}

Result<std::string> EventHash(const json::object& event, const HashOptions& options) {
  ORELOG_ASSIGN_OR_RETURN(std::string pre, PreHashString(event, options));
  return HashIdOfPreHash(pre);
}

Result<std::vector<HashedEvent>> HashEventsInDocument(const json::object& top, HashOptions::Order order) {
  HashOptions options;
  options.order = order;
  std::vector<HashedEvent> out;
  Sha256 sha;  // one digest context for the whole document
  const json::value* type = top.if_contains("type");
  const bool is_doc = type != nullptr && type->is_string() &&
                      (type->get_string() == "EPCISDocument" || type->get_string() == "EPCISQueryDocument");
  if (!is_doc) {  // a single event, possibly with its own @context
    ORELOG_ASSIGN_OR_RETURN(std::string pre, PreHashString(top, options));
    out.push_back({pre, HashId(sha, pre)});
    return out;
  }
  if (const json::value* ctx = top.if_contains("@context")) {
    ORELOG_RETURN_IF_ERROR(AddContextNamespaces(*ctx, options.namespaces));
  }
  const json::value* list = FindEventList(top);
  if (list == nullptr) return out;  // a document without events
  if (!list->is_array()) return Status::Invalid("eventList must be an array");
  for (size_t i = 0; i < list->get_array().size(); ++i) {
    const json::value& ev = list->get_array()[i];
    if (!ev.is_object()) return Status::Invalid("event " + std::to_string(i) + " is not an object");
    auto pre = PreHashString(ev.get_object(), options);
    if (!pre.ok()) return pre.status().With("event " + std::to_string(i));
    out.push_back({*pre, HashId(sha, *pre)});
  }
  return out;
}

Result<std::vector<HashedEvent>> HashEventsInJson(std::string_view json_text,
                                                  HashOptions::Order order) {
  json::monotonic_resource mr;
  boost::system::error_code ec;
  json::value root = json::parse(json_text, ec, &mr);
  if (ec) return Status::Invalid("JSON: " + ec.message());
  if (!root.is_object()) return Status::Invalid("JSON: expected an object");
  return HashEventsInDocument(root.get_object(), order);
}

}  // namespace orelog::epcis
