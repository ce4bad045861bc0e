#include "repo/token_scopes.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <vector>

#include "testutil/status_matchers.h"

namespace orelog::repo {
namespace {

using orelog::testing::StatusIs;

TEST(TokenScopes, CanonicalFormIsSortedAndCommaSeparated) {
  EXPECT_EQ(Scopes().Canonical(), "");
  EXPECT_EQ(kDefaultTokenScopes.Canonical(), "capture,read-full");
  EXPECT_EQ((Scopes{Scope::kReadFull, Scope::kAdmin, Scope::kCapture, Scope::kAudit}).Canonical(),
            "admin,audit,capture,read-full");
  EXPECT_EQ((Scopes{Scope::kAudit}).Canonical(), "audit");
}

TEST(TokenScopes, ParsesAnyOrderAndRepeats) {
  auto s = ParseScopes("read-full,capture,read-full");
  ASSERT_OK(s);
  EXPECT_EQ(*s, kDefaultTokenScopes);
  EXPECT_TRUE(s->Has(Scope::kCapture));
  EXPECT_TRUE(s->Has(Scope::kReadFull));
  EXPECT_FALSE(s->Has(Scope::kAudit));
  EXPECT_FALSE(s->Has(Scope::kAdmin));
  EXPECT_TRUE(s->HasAnyOf(kFullReadScopes));
  EXPECT_FALSE((Scopes{Scope::kCapture, Scope::kAdmin}).HasAnyOf(kFullReadScopes));
  EXPECT_TRUE((Scopes{Scope::kAudit}).HasAnyOf(kFullReadScopes));
}

TEST(TokenScopes, RefusesUnknownEmptyAndSpacedNames) {
  for (const char* bad : {"", ",", "capture,", ",capture", "capture,,audit", "Capture", "read_full", "capture, audit",
                          " capture", "write", "readfull"}) {
    EXPECT_TRUE(StatusIs(ParseScopes(bad), Code::kInvalidArgument)) << "'" << bad << "'";
  }
}

RC_GTEST_PROP(TokenScopesProperties, CanonicalTextRoundTripsForEverySet, ()) {
  const std::vector<Scope> all{Scope::kAdmin, Scope::kAudit, Scope::kCapture, Scope::kReadFull};
  const auto mask = *rc::gen::inRange(1, 16);
  Scopes s;
  for (size_t i = 0; i < all.size(); ++i) {
    if (mask & (1 << i)) s = s.With(all[i]);
  }
  auto back = ParseScopes(s.Canonical());
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == s);
  // Every name of the canonical text is a scope of the set, in ascending order.
  std::string text = s.Canonical();
  size_t start = 0;
  std::string prev;
  while (start <= text.size()) {
    size_t comma = std::min(text.find(',', start), text.size());
    std::string name = text.substr(start, comma - start);
    auto one = ParseScope(name);
    RC_ASSERT(one.ok());
    RC_ASSERT(s.Has(*one));
    RC_ASSERT(prev < name);
    prev = name;
    start = comma + 1;
  }
}

}  // namespace
}  // namespace orelog::repo
