#include "custody/extract.h"

#include <algorithm>
#include <array>
#include <utility>

#include <boost/json.hpp>

#include "query/instant.h"

namespace orelog::custody {
namespace json = boost::json;
namespace {

// A CBV word from any of its spellings: bare ("shipping"), URN
// ("urn:epcglobal:cbv:bizstep:shipping"), Web URI or CURIE ("…BizStep-shipping").
std::string_view CbvWord(std::string_view v) {
  if (auto dash = v.rfind('-'); dash != std::string_view::npos && v.find("Step-") != std::string_view::npos) {
    return v.substr(dash + 1);
  }
  for (std::string_view marker : {"Disp-", "BTT-", "SDT-", "SrcDestType-"}) {
    if (auto at = v.find(marker); at != std::string_view::npos) return v.substr(at + marker.size());
  }
  if (v.starts_with("urn:epcglobal:cbv:")) return v.substr(v.rfind(':') + 1);
  return v;
}

std::string_view Str(const json::value* v) {
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

std::optional<double> Num(const json::value* v) {
  if (v == nullptr || !v->is_number()) return std::nullopt;
  return v->to_number<double>();
}

// The member of `o` whose expanded name is the profile's `local` term.
const json::value* Term(const json::object& o, std::string_view local, const epcis::Namespaces& ns) {
  for (const auto& kv : o) {
    std::string_view key = kv.key();
    if (key.find(':') == std::string_view::npos) continue;
    std::string iri = epcis::ExpandCurie(key, ns);
    if (iri.size() == kMineralsNamespace.size() + local.size() && iri.starts_with(kMineralsNamespace) &&
        std::string_view(iri).substr(kMineralsNamespace.size()) == local) {
      return &kv.value();
    }
  }
  return nullptr;
}

// The profile-local name of a value in the profile's namespace ("orl:Nd2O3" -> "Nd2O3").
std::optional<std::string> ProfileLocal(std::string_view value, const epcis::Namespaces& ns) {
  std::string iri = epcis::ExpandCurie(value, ns);
  if (!iri.starts_with(kMineralsNamespace)) return std::nullopt;
  return iri.substr(kMineralsNamespace.size());
}

struct Substance {
  std::string_view inchikey;
  std::string_view element;
};
constexpr std::array<Substance, 8> kSubstances{{
    {"XLYOFNOQVPJJNP-UHFFFAOYSA-N", "H2O"},
    {"RYGMFSIKBFXOCR-UHFFFAOYSA-N", "Cu"},
    {"WATWJIUSRGPENY-UHFFFAOYSA-N", "Sb"},
    {"PCHJSUWPFVWCPO-UHFFFAOYSA-N", "Au"},
    {"BQCADISMDOOEFD-UHFFFAOYSA-N", "Ag"},
    {"RQNWIZPPADIBDY-UHFFFAOYSA-N", "As"},
    {"QEFYFXOXNSNQGX-UHFFFAOYSA-N", "Nd"},
    {"PUDIUYLPXJFUGB-UHFFFAOYSA-N", "Pr"},
}};
constexpr std::string_view kInchikeyPrefix = "https://identifiers.org/inchikey:";

// Element and conversion factor of a chemicalSubstance, if the profile knows it.
std::optional<std::pair<std::string, Nano>> SubstanceElement(std::string_view substance, const epcis::Namespaces& ns) {
  if (substance.starts_with(kInchikeyPrefix)) {
    std::string_view key = substance.substr(kInchikeyPrefix.size());
    for (const Substance& s : kSubstances) {
      if (s.inchikey == key) return std::pair{std::string(s.element), kOne};
    }
    return std::nullopt;
  }
  auto local = ProfileLocal(substance, ns);
  if (!local) return std::nullopt;
  if (*local == "TREO") return std::pair{std::string("TREO"), kOne};
  if (auto f = OxideToElement(*local)) return std::pair{std::string(f->element), f->factor};
  return std::nullopt;
}

std::vector<LotQuantity> Quantities(const json::value* list, std::string_view what, std::vector<std::string>& problems) {
  std::vector<LotQuantity> out;
  if (list == nullptr || !list->is_array()) return out;
  for (const json::value& q : list->get_array()) {
    if (!q.is_object()) continue;
    const json::object& o = q.get_object();
    LotQuantity lq;
    lq.lot = std::string(Str(o.if_contains("epcClass")));
    if (lq.lot.empty()) continue;
    auto amount = Num(o.if_contains("quantity"));
    std::string_view uom = Str(o.if_contains("uom"));
    if (amount) {
      auto mass = MassFromQuantity(*amount, uom);
      if (!mass.ok()) {
        // Left out rather than read as "no quantity" (which, for an input,
        // would mean the whole lot).
        problems.push_back(std::string(what) + " " + lq.lot + " left out: " + mass.status().message());
        continue;
      }
      lq.wet = *mass;
    }
    out.push_back(std::move(lq));
  }
  return out;
}

std::vector<std::string> Strings(const json::value* v) {
  std::vector<std::string> out;
  if (v == nullptr) return out;
  if (v->is_string()) out.emplace_back(v->get_string());
  if (v->is_array()) {
    for (const json::value& x : v->get_array()) {
      if (x.is_string()) out.emplace_back(x.get_string());
    }
  }
  return out;
}

void ReadParties(const json::object& ev, EventFacts& f) {
  if (const json::value* src = ev.if_contains("sourceList"); src && src->is_array()) {
    for (const json::value& s : src->get_array()) {
      if (!s.is_object()) continue;
      std::string_view type = CbvWord(Str(s.get_object().if_contains("type")));
      std::string id(Str(s.get_object().if_contains("source")));
      if (type == "owning_party") f.owner_from = id;
      if (type == "possessing_party") f.holder_from = id;
    }
  }
  if (const json::value* dst = ev.if_contains("destinationList"); dst && dst->is_array()) {
    for (const json::value& d : dst->get_array()) {
      if (!d.is_object()) continue;
      std::string_view type = CbvWord(Str(d.get_object().if_contains("type")));
      std::string id(Str(d.get_object().if_contains("destination")));
      if (type == "owning_party") f.owner_to = id;
      if (type == "possessing_party") f.holder_to = id;
      if (type == "location") f.destination = id;
    }
  }
}

void ReadShipment(const json::object& ev, EventFacts& f) {
  const json::value* list = ev.if_contains("bizTransactionList");
  if (list == nullptr || !list->is_array()) return;
  std::string bol;
  for (const json::value& t : list->get_array()) {
    if (!t.is_object()) continue;
    std::string_view type = CbvWord(Str(t.get_object().if_contains("type")));
    std::string_view id = Str(t.get_object().if_contains("bizTransaction"));
    if (id.empty() || id.starts_with("urn:orelog:sd:")) continue;  // withheld from this reader
    if (type == "desadv" && f.shipment.empty()) f.shipment = std::string(id);
    if (type == "bol" && bol.empty()) bol = std::string(id);
  }
  if (f.shipment.empty()) f.shipment = std::move(bol);
}

// orl:agreement and orl:royaltyReceipt bizTransactions. Unlike shipments, a
// withheld value is kept as kPlaceholderLink: the public may know that a
// link exists (docs/participants.md §6.3).
void ReadLinks(const json::object& ev, const epcis::Namespaces& ns, EventFacts& f) {
  const json::value* list = ev.if_contains("bizTransactionList");
  if (list == nullptr || !list->is_array()) return;
  for (const json::value& t : list->get_array()) {
    if (!t.is_object()) continue;
    auto local = ProfileLocal(Str(t.get_object().if_contains("type")), ns);
    if (!local || (*local != "agreement" && *local != "royaltyReceipt")) continue;
    std::string_view id = Str(t.get_object().if_contains("bizTransaction"));
    if (id.empty()) continue;
    std::string value(id.starts_with("urn:orelog:sd:") ? kPlaceholderLink : id);
    if (*local == "agreement") {
      if (value != kPlaceholderLink) {
        if (!id.starts_with(kAgreementUriPrefix)) {
          f.problems.push_back("an orl:agreement link must be " + std::string(kAgreementUriPrefix) + "<agreement ID>");
          continue;
        }
        value = std::string(id.substr(kAgreementUriPrefix.size()));
      }
      f.agreements.push_back(std::move(value));
    } else {
      f.royalty_receipts.push_back(std::move(value));
    }
  }
}

void ReadAssays(const json::object& ev, const epcis::Namespaces& ns, EventFacts& f) {
  const json::value* list = ev.if_contains("sensorElementList");
  if (list == nullptr || !list->is_array()) return;
  std::vector<bool> oxide_read;  // per f.assays: read from an oxide's report
  for (const json::value& se : list->get_array()) {
    if (!se.is_object()) continue;
    if (const json::value* meta = se.get_object().if_contains("sensorMetadata"); meta && meta->is_object()) {
      if (f.lab.empty()) f.lab = std::string(Str(meta->get_object().if_contains("deviceID")));
    }
    const json::value* reports = se.get_object().if_contains("sensorReport");
    if (reports == nullptr || !reports->is_array()) continue;
    for (const json::value& r : reports->get_array()) {
      if (!r.is_object()) continue;
      const json::object& o = r.get_object();
      std::string_view type = Str(o.if_contains("type"));
      if (!type.ends_with("MassConcentration")) continue;
      std::string_view substance = Str(o.if_contains("chemicalSubstance"));
      auto element = SubstanceElement(substance, ns);
      if (!element) {
        f.problems.push_back("unknown chemicalSubstance " + std::string(substance));
        continue;
      }
      auto value = Num(o.if_contains("value"));
      if (!value) {
        f.problems.push_back("a MassConcentration of " + element->first + " without a value");
        continue;
      }
      auto fraction = FractionFromReport(*value, Str(o.if_contains("uom")));
      if (!fraction.ok()) {
        f.problems.push_back(element->first + ": " + fraction.status().message());
        continue;
      }
      Nano as_element = MulFraction(*fraction, element->second);
      const bool from_oxide = element->second != kOne;
      auto seen = std::find_if(f.assays.begin(), f.assays.end(),
                               [&](const AssayValue& a) { return a.element == element->first; });
      // The element's own report wins over its oxide's (the first one wins otherwise).
      if (seen != f.assays.end()) {
        const size_t at = static_cast<size_t>(seen - f.assays.begin());
        if (oxide_read[at] && !from_oxide) {
          seen->fraction = as_element;
          oxide_read[at] = false;
        }
        continue;
      }
      f.assays.push_back({element->first, as_element});
      oxide_read.push_back(from_oxide);
    }
  }
}

// A master-data attribute value in any of its JSON-LD spellings: a value, a
// value object {"@value": v}, a list {"@set": [...]} / {"@list": [...]}, or
// (where JSON allows it) a bare array. EPCIS's schema allows only a number,
// a string or an object as an attribute, hence the object forms.
const json::value* Unwrapped(const json::value* v) {
  if (v != nullptr && v->is_object()) {
    if (const json::value* inner = v->get_object().if_contains("@value")) return inner;
  }
  return v;
}

std::vector<json::value> Values(const json::value* v) {
  std::vector<json::value> out;
  if (v == nullptr) return out;
  const json::value* list = v;
  if (v->is_object()) {
    if (const json::value* set = v->get_object().if_contains("@set")) list = set;
    if (const json::value* l = v->get_object().if_contains("@list")) list = l;
  }
  if (list->is_array()) {
    for (const json::value& x : list->get_array()) out.push_back(x);
  } else if (list->is_object()) {
    out.push_back(*list);
  }
  return out;
}

bool Boolean(const json::value* v) {
  v = Unwrapped(v);
  if (v == nullptr) return false;
  if (v->is_bool()) return v->get_bool();
  return v->is_string() && v->get_string() == "true";
}

Step StepOf(std::string_view type, std::string_view action, std::string_view biz_step, bool has_assays) {
  if (type == "TransformationEvent") return Step::kTransformation;
  if (type == "AggregationEvent" && action == "ADD" && biz_step == "packing") return Step::kPacking;
  if (type != "ObjectEvent") return Step::kOther;
  if (biz_step == "commissioning" && action == "ADD") return Step::kExtraction;
  if (biz_step == "inspecting" && has_assays) return Step::kAssay;
  if (biz_step == "sampling") return Step::kSampling;
  if (biz_step == "shipping" || biz_step == "departing") return Step::kShipping;
  if (biz_step == "receiving" || biz_step == "accepting" || biz_step == "arriving") return Step::kReceipt;
  return Step::kOther;
}

}  // namespace

EventFacts ExtractFacts(const json::object& ev, const epcis::Namespaces& event_ns, uint64_t index, std::string event_id) {
  epcis::Namespaces own;
  const epcis::Namespaces* ns = &event_ns;
  if (const json::value* ctx = ev.if_contains("@context")) {
    own = event_ns;
    if (epcis::AddContextNamespaces(*ctx, own).ok()) ns = &own;
  }
  EventFacts f;
  f.index = index;
  f.event_id = std::move(event_id);
  if (auto t = query::InstantMillis(Str(ev.if_contains("eventTime"))); t.ok()) f.time_ms = *t;
  const std::string_view type = Str(ev.if_contains("type"));
  const std::string_view action = Str(ev.if_contains("action"));
  const std::string_view biz_step = CbvWord(Str(ev.if_contains("bizStep")));
  if (const json::value* loc = ev.if_contains("bizLocation"); loc && loc->is_object()) {
    f.site = std::string(Str(loc->get_object().if_contains("id")));
  }
  if (f.site.empty()) {
    if (const json::value* rp = ev.if_contains("readPoint"); rp && rp->is_object()) {
      f.site = std::string(Str(rp->get_object().if_contains("id")));
    }
  }
  ReadAssays(ev, *ns, f);
  f.step = StepOf(type, action, biz_step, !f.assays.empty());
  if (f.step == Step::kTransformation) {
    f.inputs = Quantities(ev.if_contains("inputQuantityList"), "input", f.problems);
    f.outputs = Quantities(ev.if_contains("outputQuantityList"), "output", f.problems);
    f.loss_outputs = Strings(Term(ev, "lossOutputs", *ns));
  } else if (f.step == Step::kPacking) {
    f.lots = Quantities(ev.if_contains("childQuantityList"), "child", f.problems);
    f.parent = std::string(Str(ev.if_contains("parentID")));
  } else {
    f.lots = Quantities(ev.if_contains("quantityList"), "lot", f.problems);
  }
  ReadShipment(ev, f);
  ReadLinks(ev, *ns, f);
  ReadParties(ev, f);
  if (const json::value* role = Term(ev, "assayRole", *ns)) f.assay_role = std::string(Str(role));
  if (f.step == Step::kAssay && f.assay_role.empty()) f.assay_role = "producer";
  f.seals = Strings(Term(ev, "seals", *ns));
  f.hs_code = std::string(Str(Term(ev, "hsCode", *ns)));
  f.export_licence = std::string(Str(Term(ev, "exportLicence", *ns)));
  f.destination_country = std::string(Str(Term(ev, "destinationCountry", *ns)));
  f.declared_value = std::string(Str(Term(ev, "declaredValue", *ns)));
  f.coc_model = std::string(Str(Term(ev, "cocModel", *ns)));
  if (const json::value* ilmd = ev.if_contains("ilmd"); ilmd && ilmd->is_object()) {
    if (Str(Term(ilmd->get_object(), "originDisclosure", *ns)) == "undisclosed") f.origin_undisclosed = true;
    if (Str(Term(ilmd->get_object(), "claim", *ns)) == "compliant") {
      for (const LotQuantity& o : f.step == Step::kTransformation ? f.outputs : f.lots) f.claims.push_back(o.lot);
    }
  }
  if (f.step == Step::kOther && f.lots.empty()) f.problems.clear();  // not a custody event at all
  return f;
}

std::vector<SiteFacts> ExtractSites(const json::object& document, const epcis::Namespaces& ns) {
  std::vector<SiteFacts> out;
  const json::value* header = document.if_contains("epcisHeader");
  if (header == nullptr || !header->is_object()) return out;
  const json::value* md = header->get_object().if_contains("epcisMasterData");
  if (md == nullptr || !md->is_object()) return out;
  const json::value* list = md->get_object().if_contains("vocabularyList");
  if (list == nullptr || !list->is_array()) return out;
  for (const json::value& vocab : list->get_array()) {
    if (!vocab.is_object()) continue;
    std::string vtype = epcis::ExpandCurie(Str(vocab.get_object().if_contains("type")), ns);
    if (vtype != "urn:epcglobal:epcis:vtype:BusinessLocation") continue;
    const json::value* elements = vocab.get_object().if_contains("vocabularyElementList");
    if (elements == nullptr || !elements->is_array()) continue;
    for (const json::value& el : elements->get_array()) {
      if (!el.is_object()) continue;
      SiteFacts s;
      s.id = std::string(Str(el.get_object().if_contains("id")));
      if (s.id.empty()) continue;
      const json::value* attrs = el.get_object().if_contains("attributes");
      if (attrs != nullptr && attrs->is_array()) {
        for (const json::value& a : attrs->get_array()) {
          if (!a.is_object()) continue;
          std::string id = epcis::ExpandCurie(Str(a.get_object().if_contains("id")), ns);
          const json::value* v = a.get_object().if_contains("attribute");
          // CBV master-data attributes: "urn:epcglobal:cbv:mda#x", or "cbvmda:x" expanded.
          if (id.starts_with("urn:epcglobal:cbv:mda")) {
            std::string_view name = std::string_view(id).substr(std::string_view("urn:epcglobal:cbv:mda").size());
            if (name == "#name" || name == ":name") s.name = std::string(Str(v));
            if (name == "#countryCode" || name == ":countryCode") s.country = std::string(Str(v));
            continue;
          }
          auto local = ProfileLocal(id, ns);
          if (!local) continue;
          if (*local == "province") s.province = std::string(Str(v));
          if (*local == "role") s.role = std::string(Str(v));
          if (*local == "licence") s.licence = std::string(Str(v));
          if (*local == "cocModel") s.coc_model = std::string(Str(v));
          if (*local == "segregationCriteria") s.segregation_criteria = std::string(Str(v));
          if (*local == "highRiskArea") s.high_risk = Boolean(v);
          if (*local == "capacity") {
            for (const json::value& c : Values(v)) {
              if (!c.is_object()) continue;
              auto q = Num(c.get_object().if_contains("quantity"));
              if (!q) continue;
              auto mass = MassFromQuantity(*q, Str(c.get_object().if_contains("uom")));
              if (!mass.ok()) continue;
              s.capacity.push_back({std::string(Str(c.get_object().if_contains("period"))), *mass});
            }
          }
        }
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace orelog::custody
