// POST /capture with a signed batch (docs/participants.md §4, docs/api.md
// "Signed capture"): stored with each entry's batchSignature, which verifies
// from the leaf alone; every refusal class is a 4xx problem and stores
// nothing (the log size is unchanged).
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>

#include "batch/batch_signature.h"
#include "epcis/canonical_json.h"
#include "epcis/policy_file.h"
#include "registry/entries.h"
#include "repo/registry_store.h"
#include "repo/signed_capture.h"
#include "server/epcis_test_fixture.h"
#include "testutil/keys.h"

namespace orelog::server {
namespace {

namespace json = boost::json;
constexpr char kOrg[] = "urn:epc:id:pgln:0614141.00001";
constexpr char kOtherOrg[] = "urn:epc:id:pgln:0614141.00002";

using orelog::testing::KeyOf;

class SignedCaptureHttpTest : public EpcisHttpTest {
 protected:
  void SetUp() override {
    EpcisHttpTest::SetUp();
    if (HasFatalFailure()) return;
    Register(kOrg, KeyOf(1));
    Register(kOtherOrg, KeyOf(2));
    token_ = Token(kOrg, repo::Scopes{repo::Scope::kCapture, repo::Scope::kReadFull});
    Start();
  }

  void Register(const std::string& id, const ed25519::KeyPair& key) {
    repo::ParticipantInput in;
    in.participant = id;
    in.name = "Participant " + id.substr(id.size() - 5);
    in.country = "PK";
    in.roles = {"processor"};
    ASSERT_OK(repo::RegisterParticipant(*ledger_, dir_, in, "operator"));
    ASSERT_OK(repo::AddKey(*ledger_, dir_, id, key.public_key(), "operator"));
  }

  // The body `orelog capture --sign-key` sends, signed with `key` for `org`.
  std::string SignedBody(const std::vector<std::string>& events, const ed25519::KeyPair& key,
                         const std::string& org = kOrg, std::string origin = {},
                         const epcis::DisclosurePolicy& policy = epcis::DefaultDisclosurePolicy()) {
    if (origin.empty()) origin = ledger_->origin();
    auto doc = epcis::ParseJson(Doc(events));
    EXPECT_OK(doc);
    auto sign = [key](ByteView m) { return key.Sign(m); };
    auto body = repo::MakeSignedCapture(*doc, policy, sign, org,
                                        registry::KeyIdOf(key.public_key()), origin);
    EXPECT_OK(body);
    return body.ok() ? *body : std::string();
  }

  std::optional<HttpReply> PostSigned(const std::string& body, const std::string& token,
                                      std::vector<std::string> headers = {}) {
    Client c(server_->port());
    headers.push_back(Bearer(token));
    headers.push_back(std::string("Content-Type: ") + repo::kSignedCaptureMediaType);
    return c.Request("POST", "/capture", headers, body);
  }

  // Posts `body` and expects refusal `status` with `detail` in the problem,
  // and nothing stored.
  void ExpectRefused(const std::string& body, int status, const std::string& detail,
                     const std::string& token = {}) {
    const int64_t entries = Entries(), nonces = SqlCount("SELECT count(*) FROM batch_nonces");
    auto r = PostSigned(body, token.empty() ? token_ : token);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_NE(r->headers["content-type"].find("problem+json"), std::string::npos);
    EXPECT_NE(r->body.find(detail), std::string::npos) << r->body;
    EXPECT_EQ(Entries(), entries);
    EXPECT_EQ(SqlCount("SELECT count(*) FROM batch_nonces"), nonces);
  }

  json::object Modified(const std::string& body) { return ParseObject(body); }

