// The stored forms of EventFacts and SiteFacts (custody_facts and
// custody_sites, docs/repository-format.md "Custody tables", v1). Member
// names are part of the format: add members, never rename them.
#include <array>

#include <boost/json.hpp>

#include "custody/facts.h"

namespace orelog::custody {
namespace json = boost::json;
namespace {

constexpr std::array<std::pair<Step, std::string_view>, 8> kStepNames{{
    {Step::kOther, "other"},
    {Step::kExtraction, "extraction"},
    {Step::kSampling, "sampling"},
    {Step::kAssay, "assay"},
    {Step::kTransformation, "transformation"},
    {Step::kPacking, "packing"},
    {Step::kShipping, "shipping"},
    {Step::kReceipt, "receipt"},
}};

json::array LotsJson(const std::vector<LotQuantity>& lots) {
  json::array a;
  for (const LotQuantity& l : lots) {
    json::object o;
    o["lot"] = l.lot;
    if (l.wet) o["mg"] = *l.wet;
    a.push_back(std::move(o));
  }
  return a;
}

json::array StringsJson(const std::vector<std::string>& v) {
  json::array a;
  for (const std::string& s : v) a.emplace_back(s);
  return a;
}

void PutIf(json::object& o, std::string_view key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

// Readers: a stored form is our own output, but it is still read defensively.
std::string GetStr(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

Result<int64_t> GetInt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return int64_t{0};
  if (!v->is_int64()) return Status::Corruption("custody facts: " + std::string(key) + " is not an integer");
  return v->get_int64();
}

Result<std::vector<LotQuantity>> GetLots(const json::object& o, std::string_view key) {
  std::vector<LotQuantity> out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return out;
  if (!v->is_array()) return Status::Corruption("custody facts: " + std::string(key) + " is not an array");
  for (const json::value& x : v->get_array()) {
    if (!x.is_object()) return Status::Corruption("custody facts: a lot is not an object");
    LotQuantity l;
    l.lot = GetStr(x.get_object(), "lot");
    if (const json::value* mg = x.get_object().if_contains("mg")) {
      if (!mg->is_int64()) return Status::Corruption("custody facts: mg is not an integer");
      if (mg->get_int64() < 0) return Status::Corruption("custody facts: a negative mass");
      l.wet = mg->get_int64();
    }
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<std::string> GetStrings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_array()) return out;
  for (const json::value& x : v->get_array()) {
    if (x.is_string()) out.emplace_back(x.get_string());
  }
  return out;
}

Result<json::object> ParseObject(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Status::Corruption(std::string(what) + " is not a JSON object");
  return std::move(v.get_object());
}

}  // namespace

std::string_view StepName(Step s) {
  for (const auto& [step, name] : kStepNames) {
    if (step == s) return name;
  }
  return "other";
}

std::optional<Step> StepFromName(std::string_view name) {
  for (const auto& [step, n] : kStepNames) {
    if (n == name) return step;
  }
  return std::nullopt;
}

std::string FactsToJson(const EventFacts& f) {
  json::object o;
  o["v"] = 1;
  o["id"] = f.event_id;
  o["t"] = f.time_ms;
  o["step"] = StepName(f.step);
  PutIf(o, "site", f.site);
  if (!f.lots.empty()) o["lots"] = LotsJson(f.lots);
  if (!f.inputs.empty()) o["in"] = LotsJson(f.inputs);
  if (!f.outputs.empty()) o["out"] = LotsJson(f.outputs);
  if (!f.loss_outputs.empty()) o["loss"] = StringsJson(f.loss_outputs);
  if (!f.assays.empty()) {
    json::object a;
    for (const AssayValue& v : f.assays) a[v.element] = v.fraction;
    o["assay"] = std::move(a);
  }
  PutIf(o, "role", f.assay_role);
  PutIf(o, "lab", f.lab);
  PutIf(o, "shipment", f.shipment);
  if (!f.seals.empty()) o["seals"] = StringsJson(f.seals);
  PutIf(o, "ownerFrom", f.owner_from);
  PutIf(o, "ownerTo", f.owner_to);
  PutIf(o, "holderFrom", f.holder_from);
  PutIf(o, "holderTo", f.holder_to);
  PutIf(o, "destination", f.destination);
  PutIf(o, "hs", f.hs_code);
  PutIf(o, "licence", f.export_licence);
  PutIf(o, "destCountry", f.destination_country);
  PutIf(o, "value", f.declared_value);
  PutIf(o, "coc", f.coc_model);
  if (!f.claims.empty()) o["claims"] = StringsJson(f.claims);
  if (!f.agreements.empty()) o["agr"] = StringsJson(f.agreements);
  if (!f.royalty_receipts.empty()) o["royalty"] = StringsJson(f.royalty_receipts);
  if (f.origin_undisclosed) o["undisclosed"] = true;
  PutIf(o, "parent", f.parent);
  if (!f.problems.empty()) o["problems"] = StringsJson(f.problems);
  return json::serialize(o);
}

Result<EventFacts> FactsFromJson(std::string_view text) {
  ORELOG_ASSIGN_OR_RETURN(json::object o, ParseObject(text, "custody facts"));
  ORELOG_ASSIGN_OR_RETURN(int64_t version, GetInt(o, "v"));
  if (version != 1) return Status::Corruption("custody facts: unknown version " + std::to_string(version));
  EventFacts f;
  f.event_id = GetStr(o, "id");
  ORELOG_ASSIGN_OR_RETURN(f.time_ms, GetInt(o, "t"));
  auto step = StepFromName(GetStr(o, "step"));
  if (!step) return Status::Corruption("custody facts: unknown step");
  f.step = *step;
  f.site = GetStr(o, "site");
  ORELOG_ASSIGN_OR_RETURN(f.lots, GetLots(o, "lots"));
  ORELOG_ASSIGN_OR_RETURN(f.inputs, GetLots(o, "in"));
  ORELOG_ASSIGN_OR_RETURN(f.outputs, GetLots(o, "out"));
  f.loss_outputs = GetStrings(o, "loss");
  if (const json::value* a = o.if_contains("assay"); a && a->is_object()) {
    for (const auto& kv : a->get_object()) {
      if (!kv.value().is_int64()) return Status::Corruption("custody facts: an assay is not an integer");
      const int64_t fraction = kv.value().get_int64();
      if (fraction < 0 || fraction > kOne) return Status::Corruption("custody facts: an assay outside 0..100 %");
      f.assays.push_back({std::string(kv.key()), fraction});
    }
  }
  f.assay_role = GetStr(o, "role");
  f.lab = GetStr(o, "lab");
  f.shipment = GetStr(o, "shipment");
  f.seals = GetStrings(o, "seals");
  f.owner_from = GetStr(o, "ownerFrom");
  f.owner_to = GetStr(o, "ownerTo");
  f.holder_from = GetStr(o, "holderFrom");
  f.holder_to = GetStr(o, "holderTo");
  f.destination = GetStr(o, "destination");
  f.hs_code = GetStr(o, "hs");
  f.export_licence = GetStr(o, "licence");
  f.destination_country = GetStr(o, "destCountry");
  f.declared_value = GetStr(o, "value");
  f.coc_model = GetStr(o, "coc");
  f.claims = GetStrings(o, "claims");
  f.agreements = GetStrings(o, "agr");
  f.royalty_receipts = GetStrings(o, "royalty");
  if (const json::value* u = o.if_contains("undisclosed")) f.origin_undisclosed = u->is_bool() && u->get_bool();
  f.parent = GetStr(o, "parent");
  f.problems = GetStrings(o, "problems");
  return f;
}

std::string SiteToJson(const SiteFacts& s) {
  json::object o;
  o["v"] = 1;
  o["id"] = s.id;
  PutIf(o, "name", s.name);
  PutIf(o, "country", s.country);
  PutIf(o, "province", s.province);
  PutIf(o, "role", s.role);
  PutIf(o, "licence", s.licence);
  if (!s.capacity.empty()) {
    json::array caps;
    for (const MonthlyCapacity& c : s.capacity) caps.push_back(json::object{{"period", c.period}, {"mg", c.wet}});
    o["capacity"] = std::move(caps);
  }
  if (s.high_risk) o["highRisk"] = true;
  PutIf(o, "coc", s.coc_model);
  PutIf(o, "criteria", s.segregation_criteria);
  return json::serialize(o);
}

Result<SiteFacts> SiteFromJson(std::string_view text) {
  ORELOG_ASSIGN_OR_RETURN(json::object o, ParseObject(text, "custody site"));
  ORELOG_ASSIGN_OR_RETURN(int64_t version, GetInt(o, "v"));
  if (version != 1) return Status::Corruption("custody site: unknown version " + std::to_string(version));
  SiteFacts s;
  s.id = GetStr(o, "id");
  s.name = GetStr(o, "name");
  s.country = GetStr(o, "country");
  s.province = GetStr(o, "province");
  s.role = GetStr(o, "role");
  s.licence = GetStr(o, "licence");
  if (const json::value* caps = o.if_contains("capacity"); caps && caps->is_array()) {
    for (const json::value& c : caps->get_array()) {
      if (!c.is_object()) continue;
      ORELOG_ASSIGN_OR_RETURN(int64_t mg, GetInt(c.get_object(), "mg"));
      s.capacity.push_back({GetStr(c.get_object(), "period"), mg});
    }
  }
  if (const json::value* h = o.if_contains("highRisk")) s.high_risk = h->is_bool() && h->get_bool();
  s.coc_model = GetStr(o, "coc");
  s.segregation_criteria = GetStr(o, "criteria");
  return s;
}

}  // namespace orelog::custody
