// The participants registry over HTTP (docs/api.md "Participants",
// docs/participants.md): public reads of the registry, beneficial owners'
// disclosures for `audit` tokens, and changes for `admin` tokens. Thin edge:
// repo/registry_store.h validates, writes and reads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "orelog/ledger.h"
#include "repo/token_scopes.h"
#include "repo/tokens.h"
#include "server/epcis_routes.h"

namespace orelog::server {

struct RegistryServices {
  Ledger* ledger = nullptr;  // null: a read-only server (changes answer 405)
  std::filesystem::path dir;
};

bool IsRegistryPath(std::string_view path);

// The answer for a /participants path; changes run deferred (they wait for
// their commit). `route` is set to the metrics label.
Routed HandleRegistry(const Request& request, const repo::TokenGrant& caller, const RegistryServices& services,
                      std::string& route);

}  // namespace orelog::server