  std::string token_;
};

TEST_F(SignedCaptureHttpTest, StoresEachEntrysSignatureWhichVerifiesFromTheLeaf) {
  const uint64_t before = static_cast<uint64_t>(Entries());
  auto r = PostSigned(SignedBody({SecretEvent(1), Event(2), SecretEvent(3, false)}, KeyOf(1)), token_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  EXPECT_EQ(static_cast<uint64_t>(Entries()), before + 3);
  EXPECT_EQ(SqlCount("SELECT count(*) FROM batch_nonces WHERE participant = 'urn:epc:id:pgln:0614141.00001'"), 1);
  ASSERT_OK(ledger_->Publish());
  for (uint64_t i = before; i < before + 3; ++i) {
    auto leaf = ledger_->Entry(i);
    ASSERT_OK(leaf);
    const std::string bytes(AsChars(*leaf));
    EXPECT_EQ(bytes.find(kSecretPrice), std::string::npos);
    auto env = epcis::DecodeLeaf(bytes);
    ASSERT_OK(env);
    ASSERT_TRUE(env->batch_signature.has_value());
    EXPECT_EQ(env->batch_signature->index, std::to_string(i - before));
    EXPECT_EQ(env->batch_signature->size, "3");
    EXPECT_EQ(env->batch_signature->organisation, kOrg);
    EXPECT_OK(batch::VerifyLeafSignature(bytes, ledger_->origin(), KeyOf(1).public_key()));
    EXPECT_FALSE(batch::VerifyLeafSignature(bytes, ledger_->origin(), KeyOf(2).public_key()).ok());
  }
  // The full forms are stored for the submitter as for an unsigned capture.
  EXPECT_EQ(StoredEvents(), 3);
  EXPECT_EQ(SqlCount("SELECT count(*) FROM events WHERE full_form LIKE '%SECRETPRICE977%'"), 2);
}

TEST_F(SignedCaptureHttpTest, ReplayedNonceIsRefused) {
  const std::string body = SignedBody({Event(1)}, KeyOf(1));
  auto r = PostSigned(body, token_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  ExpectRefused(body, 409, "nonce was used before");
  // The same events signed again with a fresh nonce: duplicates, no new
  // entry, and the nonce is recorded with the job.
  const int64_t entries = Entries();
  r = PostSigned(SignedBody({Event(1)}, KeyOf(1)), token_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  EXPECT_NE(r->body.find("\"duplicates\":1"), std::string::npos) << r->body;
  EXPECT_EQ(Entries(), entries);
  EXPECT_EQ(SqlCount("SELECT count(*) FROM batch_nonces"), 2);
}

TEST_F(SignedCaptureHttpTest, ForgedSignatureIsRefused) {
  json::object o = Modified(SignedBody({Event(1), Event(2)}, KeyOf(1)));
  std::string sig(o["batchSignature"].as_object()["signature"].as_string());
  sig[5] = sig[5] == 'A' ? 'B' : 'A';
  o["batchSignature"].as_object()["signature"] = sig;
  ExpectRefused(json::serialize(o), 422, "does not verify");
  // Signed for another log.
  ExpectRefused(SignedBody({Event(1)}, KeyOf(1), kOrg, "example.com/another-log"), 422, "does not verify");
}

TEST_F(SignedCaptureHttpTest, WrongKeyIsRefused) {
  ExpectRefused(SignedBody({Event(1)}, KeyOf(9)), 422, "is not in the registry");
  // The other participant's (active) key.
  ExpectRefused(SignedBody({Event(1)}, KeyOf(2)), 422, "is not a key of");
  // Signed for another organisation than the token's party.
  ExpectRefused(SignedBody({Event(1)}, KeyOf(2), kOtherOrg), 422, "token's party is");
}

TEST_F(SignedCaptureHttpTest, RevokedKeyIsRefused) {
  ASSERT_OK(repo::RevokeKey(*ledger_, dir_, kOrg, registry::KeyIdOf(KeyOf(1).public_key()), "lost", "operator"));
  ExpectRefused(SignedBody({Event(1)}, KeyOf(1)), 422, "was revoked");
}

TEST_F(SignedCaptureHttpTest, PublicFormsThatAreNotThePolicysAreRefused) {
  // An event changed after signing: its public form is not the one signed.
  json::object o = Modified(SignedBody({Event(1), Event(2)}, KeyOf(1)));
  o["document"].as_object()["epcisBody"].as_object()["eventList"].as_array()[1].as_object()["bizStep"] = "receiving";
  ExpectRefused(json::serialize(o), 422, "not the signed root");
  // A withheld member left without its disclosure (a client that did not
  // withhold what the policy withholds).
  o = Modified(SignedBody({SecretEvent(1)}, KeyOf(1)));
  o["disclosures"].as_array()[0].as_array().clear();
  ExpectRefused(json::serialize(o), 400, "no submitted disclosure");
  // A disclosure of a value the event does not hold.
  o = Modified(SignedBody({Event(1)}, KeyOf(1)));
  o["disclosures"].as_array()[0].as_array().push_back(json::value(*epcis::MakeDisclosure("ex:price", "1")));
  ExpectRefused(json::serialize(o), 400, "of no member the policy withholds");
  // A fresh disclosure (another salt) of the right value: another public form.
  o = Modified(SignedBody({SecretEvent(1)}, KeyOf(1)));
  json::array& ds = o["disclosures"].as_array()[0].as_array();
  for (json::value& d : ds) {
    auto decoded = epcis::DecodeDisclosure(d.as_string());
    ASSERT_OK(decoded);
    d = *epcis::MakeDisclosure(decoded->name, decoded->value);
  }
  ExpectRefused(json::serialize(o), 422, "not the signed root");
}

TEST_F(SignedCaptureHttpTest, MalformedRequestsAreRefused) {
  const std::string body = SignedBody({Event(1)}, KeyOf(1));
  json::object o = Modified(body);
  o["extra"] = 1;
  ExpectRefused(json::serialize(o), 400, "unknown member");
  o = Modified(body);
  o["disclosures"].as_array().push_back(json::array{});
  ExpectRefused(json::serialize(o), 400, "the document has 1 events");
  o = Modified(body);
  o["batchSignature"].as_object()["nonce"] = "c2hvcnQ";
  ExpectRefused(json::serialize(o), 400, "nonce must be base64url");
  // A recordTime is the repository's.
  o = Modified(body);
  o["document"].as_object()["epcisBody"].as_object()["eventList"].as_array()[0].as_object()["recordTime"] =
      "2024-01-01T10:00:00.000Z";
  ExpectRefused(json::serialize(o), 400, "recordTime");
  // Signed captures are all or nothing.
  const int64_t entries = Entries();
  auto r = PostSigned(body, token_, {"GS1-Capture-Error-Behaviour: proceed"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(Entries(), entries);
}

TEST_F(SignedCaptureHttpTest, ClientsSignUnderThePolicyTheServerPublishes) {
  server_.reset();
  repo::CaptureOptions co;
  co.policy = epcis::DisclosurePolicy{"9", {"/bizTransactionList/*/bizTransaction", "/sourceList/*/source"}, true};
  Start(co);
  Client c(server_->port());
  auto p = c.Request("GET", "/policy");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->status, 200) << p->body;
  auto published = epcis::ParsePolicyDocument(p->body);
  ASSERT_OK(published);
  EXPECT_EQ(published->version, "9");
  EXPECT_EQ(published->rules, co.policy.rules);
  // Public forms made under another policy than the server's are refused,
  // nothing stored.
  const std::string ev = Event(7, R"(,"sourceList":[{"type":"owning_party","source":"https://a.example"}])");
  const int64_t entries = Entries();
  auto refused = PostSigned(SignedBody({ev}, KeyOf(1)), token_);
  ASSERT_TRUE(refused);
  EXPECT_GE(refused->status, 400) << refused->body;
  EXPECT_LT(refused->status, 500) << refused->body;
  EXPECT_EQ(Entries(), entries);
  // Under the published one they are stored, the source withheld.
  auto ok = PostSigned(SignedBody({ev}, KeyOf(1), kOrg, {}, *published), token_);
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 202) << ok->body;
  EXPECT_EQ(Entries(), entries + 1);
  auto pub = c.Request("GET", "/events");
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->body.find("https://a.example"), std::string::npos) << pub->body;
}

TEST_F(SignedCaptureHttpTest, ASignedCaptureWaitsForARegistryChangeInProgress) {
  // A registry change holds the registry lock from its check to its commit;
  // a signed capture checks its key and commits under the same lock
  // (shared), so a revocation can never land between the two.
  const std::string body = SignedBody({Event(21)}, KeyOf(1));
  const int64_t entries = Entries();
  std::unique_lock change(repo::RegistryWriteMutex());
  auto pending = std::async(std::launch::async, [&] { return PostSigned(body, token_); });
  EXPECT_EQ(pending.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  EXPECT_EQ(Entries(), entries);
  change.unlock();
  auto r = pending.get();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202) << r->body;
  EXPECT_EQ(Entries(), entries + 1);
}

}  // namespace
}  // namespace orelog::server
