// The signed-capture request (parse, client builder) and CheckSignedBatch
// against an in-memory registry. The stored side is in
// server/signed_capture_http_test.cc.
#include "repo/signed_capture.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "epcis/canonical_json.h"
#include "orelog/ledger.h"
#include "registry/entries.h"
#include "repo/schema.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"
#include "testutil/keys.h"

namespace orelog::repo {
namespace {

namespace json = boost::json;
using orelog::testing::StatusIs;
constexpr char kOrg[] = "urn:epc:id:pgln:0614141.00001";
constexpr char kOrigin[] = "example.com/signed";

using orelog::testing::KeyOf;

json::value Document() {
  auto v = epcis::ParseJson(R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
    {"ex":"https://ex.example/"}],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-01-01T00:00:00Z",
    "epcisBody":{"eventList":[
     {"type":"ObjectEvent","eventTime":"2024-01-01T10:00:00.000+01:00","eventTimeZoneOffset":"+01:00",
      "action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.1"],"ex:price":"9",
      "recordTime":"2024-01-01T10:00:00.000Z"},
     {"type":"ObjectEvent","eventTime":"2024-01-01T10:00:00.000+01:00","eventTimeZoneOffset":"+01:00",
      "action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2"]}]}})");
  return *v;
}

batch::Signer SignerOf(const ed25519::KeyPair& key) {
  return [key](ByteView m) { return key.Sign(m); };
}

SignedCaptureRequest MakeRequest(const ed25519::KeyPair& key) {
  auto body = MakeSignedCapture(Document(), epcis::DefaultDisclosurePolicy(), SignerOf(key), kOrg,
                                registry::KeyIdOf(key.public_key()), kOrigin);
  EXPECT_OK(body);
  auto req = ParseSignedCapture(*body);
  EXPECT_OK(req);
  return *req;
}

// The public forms the server derives from a request.
std::vector<json::object> Derived(const SignedCaptureRequest& req) {
  std::vector<json::object> out;
  const json::array& events = req.document.at_pointer("/epcisBody/eventList").as_array();
  for (size_t i = 0; i < events.size(); ++i) {
    auto form = epcis::ReapplyDisclosurePolicy(events[i].as_object(), epcis::DefaultDisclosurePolicy(),
                                               req.disclosures[i]);
    EXPECT_OK(form);
    out.push_back(form->event);
  }
  return out;
}

registry::Registry RegistryWith(const ed25519::KeyPair& key) {
  registry::Registry reg;
  registry::ParticipantEntry p;
  p.participant = kOrg;
  p.name = "Org";
  p.country = "PK";
  p.roles = {"processor"};
  EXPECT_OK(reg.ApplyParticipant(0, p));
  registry::KeyEntry k;
  k.participant = kOrg;
  k.public_key = key.public_key();
  k.key_id = registry::KeyIdOf(k.public_key);
  EXPECT_OK(reg.ApplyKey(1, k));
  return reg;
}

Status Check(const SignedCaptureRequest& req, const registry::Registry& reg, std::string_view submitter = kOrg,
             std::string_view origin = kOrigin) {
  std::vector<json::object> forms = Derived(req);
  std::vector<const json::object*> ptrs;
  for (const json::object& f : forms) ptrs.push_back(&f);
  return CheckSignedBatch(ptrs, req.signature, origin, reg, submitter).status();
}

TEST(SignedCaptureTest, ClientRequestRoundTripsAndChecks) {
  const SignedCaptureRequest req = MakeRequest(KeyOf(1));
  ASSERT_EQ(req.disclosures.size(), 2u);
  EXPECT_EQ(req.disclosures[0].size(), 1u);  // ex:price (no eventID to withhold)
  EXPECT_TRUE(req.disclosures[1].empty());
  const json::array& events = req.document.at_pointer("/epcisBody/eventList").as_array();
  for (const json::value& e : events) {
    EXPECT_TRUE(e.as_object().contains("@context"));
    EXPECT_FALSE(e.as_object().contains("recordTime"));
  }
  EXPECT_EQ(req.signature.organisation, kOrg);
  EXPECT_EQ(Base64UrlDecode(req.signature.nonce)->size(), batch::kMinNonceBytes);
  const registry::Registry reg = RegistryWith(KeyOf(1));
  std::vector<json::object> forms = Derived(req);
  std::vector<const json::object*> ptrs{&forms[0], &forms[1]};
  auto sigs = CheckSignedBatch(ptrs, req.signature, kOrigin, reg, kOrg);
  ASSERT_OK(sigs);
  ASSERT_EQ(sigs->size(), 2u);
  for (size_t i = 0; i < 2; ++i) EXPECT_OK(batch::VerifyEntrySignature(forms[i], (*sigs)[i], kOrigin, KeyOf(1).public_key()));
  // Two requests never share a nonce.
  EXPECT_NE(MakeRequest(KeyOf(1)).signature.nonce, req.signature.nonce);
}

