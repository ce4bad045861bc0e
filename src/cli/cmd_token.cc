// token create / token revoke.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/json_text.h"
#include "repo/tokens.h"

namespace orelog::cli {

int TokenCreate(const Common& c, const std::string& party, const std::string& label) {
  auto token = repo::CreateToken(c.dir, party, label);
  if (!token.ok()) return Fail("token create", token.status());
  if (c.json) {
    fmt::print("{{\"party\": {}, \"token\": {}}}\n", JsonString(party), JsonString(*token));
  } else {
    fmt::print("{}\n", *token);
    std::fprintf(stderr, "orelog token create: token for %s printed once; only its hash is stored\n", party.c_str());
  }
  return kExitOk;
}

int TokenRevoke(const Common& c, const std::string& party) {
  auto n = repo::RevokeTokens(c.dir, party);
  if (!n.ok()) return Fail("token revoke", n.status());
  if (c.json) {
    fmt::print("{{\"party\": {}, \"revoked\": {}}}\n", JsonString(party), *n);
  } else {
    fmt::print("revoked {} token(s) of {}\n", *n, party);
  }
  return kExitOk;
}

}  // namespace orelog::cli
