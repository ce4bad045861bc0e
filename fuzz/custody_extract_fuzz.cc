// Fuzzes custody extraction (custody/extract.h) on arbitrary JSON: extraction
// runs on every captured event after validation, and must cope with any
// valid-EPCIS-but-odd member it meets; here it gets anything at all.
//
// Invariants checked (abort on violation):
//  * ParseStrictJson, ExtractFacts and ExtractSites never crash or throw,
//    whatever the input (the object read both as an event and as a document);
//  * the facts extracted are storable: FactsToJson's output parses back with
//    FactsFromJson and writes the same bytes; likewise every site.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "custody/extract.h"
#include "epcis/strict_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace custody = orelog::custody;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = orelog::epcis::ParseStrictJson(text);
  if (!v.ok() || !v->is_object()) return 0;
  const boost::json::object& o = v->get_object();
  orelog::epcis::Namespaces ns = orelog::epcis::StandardNamespaces();
  if (const boost::json::value* ctx = o.if_contains("@context")) (void)orelog::epcis::AddContextNamespaces(*ctx, ns);

  const custody::EventFacts facts = custody::ExtractFacts(o, ns, 42, "event");
  const std::string stored = custody::FactsToJson(facts);
  auto back = custody::FactsFromJson(stored);
  if (!back.ok() || custody::FactsToJson(*back) != stored) std::abort();

  for (const custody::SiteFacts& site : custody::ExtractSites(o, ns)) {
    const std::string s = custody::SiteToJson(site);
    auto sb = custody::SiteFromJson(s);
    if (!sb.ok() || custody::SiteToJson(*sb) != s) std::abort();
  }
  return 0;
}