TEST(SignedCaptureTest, CheckRefusals) {
  const SignedCaptureRequest req = MakeRequest(KeyOf(1));
  EXPECT_TRUE(StatusIs(Check(req, RegistryWith(KeyOf(1)), "urn:epc:id:pgln:0614141.00002"), Code::kVerificationFailed,
                       "token's party"));
  EXPECT_TRUE(StatusIs(Check(req, registry::Registry{}), Code::kVerificationFailed, "not registered"));
  EXPECT_TRUE(StatusIs(Check(req, RegistryWith(KeyOf(2))), Code::kVerificationFailed, "not in the registry"));
  EXPECT_TRUE(StatusIs(Check(req, RegistryWith(KeyOf(1)), kOrg, "example.com/other"), Code::kVerificationFailed,
                       "does not verify"));
  registry::Registry revoked = RegistryWith(KeyOf(1));
  registry::KeyEntry r;
  r.participant = kOrg;
  r.action = registry::KeyAction::kRevoke;
  r.key_id = registry::KeyIdOf(KeyOf(1).public_key());
  r.reason = "lost";
  ASSERT_OK(revoked.ApplyKey(2, r));
  EXPECT_TRUE(StatusIs(Check(req, revoked), Code::kVerificationFailed, "revoked"));
  SignedCaptureRequest other_root = req;
  other_root.signature.root = MakeRequest(KeyOf(1)).signature.root;  // another batch's (fresh salts)
  EXPECT_TRUE(StatusIs(Check(other_root, RegistryWith(KeyOf(1))), Code::kVerificationFailed, "not the signed root"));
}

TEST(SignedCaptureTest, ParseIsStrict) {
  auto body = MakeSignedCapture(Document(), epcis::DefaultDisclosurePolicy(), SignerOf(KeyOf(1)), kOrg, "k1:00", kOrigin);
  ASSERT_OK(body);
  json::object o = epcis::ParseJson(*body)->as_object();
  auto with = [&](const std::function<void(json::object&)>& change) {
    json::object copy = o;
    change(copy);
    return ParseSignedCapture(json::serialize(copy)).status();
  };
  EXPECT_OK(with([](json::object&) {}));
  EXPECT_TRUE(StatusIs(with([](json::object& c) { c["x"] = 1; }), Code::kInvalidArgument, "unknown member"));
  EXPECT_TRUE(StatusIs(with([](json::object& c) { c.erase("document"); }), Code::kInvalidArgument, "document"));
  EXPECT_TRUE(StatusIs(with([](json::object& c) { c["disclosures"].as_array()[0] = 3; }), Code::kInvalidArgument,
                       "disclosures/0"));
  EXPECT_TRUE(StatusIs(with([](json::object& c) { c["batchSignature"].as_object().erase("root"); }),
                       Code::kInvalidArgument, "batchSignature.root"));
  EXPECT_TRUE(StatusIs(with([](json::object& c) { c["batchSignature"].as_object()["path"] = json::array{}; }),
                       Code::kInvalidArgument, "unknown member"));
  EXPECT_FALSE(ParseSignedCapture(R"({"document":{},"document":{}})").ok());  // duplicate member
  // The client refuses what it cannot sign.
  EXPECT_FALSE(MakeSignedCapture(json::value(json::object{{"type", "EPCISDocument"}}), epcis::DefaultDisclosurePolicy(),
                                 SignerOf(KeyOf(1)), kOrg, "k1:00", kOrigin)
                   .ok());
}

TEST(SignedCaptureTest, Version3RepositoryIsUpgradedWithAnEmptyNonceTable) {
  const std::filesystem::path root = orelog::testing::MakeTempDir("orelog-signed-upgrade");
  const std::filesystem::path dir = root / "ledger";
  ASSERT_OK(Ledger::Init(dir, "example.com/upgrade"));
  ASSERT_OK(EnsureRepoSchema(dir));
  const std::filesystem::path db = dir / Ledger::kDatabaseFile;
  // What version 3 was: no batch_nonces.
  ASSERT_TRUE(orelog::testing::SqlExec(
      db, "DROP TABLE batch_nonces; DROP TABLE event_parties; "
          "DROP TABLE agreement_releases; DROP TABLE agreement_disclosures; "
          "UPDATE repo_meta SET value = 'orelog-repo-v3' WHERE key = 'format'"));
  EXPECT_TRUE(StatusIs(BatchNonceUsed(dir, kOrg, "bm9uY2U"), Code::kFailedPrecondition, "v3"));
  ASSERT_OK(EnsureRepoSchema(dir));
  ASSERT_OK(EnsureRepoSchema(dir));  // idempotent
  EXPECT_EQ(orelog::testing::SqlInt(db, std::string("SELECT count(*) FROM repo_meta WHERE value = '") + kRepoFormat + "'"), 1);
  EXPECT_EQ(orelog::testing::SqlInt(db, "SELECT count(*) FROM batch_nonces"), 0);
  auto used = BatchNonceUsed(dir, kOrg, "bm9uY2U");
  ASSERT_OK(used);
  EXPECT_FALSE(*used);
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace orelog::repo
