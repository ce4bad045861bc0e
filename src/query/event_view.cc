#include "query/event_view.h"

#include <array>

#include <boost/json.hpp>

#include "epcis/gs1_keys.h"
#include "query/instant.h"

namespace orelog::query {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 5> kStandardTypes{"ObjectEvent", "AggregationEvent", "TransactionEvent",
                                                         "TransformationEvent", "AssociationEvent"};
constexpr std::array<std::string_view, 6> kReportNumbers{"value",     "minValue", "maxValue",
                                                         "meanValue", "sDev",     "percValue"};

const json::value* Member(const json::object& o, std::string_view name) {
  auto it = o.find(name);
  return it == o.end() || it->value().is_null() ? nullptr : &it->value();
}

std::optional<std::string> String(const json::object& o, std::string_view name) {
  const json::value* v = Member(o, name);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

// readPoint / bizLocation: {"id": ...}; a bare string is tolerated.
std::optional<std::string> Location(const json::object& o, std::string_view name, const epcis::Namespaces& ns) {
  const json::value* v = Member(o, name);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return EventIdentifier(v->get_string(), ns);
  if (v->is_object()) {
    if (auto id = String(v->get_object(), "id")) return EventIdentifier(*id, ns);
  }
  return std::nullopt;
}

void AddIds(const json::object& o, std::string_view name, const epcis::Namespaces& ns, std::vector<std::string>& out) {
  const json::value* v = Member(o, name);
  if (v == nullptr || !v->is_array()) return;
  for (const auto& item : v->get_array()) {
    if (item.is_string()) out.push_back(EventIdentifier(item.get_string(), ns));
  }
}

void AddQuantities(const json::object& o, std::string_view name, const epcis::Namespaces& ns,
                   std::vector<QuantityView>& out) {
  const json::value* v = Member(o, name);
  if (v == nullptr || !v->is_array()) return;
  for (const auto& item : v->get_array()) {
    if (!item.is_object()) continue;
    const json::object& qe = item.get_object();
    QuantityView q;
    if (auto c = String(qe, "epcClass")) q.epc_class = EventIdentifier(*c, ns);
    if (const json::value* n = Member(qe, "quantity")) q.quantity = JsonDecimal(*n);
    q.uom = String(qe, "uom");
    out.push_back(std::move(q));
  }
}

void AddTyped(const json::object& o, std::string_view list, std::string_view member, epcis::Vocab vocab,
              const epcis::Namespaces& ns, std::vector<TypedId>& out) {
  const json::value* v = Member(o, list);
  if (v == nullptr || !v->is_array()) return;
  for (const auto& item : v->get_array()) {
    if (!item.is_object()) continue;
    auto id = String(item.get_object(), member);
    if (!id) continue;
    auto type = String(item.get_object(), "type");
    out.push_back({type ? EventVocabulary(vocab, *type, ns) : std::string(), EventIdentifier(*id, ns)});
  }
}

void AddReports(const json::object& o, const epcis::Namespaces& ns, std::vector<ReportView>& out) {
  const json::value* v = Member(o, "sensorElementList");
  if (v == nullptr || !v->is_array()) return;
  for (const auto& element : v->get_array()) {
    if (!element.is_object()) continue;
    const json::value* reports = Member(element.get_object(), "sensorReport");
    if (reports == nullptr || !reports->is_array()) continue;
    for (const auto& r : reports->get_array()) {
      if (!r.is_object()) continue;
      const json::object& report = r.get_object();
      ReportView view;
      if (auto chem = String(report, "chemicalSubstance")) view.chemical_substance = epcis::ExpandCurie(*chem, ns);
      view.uom = String(report, "uom");
      for (std::string_view name : kReportNumbers) {
        const json::value* n = Member(report, name);
        if (n == nullptr) continue;
        if (auto d = JsonDecimal(*n)) view.numbers.emplace(std::string(name), std::move(*d));
      }
      out.push_back(std::move(view));
    }
  }
}

std::optional<int64_t> Instant(const json::object& o, std::string_view name) {
  auto text = String(o, name);
  if (!text) return std::nullopt;
  auto ms = InstantMillis(*text);
  if (!ms.ok()) return std::nullopt;
  return *ms;
}

}  // namespace

Result<std::string> NormalizeIdentifierValue(std::string_view value, const epcis::Namespaces& ns) {
  return epcis::NormalizeIdentifier(epcis::ExpandCurie(value, ns));
}

std::string EventIdentifier(std::string_view value, const epcis::Namespaces& ns) {
  std::string expanded = epcis::ExpandCurie(value, ns);
  auto id = epcis::NormalizeIdentifier(expanded);
  return id.ok() ? std::move(id).value() : expanded;
}

std::string EventVocabulary(epcis::Vocab vocab, std::string_view value, const epcis::Namespaces& ns) {
  auto v = epcis::NormalizeVocabulary(vocab, value, ns);
  return v.ok() ? std::move(v).value() : epcis::ExpandCurie(value, ns);
}

std::string EventTypeName(std::string_view value, const epcis::Namespaces& ns) {
  for (std::string_view t : kStandardTypes) {
    if (value == t) return std::string(value);
  }
  return epcis::ExpandCurie(value, ns);
}

EventView ViewEvent(const json::object& e, const epcis::Namespaces& ns) {
  EventView v;
  if (auto t = String(e, "type")) v.type = EventTypeName(*t, ns);
  v.event_id = String(e, "eventID");
  v.action = String(e, "action");
  if (auto s = String(e, "bizStep")) v.biz_step = EventVocabulary(epcis::Vocab::kBizStep, *s, ns);
  if (auto s = String(e, "disposition")) v.disposition = EventVocabulary(epcis::Vocab::kDisposition, *s, ns);
  v.read_point = Location(e, "readPoint", ns);
  v.biz_location = Location(e, "bizLocation", ns);
  v.event_time = Instant(e, "eventTime");
  v.record_time = Instant(e, "recordTime");
  AddIds(e, "epcList", ns, v.epcs);
  AddIds(e, "childEPCs", ns, v.epcs);
  if (auto p = String(e, "parentID")) v.parent_id = EventIdentifier(*p, ns);
  AddIds(e, "inputEPCList", ns, v.input_epcs);
  AddIds(e, "outputEPCList", ns, v.output_epcs);
  AddQuantities(e, "quantityList", ns, v.quantities);
  AddQuantities(e, "childQuantityList", ns, v.quantities);
  AddQuantities(e, "inputQuantityList", ns, v.input_quantities);
  AddQuantities(e, "outputQuantityList", ns, v.output_quantities);
  AddTyped(e, "bizTransactionList", "bizTransaction", epcis::Vocab::kBizTransactionType, ns, v.biz_transactions);
  AddTyped(e, "sourceList", "source", epcis::Vocab::kSourceDestType, ns, v.sources);
  AddTyped(e, "destinationList", "destination", epcis::Vocab::kSourceDestType, ns, v.destinations);
  AddReports(e, ns, v.reports);
  for (const auto& [key, value] : e) {
    if (value.is_null()) continue;
    v.fields.emplace_back(key);
    if (key.find(':') != std::string_view::npos) {
      std::string expanded = epcis::ExpandCurie(key, ns);
      if (expanded != key) v.fields.push_back(std::move(expanded));
    }
  }
  return v;
}

}  // namespace orelog::query
