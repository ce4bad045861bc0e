// token create / token revoke / token list (docs/cli.md, docs/participants.md §2).
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/json_text.h"
#include "repo/tokens.h"

namespace orelog::cli {

int TokenCreate(const Common& c, const std::string& party, const std::string& label, const std::string& scopes_text) {
  auto scopes = repo::ParseScopes(scopes_text);
  if (!scopes.ok()) return Fail("token create", scopes.status());
  auto token = repo::CreateToken(c.dir, party, label, *scopes);
  if (!token.ok()) return Fail("token create", token.status());
  const std::string id = repo::TokenId(repo::TokenHash(*token));
  if (c.json) {
    fmt::print("{{\"party\": {}, \"id\": {}, \"scopes\": {}, \"token\": {}}}\n", JsonString(party), JsonString(id),
               JsonString(scopes->Canonical()), JsonString(*token));
  } else {
    fmt::print("{}\n", *token);
    std::fprintf(stderr, "orelog token create: token %s (%s) for %s printed once; only its hash is stored\n", id.c_str(),
                 scopes->Canonical().c_str(), party.c_str());
  }
  return kExitOk;
}

int TokenRevoke(const Common& c, const std::string& party, const std::string& id) {
  if (party.empty() == id.empty()) return Fail("token revoke", Status::Invalid("give either --party or --id"));
  int64_t revoked = 0;
  if (!id.empty()) {
    Status st = repo::RevokeTokenById(c.dir, id);
    if (!st.ok()) return Fail("token revoke", st);
    revoked = 1;
  } else {
    auto n = repo::RevokeTokens(c.dir, party);
    if (!n.ok()) return Fail("token revoke", n.status());
    revoked = *n;
  }
  const std::string whose = id.empty() ? party : "ID " + id;
  if (c.json) {
    fmt::print("{{{}: {}, \"revoked\": {}}}\n", id.empty() ? "\"party\"" : "\"id\"", JsonString(id.empty() ? party : id),
               revoked);
  } else {
    fmt::print("revoked {} token(s) of {}\n", revoked, whose);
  }
  return kExitOk;
}

int TokenList(const Common& c) {
  auto tokens = repo::ListTokens(c.dir);
  if (!tokens.ok()) return Fail("token list", tokens.status());
  if (c.json) {
    std::string out = "[";
    for (const repo::TokenInfo& t : *tokens) {
      if (out.size() > 1) out += ", ";
      out += fmt::format("{{\"id\": {}, \"party\": {}, \"label\": {}, \"scopes\": {}, \"created\": {}, \"revoked\": {}}}",
                         JsonString(t.id), JsonString(t.party), JsonString(t.label), JsonString(t.scopes.Canonical()),
                         JsonString(t.created_at), t.revoked ? "true" : "false");
    }
    fmt::print("{}]\n", out);
    return kExitOk;
  }
  for (const repo::TokenInfo& t : *tokens) {
    fmt::print("{}  {}  {}  {}  {}{}\n", t.id, t.created_at, t.scopes.Canonical(), t.party, t.label,
               t.revoked ? "  (revoked)" : "");
  }
  return kExitOk;
}

}  // namespace orelog::cli
