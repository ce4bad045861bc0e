#include "server/scope_check.h"

#include <string>

#include "server/problem.h"

namespace orelog::server {

std::optional<Response> MissingScope(const repo::TokenGrant& caller, repo::Scope scope, std::string_view what) {
  const std::string name = repo::Scopes{scope}.Canonical();
  if (caller.party.empty()) {
    Response r = HttpProblemResponse(401, std::string(what) + " needs a token with the " + name + " scope");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  if (!caller.scopes.Has(scope)) {
    Response r = HttpProblemResponse(403, std::string(what) + " needs the " + name + " scope");
    r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + name + "\"");
    return r;
  }
  return std::nullopt;
}

}  // namespace orelog::server
