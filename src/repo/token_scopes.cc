#include "repo/token_scopes.h"

#include <array>
#include <utility>

namespace orelog::repo {
namespace {

// In ascending order of name: Canonical() relies on it.
constexpr std::array<std::pair<std::string_view, Scope>, 4> kNames{{
    {"admin", Scope::kAdmin},
    {"audit", Scope::kAudit},
    {"capture", Scope::kCapture},
    {"read-full", Scope::kReadFull},
}};

}  // namespace

std::string Scopes::Canonical() const {
  std::string out;
  for (const auto& [name, scope] : kNames) {
    if (!Has(scope)) continue;
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

Result<Scope> ParseScope(std::string_view name) {
  for (const auto& [n, scope] : kNames) {
    if (n == name) return scope;
  }
  return Status::Invalid("unknown scope '" + std::string(name) + "' (admin, audit, capture or read-full)");
}

Result<Scopes> ParseScopes(std::string_view text) {
  if (text.empty()) return Status::Invalid("no scopes given");
  Scopes out;
  while (true) {
    size_t comma = text.find(',');
    std::string_view name = text.substr(0, comma);
    if (name.empty()) return Status::Invalid("empty scope name in the list");
    ORELOG_ASSIGN_OR_RETURN(Scope s, ParseScope(name));
    out = out.With(s);
    if (comma == std::string_view::npos) return out;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace orelog::repo
