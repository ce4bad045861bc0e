// The scope check of token-guarded endpoints, shared by the route files:
// 401 (with WWW-Authenticate: Bearer) without a token, 403 (naming the
// scope) with a token lacking it, nullopt when the caller has the scope.
#pragma once

#include <optional>
#include <string_view>

#include "repo/token_scopes.h"
#include "repo/tokens.h"
#include "server/router.h"

namespace orelog::server {

std::optional<Response> MissingScope(const repo::TokenGrant& caller, repo::Scope scope, std::string_view what);

}  // namespace orelog::server
