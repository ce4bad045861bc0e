#include "query/index_terms.h"

#include <algorithm>

#include <boost/json.hpp>

namespace orelog::query {
namespace {

void SortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::string Term(std::string_view kind, std::string_view value) {
  return std::string(kind) + ":" + std::string(value);
}

std::string TypedTerm(std::string_view kind, std::string_view type, std::string_view id) {
  return std::string(kind) + ":" + std::string(type) + " " + std::string(id);
}

// Terms for one MATCH_ parameter over the given kinds, or nullopt if an
// alternative is a pattern.
std::optional<std::vector<std::string>> IdTerms(const std::vector<IdMatch>& ms,
                                                std::initializer_list<std::string_view> kinds) {
  std::vector<std::string> out;
  for (const IdMatch& m : ms) {
    if (m.pattern) return std::nullopt;
    for (std::string_view k : kinds) out.push_back(Term(k, m.value));
  }
  return out;
}

std::vector<std::string> PlainTerms(std::string_view kind, const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(Term(kind, v));
  return out;
}

// All typed parameters of one kind AND, so each alone is a valid probe:
// take the one with the fewest ids.
std::optional<std::vector<std::string>> TypedTerms(std::string_view kind,
                                                   const std::map<std::string, std::vector<std::string>>& m) {
  std::optional<std::vector<std::string>> best;
  for (const auto& [type, ids] : m) {
    std::vector<std::string> terms;
    for (const auto& id : ids) terms.push_back(TypedTerm(kind, type, id));
    if (!best || terms.size() < best->size()) best = std::move(terms);
  }
  return best;
}

}  // namespace

std::vector<std::string> IndexTerms(const EventView& e) {
  std::vector<std::string> t;
  if (!e.type.empty()) t.push_back(Term("eventType", e.type));
  if (e.event_id) t.push_back(Term("eventID", *e.event_id));
  if (e.biz_step) t.push_back(Term("bizStep", *e.biz_step));
  if (e.disposition) t.push_back(Term("disposition", *e.disposition));
  if (e.read_point) t.push_back(Term("readPoint", *e.read_point));
  if (e.biz_location) t.push_back(Term("bizLocation", *e.biz_location));
  for (const auto& id : e.epcs) t.push_back(Term("epc", id));
  if (e.parent_id) t.push_back(Term("parent", *e.parent_id));
  for (const auto& id : e.input_epcs) t.push_back(Term("in", id));
  for (const auto& id : e.output_epcs) t.push_back(Term("out", id));
  for (const auto& q : e.quantities) t.push_back(Term("class", q.epc_class));
  for (const auto& q : e.input_quantities) t.push_back(Term("inClass", q.epc_class));
  for (const auto& q : e.output_quantities) t.push_back(Term("outClass", q.epc_class));
  for (const auto& b : e.biz_transactions) t.push_back(TypedTerm("bt", b.type, b.id));
  for (const auto& s : e.sources) t.push_back(TypedTerm("src", s.type, s.id));
  for (const auto& d : e.destinations) t.push_back(TypedTerm("dst", d.type, d.id));
  for (const auto& r : e.reports) {
    if (r.chemical_substance) t.push_back(Term("chem", *r.chemical_substance));
  }
  SortUnique(t);
  return t;
}

std::vector<std::string> IndexTerms(const boost::json::object& event, const epcis::Namespaces& ns) {
  return IndexTerms(ViewEvent(event, ns));
}

std::optional<std::vector<std::string>> ProbeTerms(const EventQuery& q) {
  // Ranks, most selective first; each rank lists its candidate probes.
  using Probe = std::optional<std::vector<std::string>>;
  auto some = [](const std::vector<std::string>& v) -> Probe { return v.empty() ? Probe() : Probe(v); };
  auto ids = [](const std::vector<IdMatch>& ms, std::initializer_list<std::string_view> kinds) -> Probe {
    return ms.empty() ? Probe() : IdTerms(ms, kinds);
  };
  const std::vector<std::vector<Probe>> ranks = {
      {some(PlainTerms("eventID", q.event_ids))},
      {ids(q.match_epc, {"epc"}), ids(q.match_parent_id, {"parent"}), ids(q.match_input_epc, {"in"}),
       ids(q.match_output_epc, {"out"}), ids(q.match_any_epc, {"epc", "parent", "in", "out"})},
      {TypedTerms("bt", q.biz_transactions)},
      {ids(q.match_epc_class, {"class"}), ids(q.match_input_epc_class, {"inClass"}),
       ids(q.match_output_epc_class, {"outClass"}), ids(q.match_any_epc_class, {"class", "inClass", "outClass"})},
      {TypedTerms("src", q.sources), TypedTerms("dst", q.destinations)},
      {some(PlainTerms("chem", q.chemical_substances))},
      {some(PlainTerms("bizLocation", q.biz_locations)), some(PlainTerms("readPoint", q.read_points))},
      {some(PlainTerms("disposition", q.dispositions)), some(PlainTerms("bizStep", q.biz_steps))},
      {some(PlainTerms("eventType", q.event_types))},
  };
  for (const auto& rank : ranks) {
    Probe best;
    for (const Probe& p : rank) {
      if (p && (!best || p->size() < best->size())) best = p;
    }
    if (best) {
      SortUnique(*best);
      return best;
    }
  }
  return std::nullopt;
}

}  // namespace orelog::query
