#include "epcis/vocabulary.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <boost/json.hpp>

namespace orelog::epcis {
namespace {

// CBV 2.0 enumerations (JSON Schema of EPCIS 2.0).
constexpr std::array<std::string_view, 41> kBizSteps{
    "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning",
    "creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying",
    "disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting",
    "installing", "killing", "loading", "other", "packing", "picking", "receiving", "removing",
    "repackaging", "repairing", "replacing", "reserving", "retail_selling", "sampling",
    "sensor_reporting", "shipping", "staging_outbound", "stock_taking", "stocking", "storing",
    "transporting", "unloading", "unpacking", "void_shipping"};
constexpr std::array<std::string_view, 33> kDispositions{
    "active", "available", "completeness_inferred", "completeness_verified", "conformant",
    "container_closed", "container_open", "damaged", "destroyed", "dispensed", "disposed",
    "encoded", "expired", "in_progress", "in_transit", "inactive", "mismatch_class",
    "mismatch_instance", "mismatch_quantity", "needs_replacement", "no_pedigree_match",
    "non_conformant", "non_sellable_other", "partially_dispensed", "recalled", "reserved",
    "retail_sold", "returned", "sellable_accessible", "sellable_not_accessible", "stolen",
    "unavailable", "unknown"};
constexpr std::array<std::string_view, 13> kBizTransactionTypes{
    "bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma",
    "testprd", "testres", "upevt"};
constexpr std::array<std::string_view, 3> kSourceDestTypes{"owning_party", "possessing_party",
                                                           "location"};
constexpr std::array<std::string_view, 2> kErrorReasons{"did_not_occur", "incorrect_data"};

struct VocabInfo {
  std::string_view name;       // for messages
  std::string_view urn;        // CBV 1.x URN prefix
  std::string_view web;        // Web URI prefix
  const std::string_view* terms;  // nullptr: not enumerated here
  size_t n_terms;
};

VocabInfo Info(Vocab v) {
  switch (v) {
    case Vocab::kBizStep:
      return {"bizStep", "urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-",
              kBizSteps.data(), kBizSteps.size()};
    case Vocab::kDisposition:
      return {"disposition", "urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-",
              kDispositions.data(), kDispositions.size()};
    case Vocab::kBizTransactionType:
      return {"bizTransaction type", "urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-",
              kBizTransactionTypes.data(), kBizTransactionTypes.size()};
    case Vocab::kSourceDestType:
      return {"source/destination type", "urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-",
              kSourceDestTypes.data(), kSourceDestTypes.size()};
    case Vocab::kErrorReason:
      return {"error reason", "urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-",
              kErrorReasons.data(), kErrorReasons.size()};
    case Vocab::kMeasurement:
      return {"sensor type", "", "https://gs1.org/voc/", nullptr, 0};
    case Vocab::kComponent:
      return {"component", "", "https://ref.gs1.org/cbv/Comp-", nullptr, 0};
  }
  return {"?", "", "", nullptr, 0};
}

bool IsBareWord(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

}  // namespace

const Namespaces& StandardNamespaces() {
  static const Namespaces kNs = {
      {"epcis", "https://ref.gs1.org/epcis/"},
      {"cbv", "https://ref.gs1.org/cbv/"},
      {"cbvmda", "urn:epcglobal:cbv:mda:"},
      {"gs1", "https://gs1.org/voc/"},
      {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
      {"owl", "http://www.w3.org/2002/07/owl#"},
      {"xsd", "http://www.w3.org/2001/XMLSchema#"},
      {"dcterms", "http://purl.org/dc/terms/"},
  };
  return kNs;
}

Status AddContextNamespaces(const boost::json::value& context, Namespaces& ns) {
  if (context.is_string()) return Status::Ok();  // a context URL: not fetched
  if (context.is_array()) {
    for (const auto& item : context.as_array()) ORELOG_RETURN_IF_ERROR(AddContextNamespaces(item, ns));
    return Status::Ok();
  }
  if (!context.is_object()) return Status::Invalid("@context must be a string, object or array");
  for (const auto& [key, iri] : context.as_object()) {
    if (key.starts_with("@")) continue;  // @vocab, @version, ...: not prefixes
    if (!iri.is_string()) {
      return Status::Invalid("@context term \"" + std::string(key) + "\" is not a plain IRI prefix");
    }
    std::string_view value = iri.as_string();
    auto std_it = StandardNamespaces().find(std::string_view(key));
    if (std_it != StandardNamespaces().end() && std_it->second != value) {
      return Status::Invalid("@context redefines the standard prefix \"" + std::string(key) + "\"");
    }
    auto [it, inserted] = ns.emplace(std::string(key), std::string(value));
    if (!inserted && it->second != value) {
      return Status::Invalid("@context declares prefix \"" + std::string(key) + "\" twice");
    }
  }
  return Status::Ok();
}

std::string ExpandCurie(std::string_view value, const Namespaces& ns) {
  size_t colon = value.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::string(value);
  if (value.substr(colon + 1).starts_with("//")) return std::string(value);  // absolute IRI
  auto it = ns.find(value.substr(0, colon));
  if (it == ns.end()) return std::string(value);
  return it->second + std::string(value.substr(colon + 1));
}

Result<std::string> NormalizeVocabulary(Vocab vocab, std::string_view value, const Namespaces& ns) {
  VocabInfo info = Info(vocab);
  if (!info.urn.empty() && value.starts_with(info.urn)) {
    return std::string(info.web) + std::string(value.substr(info.urn.size()));
  }
  if (value.find(':') != std::string_view::npos) return ExpandCurie(value, ns);
  if (!IsBareWord(value)) {
    return Status::Invalid(std::string(info.name) + " \"" + std::string(value) +
                           "\" is neither a CBV term nor a URI");
  }
  if (info.terms != nullptr &&
      std::find(info.terms, info.terms + info.n_terms, value) == info.terms + info.n_terms) {
    return Status::Invalid(std::string(info.name) + " \"" + std::string(value) +
                           "\" is not a CBV 2.0 term; use a URI for other values");
  }
  return std::string(info.web) + std::string(value);
}

std::string FormatNumber(const boost::json::value& v) {
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v.get_double());
  return std::string(buf, res.ptr);
}

}  // namespace orelog::epcis
