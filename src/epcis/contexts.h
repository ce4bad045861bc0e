// The JSON-LD contexts orelog knows without fetching anything.
//
// EPCIS documents name their context by URL. orelog never fetches a remote
// context (a capture must not depend on, or leak to, a third-party server),
// so a context URL is accepted only if it is one of the EPCIS 2.0 context
// URLs seen in the wild, or one of the modular GS1 parts of that context;
// any other URL is refused, and extra prefixes must be declared inline
// ({"ex": "https://ns.example.com/"}). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/fwd.hpp>

namespace orelog::epcis {

// True for the known context URLs (exact match).
bool IsKnownContextUrl(std::string_view url);

// The first URL string in `context` (a string, object or array) that is not
// known, with its RFC 6901 pointer under `pointer`; nullopt if all are known.
struct UnknownContext {
  std::string pointer;
  std::string url;
};
std::optional<UnknownContext> FindUnknownContextUrl(const boost::json::value& context, std::string_view pointer);

}  // namespace orelog::epcis
