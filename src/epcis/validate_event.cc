// ValidateEvent: the five standard event types of the EPCIS 2.0 JSON Schema
// (definitions ObjectEvent ... AssociationEvent, Event, Extended-Event) plus
// the semantic rules listed in docs/validation.md.
#include <array>

#include <boost/json.hpp>

#include "epcis/validate.h"
#include "epcis/validate_checker.h"
#include "epcis/validate_event_parts.h"

namespace orelog::epcis {
namespace json = boost::json;
using validate_internal::Checker;
using validate_internal::Id;
using validate_internal::Path;

namespace {

enum class Type { kObject, kAggregation, kTransaction, kTransformation, kAssociation, kExtended };

enum class Kind {
  kContext, kType, kTime, kOffset, kEventId, kCertification, kErrorDeclaration,  // Event
  kAction, kEpcList, kEpcArray, kQuantityList, kParentId, kTransformationId, kBizStep,
  kDisposition, kPersistentDisposition, kPoint, kBizTransactions, kSources, kDestinations,
  kSensorElements, kIlmd,
};

struct Member {
  std::string_view name;
  Kind kind;
};

// Members of the schema's "Event" definition (every event type has them).
constexpr Member kCommon[] = {
    {"@context", Kind::kContext}, {"type", Kind::kType}, {"eventTime", Kind::kTime},
    {"recordTime", Kind::kTime}, {"eventTimeZoneOffset", Kind::kOffset}, {"eventID", Kind::kEventId},
    {"certificationInfo", Kind::kCertification}, {"errorDeclaration", Kind::kErrorDeclaration}};

// Members shared by all five types after the "what" lists (kWhyWhere below).
#define ORELOG_WHY_WHERE_MEMBERS                                                        \
  {"bizStep", Kind::kBizStep}, {"disposition", Kind::kDisposition},                     \
      {"readPoint", Kind::kPoint}, {"bizLocation", Kind::kPoint},                       \
      {"bizTransactionList", Kind::kBizTransactions}, {"sourceList", Kind::kSources},   \
      {"destinationList", Kind::kDestinations}, {"sensorElementList", Kind::kSensorElements}

constexpr Member kObjectMembers[] = {
    {"action", Kind::kAction}, {"epcList", Kind::kEpcList}, {"quantityList", Kind::kQuantityList},
    {"persistentDisposition", Kind::kPersistentDisposition}, {"ilmd", Kind::kIlmd},
    ORELOG_WHY_WHERE_MEMBERS};
constexpr Member kAggregationMembers[] = {  // also AssociationEvent
    {"action", Kind::kAction}, {"parentID", Kind::kParentId}, {"childEPCs", Kind::kEpcArray},
    {"childQuantityList", Kind::kQuantityList}, ORELOG_WHY_WHERE_MEMBERS};
constexpr Member kTransactionMembers[] = {
    {"action", Kind::kAction}, {"parentID", Kind::kParentId}, {"epcList", Kind::kEpcArray},
    {"quantityList", Kind::kQuantityList}, ORELOG_WHY_WHERE_MEMBERS};
constexpr Member kTransformationMembers[] = {
    {"inputEPCList", Kind::kEpcList}, {"inputQuantityList", Kind::kQuantityList},
    {"outputEPCList", Kind::kEpcList}, {"outputQuantityList", Kind::kQuantityList},
    {"transformationID", Kind::kTransformationId},
    {"persistentDisposition", Kind::kPersistentDisposition}, {"ilmd", Kind::kIlmd},
    ORELOG_WHY_WHERE_MEMBERS};
#undef ORELOG_WHY_WHERE_MEMBERS

struct TypeInfo {
  std::string_view name;
  Type type;
  const Member* members;
  size_t n_members;
  std::array<std::string_view, 2> required;  // beyond eventTime and eventTimeZoneOffset
};

constexpr TypeInfo kTypes[] = {
    {"ObjectEvent", Type::kObject, kObjectMembers, std::size(kObjectMembers), {"action", {}}},
    {"AggregationEvent", Type::kAggregation, kAggregationMembers, std::size(kAggregationMembers),
     {"action", {}}},
    {"TransactionEvent", Type::kTransaction, kTransactionMembers, std::size(kTransactionMembers),
     {"action", "bizTransactionList"}},
    {"TransformationEvent", Type::kTransformation, kTransformationMembers,
     std::size(kTransformationMembers), {}},
    {"AssociationEvent", Type::kAssociation, kAggregationMembers, std::size(kAggregationMembers),
     {"action", "parentID"}},
};

const Member* Find(const Member* members, size_t n, std::string_view name) {
  for (size_t i = 0; i < n; ++i) {
    if (members[i].name == name) return &members[i];
  }
  return nullptr;
}

size_t Segments(std::string_view pointer) {
  size_t n = 0;
  for (char c : pointer) n += c == '/';
  return n;
}

// A non-empty array member (the "what" alternatives).
bool NonEmpty(const json::object& e, std::string_view name) {
  const json::value* v = e.if_contains(name);
  return v != nullptr && v->is_array() && !v->get_array().empty();
}

class EventChecker {
 public:
  EventChecker(Checker& c, const json::object& e, const TypeInfo* info) : c_(c), e_(e), info_(info) {}

