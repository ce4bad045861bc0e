#include "query/match.h"

#include <algorithm>

#include <boost/json.hpp>

namespace orelog::query {
namespace {

template <typename T>
bool Contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Absent parameter (empty alternatives): no constraint.
bool OneOf(const std::vector<std::string>& alts, const std::optional<std::string>& value) {
  return alts.empty() || (value && Contains(alts, *value));
}

bool AnyId(const std::vector<IdMatch>& ms, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    for (const auto& m : ms) {
      if (IdMatches(m, id)) return true;
    }
  }
  return false;
}

std::vector<std::string> Classes(const std::vector<QuantityView>& qs) {
  std::vector<std::string> out;
  for (const auto& q : qs) out.push_back(q.epc_class);
  return out;
}

bool Compare(Cmp cmp, const Decimal& have, const Decimal& want) {
  int c = CompareDecimal(have, want);
  switch (cmp) {
    case Cmp::kEq: return c == 0;
    case Cmp::kGt: return c > 0;
    case Cmp::kGe: return c >= 0;
    case Cmp::kLt: return c < 0;
    case Cmp::kLe: return c <= 0;
  }
  return false;
}

bool Satisfies(const NumberCondition& c, const std::optional<Decimal>& have, const std::optional<std::string>& uom) {
  if (!have) return false;
  if (c.uom && uom != c.uom) return false;
  return std::any_of(c.values.begin(), c.values.end(), [&](const Decimal& want) { return Compare(c.cmp, *have, want); });
}

bool QuantitiesMatch(const EventQuery& q, const EventView& e) {
  if (q.quantity_conditions.empty()) return true;
  for (const auto* list : {&e.quantities, &e.input_quantities, &e.output_quantities}) {
    for (const QuantityView& qe : *list) {
      if (std::all_of(q.quantity_conditions.begin(), q.quantity_conditions.end(),
                      [&](const NumberCondition& c) { return Satisfies(c, qe.quantity, qe.uom); })) {
        return true;
      }
    }
  }
  return false;
}

bool ReportsMatch(const EventQuery& q, const EventView& e) {
  if (q.sensor_conditions.empty() && q.chemical_substances.empty()) return true;
  for (const ReportView& r : e.reports) {
    if (!OneOf(q.chemical_substances, r.chemical_substance)) continue;
    const bool all = std::all_of(q.sensor_conditions.begin(), q.sensor_conditions.end(), [&](const NumberCondition& c) {
      auto it = r.numbers.find(c.field);
      return it != r.numbers.end() && Satisfies(c, it->second, r.uom);
    });
    if (all) return true;
  }
  return false;
}

bool TypedMatch(const std::map<std::string, std::vector<std::string>>& want, const std::vector<TypedId>& have) {
  for (const auto& [type, ids] : want) {
    bool found = std::any_of(have.begin(), have.end(),
                             [&](const TypedId& t) { return t.type == type && Contains(ids, t.id); });
    if (!found) return false;
  }
  return true;
}

bool TimeIn(const std::optional<int64_t>& t, const std::optional<int64_t>& ge, const std::optional<int64_t>& lt) {
  if (!ge && !lt) return true;
  if (!t) return false;
  return (!ge || *t >= *ge) && (!lt || *t < *lt);
}

}  // namespace

bool IdMatches(const IdMatch& m, std::string_view id) {
  if (!m.pattern) return id == m.value;
  if (!id.starts_with(m.value)) return false;
  std::string_view rest = id.substr(m.value.size());
  if (rest.empty() || rest.front() == '/') return true;  // the key itself, or a qualifier follows
  // GRAI, GDTI and SGCN append the serial to a fixed-length key (asset or
  // document type) inside one path segment; other keys (CPI) vary in length,
  // so there a longer segment is a different key.
  constexpr std::string_view kId = "https://id.gs1.org/";
  std::string_view path = std::string_view(m.value).substr(kId.size());
  return path.starts_with("8003/") || path.starts_with("253/") || path.starts_with("255/");
}

bool Matches(const EventQuery& q, const EventView& e) {
  if (!q.event_types.empty() && !Contains(q.event_types, e.type)) return false;
  if (!TimeIn(e.event_time, q.ge_event_time, q.lt_event_time)) return false;
  if (!TimeIn(e.record_time, q.ge_record_time, q.lt_record_time)) return false;
  if (!OneOf(q.actions, e.action) || !OneOf(q.biz_steps, e.biz_step) || !OneOf(q.dispositions, e.disposition) ||
      !OneOf(q.read_points, e.read_point) || !OneOf(q.biz_locations, e.biz_location) ||
      !OneOf(q.event_ids, e.event_id)) {
    return false;
  }
  std::vector<std::string> parent;
  if (e.parent_id) parent.push_back(*e.parent_id);
  if (!q.match_epc.empty() && !AnyId(q.match_epc, e.epcs)) return false;
  if (!q.match_parent_id.empty() && !AnyId(q.match_parent_id, parent)) return false;
  if (!q.match_input_epc.empty() && !AnyId(q.match_input_epc, e.input_epcs)) return false;
  if (!q.match_output_epc.empty() && !AnyId(q.match_output_epc, e.output_epcs)) return false;
  if (!q.match_any_epc.empty() && !AnyId(q.match_any_epc, e.epcs) && !AnyId(q.match_any_epc, parent) &&
      !AnyId(q.match_any_epc, e.input_epcs) && !AnyId(q.match_any_epc, e.output_epcs)) {
    return false;
  }
  const auto classes = Classes(e.quantities), in = Classes(e.input_quantities), out = Classes(e.output_quantities);
  if (!q.match_epc_class.empty() && !AnyId(q.match_epc_class, classes)) return false;
  if (!q.match_input_epc_class.empty() && !AnyId(q.match_input_epc_class, in)) return false;
  if (!q.match_output_epc_class.empty() && !AnyId(q.match_output_epc_class, out)) return false;
  if (!q.match_any_epc_class.empty() && !AnyId(q.match_any_epc_class, classes) &&
      !AnyId(q.match_any_epc_class, in) && !AnyId(q.match_any_epc_class, out)) {
    return false;
  }
  if (!TypedMatch(q.biz_transactions, e.biz_transactions) || !TypedMatch(q.sources, e.sources) ||
      !TypedMatch(q.destinations, e.destinations)) {
    return false;
  }
  for (const auto& f : q.exists) {
    if (!Contains(e.fields, f)) return false;
  }
  return QuantitiesMatch(q, e) && ReportsMatch(q, e);
}

bool Matches(const EventQuery& q, const boost::json::object& event, const epcis::Namespaces& ns) {
  return Matches(q, ViewEvent(event, ns));
}

}  // namespace orelog::query
