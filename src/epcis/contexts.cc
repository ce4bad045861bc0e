#include "epcis/contexts.h"

#include <array>

#include <boost/json.hpp>

namespace orelog::epcis {
namespace {

// The EPCIS 2.0 context under its three URLs (docs/validation.md), and the
// modular parts GS1 publishes beside it (gs1-EPCIS/JSON-LD-Context).
constexpr std::array<std::string_view, 12> kKnown = {
    "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
    "https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
    "https://gs1.github.io/EPCIS/epcis-context.jsonld",
    "https://gs1.github.io/EPCIS/epcis-context-root.jsonld",
    "https://gs1.github.io/EPCIS/cbv-context-bizstep.jsonld",
    "https://gs1.github.io/EPCIS/cbv-context-biztransaction-type.jsonld",
    "https://gs1.github.io/EPCIS/cbv-context-component.jsonld",
    "https://gs1.github.io/EPCIS/cbv-context-disposition.jsonld",
    "https://gs1.github.io/EPCIS/cbv-context-error-reason.jsonld",
    "https://gs1.github.io/EPCIS/cbv-context-sourcedest-type.jsonld",
    "https://gs1.github.io/EPCIS/gs1-context-measurement-type.jsonld",
    "https://gs1.github.io/EPCIS/gs1-context-sensor-alert-type.jsonld",
};

}  // namespace

bool IsKnownContextUrl(std::string_view url) {
  for (std::string_view k : kKnown) {
    if (k == url) return true;
  }
  return false;
}

std::optional<UnknownContext> FindUnknownContextUrl(const boost::json::value& context, std::string_view pointer) {
  if (context.is_string()) {
    std::string_view url = context.get_string();
    if (IsKnownContextUrl(url)) return std::nullopt;
    return UnknownContext{std::string(pointer), std::string(url)};
  }
  if (context.is_array()) {
    const auto& a = context.get_array();
    for (size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_string()) continue;  // inline objects declare prefixes; checked elsewhere
      if (auto u = FindUnknownContextUrl(a[i], std::string(pointer) + "/" + std::to_string(i))) return u;
    }
  }
  return std::nullopt;
}

}  // namespace orelog::epcis
