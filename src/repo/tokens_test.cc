// Tokens in a real ledger database: only hashes are stored, lookups go by
// hash and compare in constant time, scopes come back as stored, revocation
// works by party and by ID, and a v2 repository is upgraded to v3.
#include "repo/tokens.h"

#include <gtest/gtest.h>

#include "base/file.h"
#include "orelog/ledger.h"
#include "repo/event_reader.h"
#include "repo/schema.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"

namespace orelog::repo {
namespace {

using orelog::testing::StatusIs;

class TokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = orelog::testing::MakeTempDir("orelog-tokens-test");
    dir_ = root_ / "ledger";
    ASSERT_OK(Ledger::Init(dir_, "example.com/orelog-tokens-test"));
    ASSERT_OK(EnsureRepoSchema(dir_));
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::unique_ptr<EventReader> Reader() {
    auto r = EventReader::Open(dir_);
    EXPECT_OK(r);
    return r.ok() ? std::move(*r) : nullptr;
  }
  std::filesystem::path Db() const { return dir_ / Ledger::kDatabaseFile; }
  int64_t Sql(const std::string& sql) { return orelog::testing::SqlInt(Db(), sql); }

  std::filesystem::path root_, dir_;
};

TEST_F(TokensTest, OnlyTheHashIsStoredAndTheLookupFindsTheGrant) {
  auto token = CreateToken(dir_, "urn:epc:id:pgln:0614141.00001", "ops", Scopes{Scope::kAudit, Scope::kCapture});
  ASSERT_OK(token);
  ASSERT_TRUE(token->starts_with(kTokenPrefix));
  EXPECT_EQ(token->size(), 4u + 43u);  // olt_ + base64url of 32 bytes
  // Neither the token nor its secret part is anywhere in the database files.
  const std::string secret = token->substr(4);
  for (const char* suffix : {"", "-wal"}) {
    auto bytes = ReadFile(Db().string() + suffix);
    if (!bytes.ok()) continue;  // no WAL file: nothing to search
    EXPECT_EQ(bytes->find(secret), std::string::npos) << suffix;
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM tokens WHERE token_hash = X'" + HexEncode(TokenHash(*token)) +
                "' AND scopes = 'audit,capture' AND party = 'urn:epc:id:pgln:0614141.00001'"),
            1);
  auto reader = Reader();
  ASSERT_TRUE(reader);
  auto grant = reader->LookupToken(*token);
  ASSERT_OK(grant);
  EXPECT_EQ(grant->party, "urn:epc:id:pgln:0614141.00001");
  EXPECT_EQ(grant->scopes, (Scopes{Scope::kAudit, Scope::kCapture}));
  // The default scopes are what tokens could do before scopes existed.
  auto plain = CreateToken(dir_, "bob", "");
  ASSERT_OK(plain);
  auto bob = reader->LookupToken(*plain);
  ASSERT_OK(bob);
  EXPECT_EQ(bob->scopes, kDefaultTokenScopes);
}

TEST_F(TokensTest, UnknownChangedAndRevokedTokensAreNotFound) {
  auto token = CreateToken(dir_, "alice", "t");
  ASSERT_OK(token);
  auto reader = Reader();
  ASSERT_TRUE(reader);
  EXPECT_TRUE(StatusIs(reader->LookupToken("olt_" + std::string(43, 'A')), Code::kNotFound));
  EXPECT_TRUE(StatusIs(reader->LookupToken(""), Code::kNotFound));
  std::string changed = *token;
  changed[10] = changed[10] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(StatusIs(reader->LookupToken(changed), Code::kNotFound));
  EXPECT_TRUE(StatusIs(reader->LookupToken(*token + "x"), Code::kNotFound));
  // The hash itself is not a token.
  EXPECT_TRUE(StatusIs(reader->LookupToken(AsChars(TokenHash(*token))), Code::kNotFound));
  ASSERT_OK(reader->LookupToken(*token));
  auto n = RevokeTokens(dir_, "alice");
  ASSERT_OK(n);
  EXPECT_EQ(*n, 1);
  EXPECT_TRUE(StatusIs(reader->LookupToken(*token), Code::kNotFound, "unknown or revoked"));
  auto again = RevokeTokens(dir_, "alice");
  ASSERT_OK(again);
  EXPECT_EQ(*again, 0);
}

TEST(TokenMatchesHash, HashesThenComparesEveryByte) {
  const std::string token = "olt_" + std::string(43, 'q');
  const Hash h = TokenHash(token);
  EXPECT_TRUE(TokenMatchesHash(token, h));
  // A difference in any byte, first or last, is a mismatch; so is any other length.
  for (size_t i = 0; i < h.size(); ++i) {
    Hash other = h;
    other[i] ^= 0x01;
    EXPECT_FALSE(TokenMatchesHash(token, other)) << i;
  }
  EXPECT_FALSE(TokenMatchesHash(token, ByteView(h).first(31)));
  EXPECT_FALSE(TokenMatchesHash(token, ByteView()));
  // The token text is not compared against the stored bytes as text.
  EXPECT_FALSE(TokenMatchesHash(token, AsBytes(token)));
  EXPECT_EQ(TokenId(h), HexEncode(ByteView(h).first(8)));
}

