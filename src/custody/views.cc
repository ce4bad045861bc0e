#include "custody/views.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <boost/json.hpp>

#include "custody/accounting.h"
#include "custody/book_impl.h"
#include "custody/flags.h"
#include "epcis/timestamp.h"

namespace orelog::custody {
namespace json = boost::json;
namespace {

constexpr char kRounding[] =
    "integers are exact milligrams; tonnes (3 decimals), kilograms (3) and percentages (2 for shares, 3 for "
    "grades) are rounded half to even from the exact values";

std::string Time(int64_t ms) { return epcis::FormatUtcMillis(ms).value_or(""); }

const std::string& EventId(const Book::Impl& b, uint32_t fact) { return b.facts[fact].event_id; }

json::object SiteJson(const Book::Impl& b, std::string_view id) {
  json::object o;
  o["id"] = id;
  auto key = b.site_index.find(std::string(id));
  const SiteFacts* s = key == b.site_index.end() ? nullptr : b.Site(key->second);
  if (s == nullptr) return o;
  if (!s->name.empty()) o["name"] = s->name;
  if (!s->country.empty()) o["country"] = s->country;
  if (!s->province.empty()) o["province"] = s->province;
  if (!s->role.empty()) o["role"] = s->role;
  if (s->high_risk) o["highRiskArea"] = true;
  return o;
}

json::object MassJson(Milligrams mg, json::storage_ptr sp = {}) {
  json::object o(std::move(sp));
  o.reserve(2);
  o.emplace("mg", mg);
  o.emplace("t", FormatTonnes(mg, 3));
  return o;
}

Milligrams Withdrawn(const Book::Impl& b, const Lot& lot) {
  Milligrams out = 0;
  for (const Withdrawal& w : lot.withdrawals) {
    const Flow& fl = b.flows[w.flow];
    out += fl.inputs[w.input].taken;
  }
  return out;
}

Result<const Lot*> LotOrNotFound(const Book::Impl& b, std::string_view id) {
  auto key = b.FindLot(id);
  if (!key) return Status::NotFound("no lot " + std::string(id));
  return &b.lots[*key];
}

}  // namespace

Result<json::object> LotJson(const Book& book, std::string_view id) {
  const Book::Impl& b = book.impl();
  ORELOG_ASSIGN_OR_RETURN(const Lot* found, LotOrNotFound(b, id));
  const Lot& lot = *found;
  json::object o;
  o["lot"] = lot.id;
  const Milligrams withdrawn = Withdrawn(b, lot);
  std::string status = lot.status;
  if (lot.wet > 0 && withdrawn >= lot.wet) status = "consumed";
  o["status"] = status;
  if (!lot.holder.empty()) o["holder"] = lot.holder;
  if (!lot.owner.empty()) o["owner"] = lot.owner;
  if (!lot.location.empty()) o["location"] = SiteJson(b, lot.location);
  if (!lot.package.empty()) o["package"] = lot.package;
  json::object q;
  q["wet"] = MassJson(lot.wet);
  q["dry"] = MassJson(b.DryOf(lot, lot.wet));
  if (const LotGrade* moisture = lot.GradeOf(b.moisture_key)) {
    q["moisturePct"] = FormatPercent(moisture->fraction, 3);
  } else {
    q["moisturePct"] = nullptr;  // not measured: dry is taken equal to wet
  }
  q["remainingWet"] = MassJson(std::max<Milligrams>(0, lot.wet - withdrawn));
  o["quantity"] = std::move(q);
  json::array elements;
  for (const ElementFigures& f : b.Figures(lot)) {
    const std::string& element = b.ElementName(f.element);
    json::object e;
    e["element"] = element;
    e["measured"] = f.measured;
    if (const LotGrade* g = lot.GradeOf(f.element)) e["gradePct"] = FormatPercent(g->fraction, 3);
    e["contained"] = MassJson(f.contained);
    elements.push_back(std::move(e));
  }
  o["elements"] = std::move(elements);
  json::array events;
  for (uint32_t fact : lot.timeline) {
    const EventFacts& f = b.facts[fact];
    json::object ev{{"eventID", f.event_id}, {"step", StepName(f.step)}, {"eventTime", Time(f.time_ms)}};
    if (!f.site.empty()) ev["site"] = f.site;
    events.push_back(std::move(ev));
  }
  o["events"] = std::move(events);
  o["rounding"] = kRounding;
  return o;
}

Result<json::object> TraceJson(const Book& book, std::string_view id, Direction direction, int depth) {
  const Book::Impl& b = book.impl();
  auto root = b.FindLot(id);
  if (!root) return Status::NotFound("no lot " + std::string(id));
  if (depth < 1 || depth > 64) return Status::Invalid("depth must be 1 to 64");
  // Depth of each lot reached so far; a map, not a vector over the whole
  // book, so a trace costs what it visits, not what the book holds.
  std::unordered_map<uint32_t, int> level;
  std::deque<uint32_t> queue{*root};
  level[*root] = 0;
  // The answer's many small objects (a thousand edges for a depth-20 lot)
  // come from one bump allocator that the answer owns and frees at once.
  const json::storage_ptr sp = json::make_shared_resource<json::monotonic_resource>();
  json::array nodes(sp), edges(sp);
  bool truncated = false;
  // Edges of one flow share its event's ID, time and site.
  uint32_t last_flow = kNone;
  std::string last_time;
  while (!queue.empty()) {
    const uint32_t l = queue.front();
    queue.pop_front();
    const Lot& lot = b.lots[l];
    const int here = level.at(l);
    json::object node(sp);
    node.reserve(2);
    node.emplace("lot", lot.id);
    node.emplace("depth", here);
    nodes.push_back(std::move(node));
    auto visit = [&](uint32_t next, uint32_t flow, Milligrams wet, bool up) {
      const EventFacts& f = b.facts[b.flows[flow].fact];
      if (flow != last_flow) {
        last_flow = flow;
        last_time = Time(f.time_ms);
      }
      json::object edge(sp);
      edge.reserve(6);
      edge.emplace("from", up ? b.lots[next].id : lot.id);
      edge.emplace("to", up ? lot.id : b.lots[next].id);
      edge.emplace("eventID", f.event_id);
      edge.emplace("eventTime", last_time);
      if (!f.site.empty()) edge.emplace("site", f.site);
      edge.emplace("wet", MassJson(wet, sp));
      edges.push_back(std::move(edge));
      if (level.count(next)) return;
      if (here + 1 > depth) {
        truncated = true;
        return;
      }
      level[next] = here + 1;
      queue.push_back(next);
    };
    if (here >= depth) {
      // Edges beyond the requested depth are not listed; say whether any exist.
      if (direction == Direction::kUpstream) {
        for (const Contribution& c : lot.sources) truncated |= c.flow != kNone && !b.flows[c.flow].inputs.empty();
      } else {
        truncated |= !lot.withdrawals.empty();
      }
      continue;
    }
    if (direction == Direction::kUpstream) {
      for (const Contribution& c : lot.sources) {
        if (c.flow == kNone) continue;
        const Flow& fl = b.flows[c.flow];
        for (size_t i = 0; i < fl.inputs.size(); ++i) {
          visit(fl.inputs[i].lot, c.flow, fl.inputs[i].taken, true);
        }
      }
    } else {
      for (const Withdrawal& w : lot.withdrawals) {
        for (const FlowOutput& out : b.flows[w.flow].outputs) visit(out.lot, w.flow, out.wet, false);
      }
    }
  }
  json::object o(sp);
  o["lot"] = std::string(id);
  o["direction"] = direction == Direction::kUpstream ? "upstream" : "downstream";
  o["depth"] = depth;
  o["nodes"] = std::move(nodes);
  o["edges"] = std::move(edges);
  o["truncated"] = truncated;
  return o;
}

Result<json::object> OriginJson(const Book& book, std::string_view id) {
  const Book::Impl& b = book.impl();
  ORELOG_ASSIGN_OR_RETURN(const Lot* found, LotOrNotFound(b, id));
  const Lot& lot = *found;
  json::object o;
  o["lot"] = lot.id;
  json::array elements;
  bool exposed = false;
  json::array covered_evidence;
  // What each input of the lot's sources passed on of one element, in the
  // order `via` lists them: computed once per element, not once per origin
  // (TakenInto is computed on demand and a lot has many origins).
  struct Passed {
    const Contribution* source;
    size_t input = 0;        // for a flow
    ShareVector taken;       // for a flow: origin shares taken from the input
    uint32_t origin = 0;     // for a commissioning: its origin key
  };
  std::vector<Passed> passed;
  for (const ElementFigures& f : b.Figures(lot)) {
    const std::string& element = b.ElementName(f.element);
    passed.clear();
    for (const Contribution& c : lot.sources) {
      if (c.flow == kNone) {
        passed.push_back(Passed{&c, 0, {}, b.CommissioningOrigin(c)});
        continue;
      }
      const Flow& fl = b.flows[c.flow];
      for (const FlowElement& fe : b.Elements(fl)) {
        if (fe.element != f.element) continue;
        for (size_t i = 0; i < fl.inputs.size(); ++i) {
          Passed p{&c, i, {}, 0};
          b.TakenInto(c.flow, i, fe.element, &p.taken, nullptr);
          passed.push_back(std::move(p));
        }
      }
    }
    json::object e;
    e["element"] = element;
    e["contained"] = MassJson(f.contained);
    json::array origins;
    // Shares are listed by name, not by interned key: keys depend on the
    // order sites and facets were first met, names do not (a passport's
    // verifier rebuilds the book from a subset and must get the same JSON).
    ShareVector by_site = b.Shares(f.origin);
    std::sort(by_site.begin(), by_site.end(), [&](const Share& x, const Share& y) {
      if ((x.first == kUnknownOrigin) != (y.first == kUnknownOrigin)) return y.first == kUnknownOrigin;
      return b.origin_names[x.first] < b.origin_names[y.first];
    });
    for (const auto& [k, mg] : by_site) {
      json::object share;
      if (k == kUnknownOrigin) {
        share["site"] = nullptr;
        share["unknown"] = true;
      } else {
        share["site"] = SiteJson(b, b.origin_names[k]);
      }
      share["mg"] = mg;
      share["sharePct"] = FormatShare(mg, f.contained, 2);
      // Which inputs brought this origin's metal (one level; trace further
      // from each input lot).
      json::array via;
      for (const Passed& p : passed) {
        const Contribution& c = *p.source;
        if (c.flow == kNone) {
          if (p.origin == k) via.push_back(json::object{{"eventID", EventId(b, c.fact)}, {"step", "extraction"}});
          continue;
        }
        const Flow& fl = b.flows[c.flow];
        for (const auto& [tk, tmg] : p.taken) {
          if (tk != k) continue;
          via.push_back(json::object{{"eventID", EventId(b, fl.fact)},
                                     {"inputLot", b.lots[fl.inputs[p.input].lot].id},
                                     {"mg", tmg}});
        }
      }
      share["via"] = std::move(via);
      origins.push_back(std::move(share));
    }
    e["origins"] = std::move(origins);
    json::array exposure;
    ShareVector by_facet = b.Shares(f.exposure);
    std::sort(by_facet.begin(), by_facet.end(),
              [&](const Share& x, const Share& y) { return b.facet_names[x.first] < b.facet_names[y.first]; });
    for (const auto& [k, mg] : by_facet) {
      const auto& [stage, country] = b.facet_names[k];
      const bool covered = std::find(b.config.covered_countries.begin(), b.config.covered_countries.end(), country) !=
                           b.config.covered_countries.end();
      json::object x{{"stage", StageName(stage)}, {"country", country}, {"mg", mg},
                     {"sharePct", FormatShare(mg, f.contained, 2)}, {"covered", covered}};
      if (covered && mg > 0) {
        exposed = true;
        covered_evidence.push_back(json::object{{"element", element}, {"stage", StageName(stage)},
                                                {"country", country}, {"mg", mg}});
      }
      exposure.push_back(std::move(x));
    }
    e["exposure"] = std::move(exposure);
    elements.push_back(std::move(e));
  }
  o["elements"] = std::move(elements);
  // Sites on the lot's path (upstream), for the covered-country evidence.
  json::array path_sites;
  {
    const auto root = static_cast<uint32_t>(found - b.lots.data());
    std::vector<uint32_t> lots{root};
    std::unordered_set<uint32_t> seen{root};
    for (size_t i = 0; i < lots.size(); ++i) {
      for (const Contribution& c : b.lots[lots[i]].sources) {
        if (c.flow == kNone) continue;
        for (const FlowInput& in : b.flows[c.flow].inputs) {
          if (seen.insert(in.lot).second) lots.push_back(in.lot);
        }
      }
    }
    // The facts are read in key order, once each: a lot's history comes in
    // runs of neighbouring facts, so this touches few pages of a book that
    // spans gigabytes (the walk is bound by memory latency, not by work).
    std::vector<uint32_t> facts;
    for (uint32_t k : lots) facts.insert(facts.end(), b.lots[k].timeline.begin(), b.lots[k].timeline.end());
    std::sort(facts.begin(), facts.end());
    facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
    std::vector<std::string_view> sites;
    for (uint32_t f : facts) {
      if (!b.facts[f].site.empty()) sites.push_back(b.facts[f].site);
    }
    std::sort(sites.begin(), sites.end());
    sites.erase(std::unique(sites.begin(), sites.end()), sites.end());
    for (std::string_view s : sites) path_sites.push_back(SiteJson(b, s));
  }
  json::array countries;
  for (const std::string& c : b.config.covered_countries) countries.emplace_back(c);
  o["covered"] = json::object{{"countries", std::move(countries)},
                              {"exposed", exposed},
                              {"evidence", std::move(covered_evidence)},
                              {"pathSites", std::move(path_sites)}};
  // The model of the flow(s) that made the lot.
  json::array models;
  for (const Contribution& c : lot.sources) {
    if (c.flow == kNone) continue;
    models.push_back(json::object{{"eventID", EventId(b, b.flows[c.flow].fact)}, {"model", b.flows[c.flow].coc_model}});
  }
  o["cocModels"] = std::move(models);
  o["rounding"] = kRounding;
  return o;
}

namespace {

json::object ElementBalanceJson(const ElementBalance& eb) {
  const MetalBalance& m = eb.balance;
  static constexpr const char* kVerdicts[] = {"within_tolerance", "unexplained_loss", "unexplained_gain", "no_input"};
  return json::object{{"element", eb.element},
                      {"checkIn", MassJson(m.check_in)},
                      {"checkOut", MassJson(m.check_out)},
                      {"unaccounted", MassJson(m.unaccounted)},
                      {"unaccountedPct", FormatPercent(m.unaccounted_fraction, 2)},
                      {"recoveryPct", FormatPercent(m.recovery, 2)},
                      {"complete", eb.complete},
                      {"verdict", eb.complete ? kVerdicts[m.verdict] : "incomplete"}};
}

}  // namespace

json::object BalancesJson(const Book& book, std::string_view site, int64_t from_ms, int64_t to_ms) {
  auto flows = FlowBalances(book, site, from_ms, to_ms);
  json::array periods, transformations;
  for (const SitePeriodBalance& sp : SitePeriodBalances(flows, book)) {
    json::array ids, elements;
    for (const std::string& id : sp.event_ids) ids.emplace_back(id);
    for (const ElementBalance& eb : sp.elements) elements.push_back(ElementBalanceJson(eb));
    periods.push_back(json::object{{"site", SiteJson(book.impl(), sp.site)}, {"period", sp.period},
                                   {"eventIDs", std::move(ids)}, {"elements", std::move(elements)}});
  }
  for (const FlowBalance& fb : flows) {
    json::array elements;
    for (const ElementBalance& eb : fb.elements) elements.push_back(ElementBalanceJson(eb));
    transformations.push_back(json::object{{"eventID", fb.event_id}, {"site", fb.site}, {"eventTime", Time(fb.time_ms)},
                                           {"elements", std::move(elements)}});
  }
  json::object o;
  if (!site.empty()) o["site"] = site;
  o["tolerancePct"] = FormatPercent(book.config().balance_tolerance, 2);
  o["periods"] = std::move(periods);
  o["transformations"] = std::move(transformations);
  o["rounding"] = kRounding;
  return o;
}

Result<json::object> SettlementJson(const Book& book, std::string_view shipment) {
  ORELOG_ASSIGN_OR_RETURN(ShipmentSettlement s, SettleShipment(book, shipment));
  static constexpr const char* kStatus[] = {"pending", "settled_mean", "umpire_required", "settled_umpire"};
  json::array lots, elements;
  for (const std::string& l : s.lots) lots.emplace_back(l);
  for (const ElementSettlement& e : s.elements) {
    json::object o;
    o["element"] = e.element;
    auto grade = [](const std::optional<Nano>& g) -> json::value {
      return g ? json::value(FormatPercent(*g, 3)) : json::value(nullptr);
    };
    o["sellerPct"] = grade(e.seller);
    o["buyerPct"] = grade(e.buyer);
    o["umpirePct"] = grade(e.umpire);
    o["differencePct"] = FormatPercent(e.settlement.difference, 3);
    o["status"] = kStatus[e.settlement.status];
    o["finalPct"] = grade(e.settlement.final_grade);
    o["explanation"] = e.settlement.explanation;
    o["ruleConfigured"] = e.has_rule;
    if (e.contained) o["contained"] = MassJson(*e.contained);
    o["payablePct"] = grade(e.payable_grade);
    if (e.payable) o["payable"] = MassJson(*e.payable);
    json::array ev;
    for (const std::string& id : e.evidence) ev.emplace_back(id);
    o["assayEventIDs"] = std::move(ev);
    elements.push_back(std::move(o));
  }
  return json::object{{"shipment", s.shipment}, {"lots", std::move(lots)}, {"wet", MassJson(s.wet)},
                      {"dry", MassJson(s.dry)}, {"elements", std::move(elements)}, {"rounding", kRounding}};
}

json::object FlagsJson(const std::vector<Flag>& flags, const FlagFilter& filter) {
  json::array out;
  for (const Flag& f : flags) {
    if (!filter.kind.empty() && f.kind != filter.kind) continue;
    if (f.severity > filter.max_severity) continue;
    if (!filter.subject.empty() && f.subject.find(filter.subject) == std::string::npos) continue;
    if (!filter.state.empty() && filter.state != (f.resolved ? "resolved" : "open")) continue;
    if (!filter.lot.empty() && std::find(f.lots.begin(), f.lots.end(), filter.lot) == f.lots.end()) continue;
    json::array evidence, lots;
    for (const std::string& e : f.evidence) evidence.emplace_back(e);
    for (const std::string& l : f.lots) lots.emplace_back(l);
    out.push_back(json::object{{"id", f.id}, {"kind", f.kind}, {"severity", f.severity},
                               {"subjectType", f.subject_type}, {"subject", f.subject}, {"message", f.message},
                               {"state", f.resolved ? "resolved" : "open"}, {"evidence", std::move(evidence)},
                               {"lots", std::move(lots)}});
  }
  return json::object{{"flags", std::move(out)}};
}

}  // namespace orelog::custody