  bool MemberValue(const Member& m, const json::value& v, const Path& at) {
    using namespace validate_internal;  // the parts of validate_event_parts.h
    switch (m.kind) {
      case Kind::kContext: return c_.Context(v, at);
      case Kind::kType: return true;  // checked before the walk
      case Kind::kTime: return c_.Time(v, at);
      case Kind::kOffset:
        if (!c_.String(v, at)) return false;
        return IsTimeZoneOffset(v.get_string()) ||
               c_.Fail(at, "eventTimeZoneOffset must be ±hh:mm between -14:00 and +14:00");
      case Kind::kEventId: return c_.Uri(v, at);
      case Kind::kCertification:
        return v.is_array() ? c_.UriList(v, at, false) : c_.Uri(v, at);
      case Kind::kErrorDeclaration: return ErrorDeclaration(c_, v, at);
      case Kind::kAction:
        if (!c_.String(v, at)) return false;
        return IsTerm(Terms::kAction, v.get_string()) || c_.Fail(at, "action must be ADD, OBSERVE or DELETE");
      case Kind::kEpcList: return c_.UriList(v, at, true, Id::kGs1);
      case Kind::kEpcArray: return c_.UriList(v, at, false, Id::kGs1);
      case Kind::kQuantityList: return QuantityList(c_, v, at);
      case Kind::kParentId: return c_.Uri(v, at, Id::kGs1);
      case Kind::kTransformationId: return c_.Uri(v, at);
      case Kind::kBizStep: return c_.Vocabulary(v, at, Terms::kBizStep);
      case Kind::kDisposition: return c_.Vocabulary(v, at, Terms::kDisposition);
      case Kind::kPersistentDisposition: return PersistentDisposition(c_, v, at);
      case Kind::kPoint: return Point(c_, v, at);
      case Kind::kBizTransactions:
        return BizTransactionList(c_, v, at, info_ && info_->type == Type::kTransaction ? 1 : 0);
      case Kind::kSources: return SourceDestList(c_, v, at, "source");
      case Kind::kDestinations: return SourceDestList(c_, v, at, "destination");
      case Kind::kSensorElements: return SensorElementList(c_, v, at);
      case Kind::kIlmd: return Ilmd(c_, v, at);
    }
    return true;
  }

  bool Members(const Path& at) {
    for (const auto& member : e_) {
      const Path p = at.Member(member.key());
      const Member* m = Find(kCommon, std::size(kCommon), member.key());
      if (m == nullptr && info_ != nullptr) m = Find(info_->members, info_->n_members, member.key());
      if (m != nullptr) {
        if (!MemberValue(*m, member.value(), p)) return false;
        continue;
      }
      if (info_ != nullptr) {  // propertyNames: an extension member
        if (!c_.ExtensionName(member.key(), p)) {
          c_.violation()->message += " in " + std::string(info_->name);
          return false;
        }
        if (!c_.ExtensionValue(member.value(), p)) return false;
      } else if (!c_.FreeMember(member.key(), member.value(), p)) {  // Extended-Event: names are free
        return false;
      }
    }
    return true;
  }

