// ValidateDocumentEnvelope and ValidateDocument: the schema definitions
// epcisDocument, epcisQueryDocument, epcisHeader, vocabulary*, and the walk
// over the event list.
#include <boost/json.hpp>

#include "epcis/validate.h"
#include "epcis/validate_checker.h"

namespace orelog::epcis {
namespace json = boost::json;
using validate_internal::Checker;
using validate_internal::Id;
using validate_internal::Path;

namespace {

// Calls check(member, path) for every member of `obj`: defined members (in
// `names`) always, others only after they passed the extension-name rule.
template <typename Check>
bool Walk(Checker& c, const json::object& obj, const Path& at, std::initializer_list<std::string_view> names,
          std::string_view what, Check&& check) {
  for (const auto& member : obj) {
    const Path p = at.Member(member.key());
    bool defined = false;
    for (std::string_view name : names) defined = defined || name == member.key();
    if (defined) {
      if (!check(member.key(), member.value(), p)) return false;
      continue;
    }
    if (!c.ExtensionName(member.key(), p)) {
      c.violation()->message += " in " + std::string(what);
      return false;
    }
    if (!c.ExtensionValue(member.value(), p)) return false;
  }
  return true;
}

bool IsObject(Checker& c, const json::value& v, const Path& at, std::string_view what) {
  return v.is_object() || c.Fail(at, std::string(what) + " must be an object, not " + validate_internal::KindName(v));
}

bool IsArray(Checker& c, const json::value& v, const Path& at, std::string_view what) {
  return v.is_array() || c.Fail(at, std::string(what) + " must be an array, not " + validate_internal::KindName(v));
}

template <typename Item>
bool Each(const json::value& v, const Path& at, Item&& item) {
  const json::array& a = v.get_array();
  for (size_t i = 0; i < a.size(); ++i) {
    if (!item(a[i], at.Item(i))) return false;
  }
  return true;
}

// Master data: vocabulary {type, vocabularyElementList[{id, attributes[{id,
// attribute}], children[]}]}. Other members are free in the schema.
bool VocabularyList(Checker& c, const json::value& v, const Path& at) {
  if (!IsArray(c, v, at, "vocabularyList")) return false;
  return Each(v, at, [&](const json::value& voc, const Path& vp) {
    if (!IsObject(c, voc, vp, "a vocabulary")) return false;
    const json::object& vo = voc.get_object();
    if (!c.Require(vo, vp, "type")) return false;
    for (const auto& m : vo) {
      const Path mp = vp.Member(m.key());
      if (m.key() == "type") {
        if (!c.Uri(m.value(), mp)) return false;
      } else if (m.key() == "vocabularyElementList") {
        if (!IsArray(c, m.value(), mp, "vocabularyElementList")) return false;
        bool ok = Each(m.value(), mp, [&](const json::value& el, const Path& ep) {
          if (!IsObject(c, el, ep, "a vocabulary element")) return false;
          const json::object& eo = el.get_object();
          if (!c.Require(eo, ep, "id")) return false;
          for (const auto& f : eo) {
            const Path fp = ep.Member(f.key());
            if (f.key() == "id") {
              if (!c.Uri(f.value(), fp, Id::kGs1)) return false;
            } else if (f.key() == "children") {
              if (!c.UriList(f.value(), fp, false, Id::kGs1)) return false;
            } else if (f.key() == "attributes") {
              if (!IsArray(c, f.value(), fp, "attributes")) return false;
              bool attrs_ok = Each(f.value(), fp, [&](const json::value& a, const Path& ap) {
                if (!IsObject(c, a, ap, "an attribute")) return false;
                if (!c.Require(a.get_object(), ap, "id")) return false;
                for (const auto& am : a.get_object()) {
                  const Path amp = ap.Member(am.key());
                  if (am.key() == "id") {
                    if (!c.Uri(am.value(), amp)) return false;
                  } else if (am.key() == "attribute") {
                    const json::value& x = am.value();
                    if (!x.is_number() && !x.is_string() && !x.is_object()) {
                      return c.Fail(amp, std::string("an attribute value must be a number, string or object, not ") +
                                             validate_internal::KindName(x));
                    }
                    if (!c.ExtensionValue(x, amp)) return false;
                  } else if (!c.FreeMember(am.key(), am.value(), amp)) {
 return false;
                  }
                }
                return true;
              });
              if (!attrs_ok) return false;
            } else if (!c.FreeMember(f.key(), f.value(), fp)) {
 return false;
            }
          }
          return true;
        });
        if (!ok) return false;
      } else if (!c.FreeMember(m.key(), m.value(), mp)) {
 return false;
      }
    }
    return true;
  });
}

bool EventList(Checker& c, const json::value& v, const Path& at) {
  if (!IsArray(c, v, at, "eventList")) return false;
  return Each(v, at, [&](const json::value& e, const Path& p) { return IsObject(c, e, p, "an event"); });
}

bool Header(Checker& c, const json::value& v, const Path& at) {
  if (!IsObject(c, v, at, "epcisHeader")) return false;
  return Walk(c, v.get_object(), at, {"epcisMasterData"}, "epcisHeader",
              [&](std::string_view, const json::value& md, const Path& mdp) {
                if (!IsObject(c, md, mdp, "epcisMasterData")) return false;
                for (const auto& m : md.get_object()) {  // epcisMasterData: other members are free
                  const Path mp = mdp.Member(m.key());
                  if (m.key() == "vocabularyList") {
                    if (!VocabularyList(c, m.value(), mp)) return false;
                  } else if (!c.FreeMember(m.key(), m.value(), mp)) {
 return false;
                  }
                }
                return true;
              });
}

// The members both document types share; false if `name` is not one of them.
bool CommonMember(Checker& c, std::string_view name, const json::value& v, const Path& p, bool* ok) {
  if (name == "@context" || name == "type") {
    *ok = true;  // checked before the walk
  } else if (name == "id") {
    *ok = c.Uri(v, p);
  } else if (name == "schemaVersion") {
    *ok = c.String(v, p) && (IsVersion(v.get_string()) || c.Fail(p, "schemaVersion must look like \"2.0\""));
  } else if (name == "creationDate") {
    *ok = c.Time(v, p);
  } else {
    return false;
  }
  return true;
}

bool EpcisDocument(Checker& c, const json::object& doc, const Path& root) {
  for (std::string_view name : {"@context", "type", "schemaVersion", "creationDate", "epcisBody"}) {
    if (!c.Require(doc, root, name)) return false;
  }
  return Walk(c, doc, root,
              {"@context", "id", "type", "schemaVersion", "creationDate", "instanceIdentifier", "sender", "receiver",
               "epcisHeader", "epcisBody"},
              "an EPCISDocument", [&](std::string_view name, const json::value& v, const Path& p) {
                bool ok = true;
                if (CommonMember(c, name, v, p, &ok)) return ok;
                if (name == "epcisHeader") return Header(c, v, p);
                if (name != "epcisBody") return c.String(v, p);  // instanceIdentifier, sender, receiver
                if (!IsObject(c, v, p, "epcisBody") || !c.Require(v.get_object(), p, "eventList")) return false;
                for (const auto& m : v.get_object()) {  // epcisBody: other members are free in the schema
                  const Path mp = p.Member(m.key());
                  if (m.key() == "eventList") {
                    if (!EventList(c, m.value(), mp)) return false;
                  } else if (!c.FreeMember(m.key(), m.value(), mp)) {
 return false;
                  }
                }
                return true;
              });
}

bool QueryDocument(Checker& c, const json::object& doc, const Path& root) {
  for (std::string_view name : {"@context", "type", "epcisBody"}) {
    if (!c.Require(doc, root, name)) return false;
  }
  return Walk(c, doc, root, {"@context", "id", "type", "schemaVersion", "creationDate", "epcisBody"},
              "an EPCISQueryDocument", [&](std::string_view name, const json::value& v, const Path& p) {
                bool ok = true;
                if (CommonMember(c, name, v, p, &ok)) return ok;
                if (!IsObject(c, v, p, "epcisBody") || !c.Require(v.get_object(), p, "queryResults")) return false;
                return Walk(c, v.get_object(), p, {"queryResults"}, "epcisBody",
                            [&](std::string_view, const json::value& qr, const Path& qp) {
                              if (!IsObject(c, qr, qp, "queryResults")) return false;
                              const json::object& q = qr.get_object();
                              if (!c.Require(q, qp, "queryName") || !c.Require(q, qp, "resultsBody")) return false;
                              return Walk(c, q, qp, {"queryName", "subscriptionID", "resultsBody"}, "queryResults",
                                          [&](std::string_view n, const json::value& x, const Path& xp) {
                                            if (n != "resultsBody") return c.String(x, xp);
                                            if (!IsObject(c, x, xp, "resultsBody") ||
                                                !c.Require(x.get_object(), xp, "eventList")) {
                                              return false;
                                            }
                                            return Walk(c, x.get_object(), xp, {"eventList", "vocabularyList"},
                                                        "resultsBody",
                                                        [&](std::string_view rn, const json::value& r,
                                                            const Path& rp) {
                                                          return rn == "eventList" ? EventList(c, r, rp)
                                                                                   : VocabularyList(c, r, rp);
                                                        });
                                          });
                            });
              });
}

enum class DocType { kDocument, kQuery, kOther };

DocType TypeOf(const json::object& doc) {
  const json::value* type = doc.if_contains("type");
  if (type == nullptr || !type->is_string()) return DocType::kOther;
  if (type->get_string() == "EPCISDocument") return DocType::kDocument;
  if (type->get_string() == "EPCISQueryDocument") return DocType::kQuery;
  return DocType::kOther;
}

// The event list of a document whose envelope is valid.
const json::array* EventsOf(const json::object& doc, std::string_view* pointer) {
  const json::object& body = doc.at("epcisBody").get_object();
  if (TypeOf(doc) == DocType::kDocument) {
    *pointer = "/epcisBody/eventList";
    return &body.at("eventList").get_array();
  }
  *pointer = "/epcisBody/queryResults/resultsBody/eventList";
  return &body.at("queryResults").get_object().at("resultsBody").get_object().at("eventList").get_array();
}

const json::value* EventListValue(const json::object& doc) {
  const json::value* body = doc.if_contains("epcisBody");
  if (body == nullptr || !body->is_object()) return nullptr;
  if (const json::value* list = body->get_object().if_contains("eventList")) return list;
  const json::value* qr = body->get_object().if_contains("queryResults");
  if (qr == nullptr || !qr->is_object()) return nullptr;
  const json::value* rb = qr->get_object().if_contains("resultsBody");
  if (rb == nullptr || !rb->is_object()) return nullptr;
  return rb->get_object().if_contains("eventList");
}

// Envelope check; on success `ns` holds the document's prefixes.
std::optional<Violation> Envelope(const json::object& doc, Namespaces& ns) {
  Checker c("", ns);
  const Path root;
  const DocType type = TypeOf(doc);
  if (type == DocType::kOther) {
    if (!c.Require(doc, root, "type")) return c.Outcome();
    c.Fail(root.Member("type"), "type must be \"EPCISDocument\" or \"EPCISQueryDocument\"");
    return c.Outcome();
  }
  if (!c.Depth(doc, root, kMaxNesting, EventListValue(doc))) return c.Outcome();
  if (const json::value* ctx = doc.if_contains("@context")) {
    const Path at = root.Member("@context");
    if (!c.Context(*ctx, at)) return c.Outcome();
    if (Status st = validate_internal::AddContextPrefixes(*ctx, ns); !st.ok()) {
      c.Fail(at, st.message());
      return c.Outcome();
    }
  }
  if (type == DocType::kDocument) {
    EpcisDocument(c, doc, root);
  } else {
    QueryDocument(c, doc, root);
  }
  return c.Outcome();
}

}  // namespace

std::optional<Violation> ValidateDocumentEnvelope(const json::object& doc) {
  Namespaces ns = StandardNamespaces();
  return Envelope(doc, ns);
}

std::vector<Violation> ValidateDocument(const json::object& doc, size_t max_violations) {
  std::vector<Violation> out;
  if (max_violations == 0) return out;
  if (TypeOf(doc) == DocType::kOther && doc.contains("type")) {  // a bare event
    if (auto v = ValidateEvent(doc, "", StandardNamespaces())) out.push_back(std::move(*v));
    return out;
  }
  Namespaces ns = StandardNamespaces();
  if (auto v = Envelope(doc, ns)) {
    out.push_back(std::move(*v));
    return out;
  }
  std::string_view base;
  const json::array* events = EventsOf(doc, &base);
  std::string pointer;
  for (size_t i = 0; i < events->size() && out.size() < max_violations; ++i) {
    pointer.assign(base);
    pointer += '/';
    pointer += std::to_string(i);
    if (auto v = ValidateEvent((*events)[i].get_object(), pointer, ns)) out.push_back(std::move(*v));
  }
  return out;
}

}  // namespace orelog::epcis