TEST_F(TokensTest, RevokeByIdRevokesOnlyThatToken) {
  auto a1 = CreateToken(dir_, "alice", "laptop");
  auto a2 = CreateToken(dir_, "alice", "ci", Scopes{Scope::kCapture});
  ASSERT_OK(a1);
  ASSERT_OK(a2);
  const std::string id = TokenId(TokenHash(*a2));
  EXPECT_TRUE(StatusIs(RevokeTokenById(dir_, "abc"), Code::kInvalidArgument));
  EXPECT_TRUE(StatusIs(RevokeTokenById(dir_, std::string(16, 'g')), Code::kInvalidArgument));
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper != id) EXPECT_TRUE(StatusIs(RevokeTokenById(dir_, upper), Code::kInvalidArgument));
  EXPECT_TRUE(StatusIs(RevokeTokenById(dir_, id == std::string(16, '0') ? std::string(16, '1') : std::string(16, '0')),
                       Code::kNotFound));
  ASSERT_OK(RevokeTokenById(dir_, id));
  EXPECT_TRUE(StatusIs(RevokeTokenById(dir_, id), Code::kNotFound));  // already revoked
  auto reader = Reader();
  ASSERT_TRUE(reader);
  EXPECT_TRUE(StatusIs(reader->LookupToken(*a2), Code::kNotFound));
  EXPECT_OK(reader->LookupToken(*a1));

  auto list = ListTokens(dir_);
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), 2u);
  int revoked = 0;
  for (const TokenInfo& t : *list) {
    EXPECT_EQ(t.party, "alice");
    EXPECT_EQ(t.id.size(), kTokenIdHexChars);
    if (t.id == id) {
      ++revoked;
      EXPECT_TRUE(t.revoked);
      EXPECT_EQ(t.label, "ci");
      EXPECT_EQ(t.scopes, Scopes{Scope::kCapture});
    } else {
      EXPECT_FALSE(t.revoked);
      EXPECT_EQ(t.id, TokenId(TokenHash(*a1)));
      EXPECT_EQ(t.scopes, kDefaultTokenScopes);
    }
  }
  EXPECT_EQ(revoked, 1);
}

TEST_F(TokensTest, RefusesEmptyScopesAndBadNames) {
  EXPECT_TRUE(StatusIs(CreateToken(dir_, "alice", "", Scopes()), Code::kInvalidArgument, "scope"));
  EXPECT_TRUE(StatusIs(CreateToken(dir_, "", ""), Code::kInvalidArgument, "party"));
  EXPECT_TRUE(StatusIs(CreateToken(dir_, "al\nice", ""), Code::kInvalidArgument, "party"));
  EXPECT_EQ(Sql("SELECT count(*) FROM tokens"), 0);
}

TEST_F(TokensTest, UnreadableStoredScopesAreCorruptionNotAGrant) {
  auto token = CreateToken(dir_, "alice", "");
  ASSERT_OK(token);
  ASSERT_TRUE(orelog::testing::SqlExec(Db(), "UPDATE tokens SET scopes = 'capture,root'"));
  auto reader = Reader();
  ASSERT_TRUE(reader);
  EXPECT_TRUE(StatusIs(reader->LookupToken(*token), Code::kCorruption));
}

TEST_F(TokensTest, AVersion2RepositoryIsUpgradedAndItsTokensKeepWhatTheyCouldDo) {
  auto token = CreateToken(dir_, "alice", "old", Scopes{Scope::kAdmin});
  ASSERT_OK(token);
  // Make the repository what version 2 was: no scopes column, no registry tables.
  ASSERT_TRUE(orelog::testing::SqlExec(
      Db(), "ALTER TABLE tokens DROP COLUMN scopes; DROP TABLE registry_entries; DROP TABLE participant_disclosures; "
            "DROP TABLE event_parties; DROP TABLE batch_nonces; "
            "DROP TABLE agreement_releases; DROP TABLE agreement_disclosures; "
            "UPDATE repo_meta SET value = 'orelog-repo-v2' WHERE key = 'format'"));
  EXPECT_TRUE(StatusIs(EventReader::Open(dir_), Code::kFailedPrecondition, "v2"));
  ASSERT_OK(EnsureRepoSchema(dir_));
  ASSERT_OK(EnsureRepoSchema(dir_));  // idempotent
  EXPECT_EQ(Sql(std::string("SELECT count(*) FROM repo_meta WHERE key = 'format' AND value = '") + kRepoFormat + "'"), 1);
  auto reader = Reader();
  ASSERT_TRUE(reader);
  auto grant = reader->LookupToken(*token);
  ASSERT_OK(grant);
  EXPECT_EQ(grant->party, "alice");
  EXPECT_EQ(grant->scopes, kDefaultTokenScopes);  // capture,read-full: what a v2 token could do
  // New tokens name their scopes.
  auto fresh = CreateToken(dir_, "bob", "", Scopes{Scope::kAudit});
  ASSERT_OK(fresh);
  auto bob = reader->LookupToken(*fresh);
  ASSERT_OK(bob);
  EXPECT_EQ(bob->scopes, Scopes{Scope::kAudit});
}

TEST_F(TokensTest, AnUnknownFormatIsRefused) {
  ASSERT_TRUE(orelog::testing::SqlExec(Db(), "UPDATE repo_meta SET value = 'orelog-repo-v9' WHERE key = 'format'"));
  EXPECT_TRUE(StatusIs(EnsureRepoSchema(dir_), Code::kCorruption, "orelog-repo-v9"));
  EXPECT_TRUE(StatusIs(EventReader::Open(dir_), Code::kCorruption, "orelog-repo-v9"));
}

}  // namespace
}  // namespace orelog::repo
