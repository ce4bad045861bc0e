// The agreements register over HTTP (docs/api.md "Agreements",
// docs/participants.md §6): public reads of the register (compiled record
// and release history), withheld terms' disclosures for `audit` tokens, and
// new releases for `admin` tokens. Thin edge: repo/agreement_store.h
// validates, writes and reads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "orelog/ledger.h"
#include "repo/tokens.h"
#include "server/epcis_routes.h"

namespace orelog::server {

struct AgreementServices {
  Ledger* ledger = nullptr;  // null: a read-only server (releases answer 405)
  std::filesystem::path dir;
};

bool IsAgreementPath(std::string_view path);

// The answer for a /agreements path; releases run deferred (they wait for
// their commit). `route` is set to the metrics label.
Routed HandleAgreements(const Request& request, const repo::TokenGrant& caller, const AgreementServices& services,
                        std::string& route);

}  // namespace orelog::server