  // The schema's anyOf rules that tie members together.
  bool CrossMemberRules(const Path& at) {
    if (info_ == nullptr) return true;
    const json::value* action = e_.if_contains("action");
    const bool is_delete = action != nullptr && action->is_string() && action->get_string() == "DELETE";
    switch (info_->type) {
      case Type::kObject: {
        if (e_.contains("ilmd") && !(action->is_string() && action->get_string() == "ADD")) {
          return c_.Fail(at.Member("ilmd"), "ilmd is allowed only on an ObjectEvent with action ADD");
        }
        if (e_.contains("epcList") || NonEmpty(e_, "quantityList") ||
            (NonEmpty(e_, "sensorElementList") && e_.contains("readPoint"))) {
          return true;
        }
        return c_.Fail(at.Member("epcList"),
                       "an ObjectEvent needs epcList, a non-empty quantityList, or sensorElementList with readPoint");
      }
      case Type::kTransaction:
        if (e_.contains("epcList") || NonEmpty(e_, "quantityList") || is_delete) return true;
        return c_.Fail(at.Member("epcList"),
                       "a TransactionEvent needs epcList or a non-empty quantityList unless action is DELETE");
      case Type::kAggregation:
      case Type::kAssociation:
        if (NonEmpty(e_, "childEPCs") || NonEmpty(e_, "childQuantityList") || is_delete) return true;
        return c_.Fail(at.Member("childEPCs"), std::string("an ") + std::string(info_->name) +
                                                   " needs non-empty childEPCs or childQuantityList unless "
                                                   "action is DELETE");
      case Type::kTransformation: {
        const bool in = NonEmpty(e_, "inputEPCList") || NonEmpty(e_, "inputQuantityList");
        const bool out = NonEmpty(e_, "outputEPCList") || NonEmpty(e_, "outputQuantityList");
        if ((in && out) || (e_.contains("transformationID") && (in || out))) return true;
        return c_.Fail(at.Member(in ? "outputEPCList" : "inputEPCList"),
                       "a TransformationEvent needs inputs and outputs, or a transformationID and inputs or "
                       "outputs");
      }
      case Type::kExtended:
        return true;
    }
    return true;
  }

 private:
  Checker& c_;
  const json::object& e_;
  const TypeInfo* info_;  // nullptr: an extension event type
};

}  // namespace

std::optional<Violation> ValidateEvent(const json::object& event, std::string_view pointer,
                                       const Namespaces& ns) {
  Checker c(pointer, ns);
  const Path root;
  const size_t depth = Segments(pointer);  // the event's own nesting level is depth + 1
  if (depth >= kMaxNesting) {
    c.Fail(root, "nested deeper than " + std::to_string(kMaxNesting) + " levels");
    return c.Outcome();
  }
  if (!c.Depth(event, root, kMaxNesting - depth, nullptr)) return c.Outcome();

  const json::value* type = event.if_contains("type");
  if (type == nullptr) {
    c.Require(event, root, "type");
    return c.Outcome();
  }
  if (!c.String(*type, root.Member("type"))) return c.Outcome();
  const TypeInfo* info = nullptr;
  for (const TypeInfo& t : kTypes) {
    if (t.name == type->get_string()) info = &t;
  }
  // Required members, in a fixed order. A bare event carries its own @context.
  if (pointer.empty() && !c.Require(event, root, "@context")) return c.Outcome();
  if (!c.Require(event, root, "eventTime") || !c.Require(event, root, "eventTimeZoneOffset")) {
    return c.Outcome();
  }
  if (info != nullptr) {
    for (std::string_view name : info->required) {
      if (!name.empty() && !c.Require(event, root, name)) return c.Outcome();
    }
  }
  // The event's own @context adds prefixes (rare: copies the namespaces).
  std::optional<Namespaces> local;
  if (const json::value* ctx = event.if_contains("@context")) {
    const Path at = root.Member("@context");
    if (!c.Context(*ctx, at)) return c.Outcome();
    local.emplace(ns);
    if (Status st = validate_internal::AddContextPrefixes(*ctx, *local); !st.ok()) {
      c.Fail(at, st.message());
      return c.Outcome();
    }
    c.set_ns(*local);
  }
  if (info == nullptr && !c.Uri(*type, root.Member("type"))) {  // Extended-Event: type is a URI
    c.violation()->message += " (an event type other than the five standard ones must be a URI)";
    return c.Outcome();
  }
  EventChecker checker(c, event, info);
  if (checker.Members(root)) checker.CrossMemberRules(root);
  return c.Outcome();
}

}  // namespace orelog::epcis
