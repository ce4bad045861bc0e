// Test-only: a writing server over a fresh ledger (Ledger + repo::Capturer +
// HttpServer, wired as cmd_serve.cc does), two parties with tokens, EPCIS
// test events, and the checks of what the ledger really holds.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "epcis/leaf.h"
#include "merkle/hasher.h"
#include "merkle/verify.h"
#include "orelog/ledger.h"
#include "repo/capture.h"
#include "repo/schema.h"
#include "repo/tokens.h"
#include "server/http_server.h"
#include "server/test_http_client.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"
#include "tlog/proof_text.h"

namespace orelog::server {

// Values the default disclosure policy withholds (a bizTransaction ID and
// an extension member): they must never appear in a public answer.
inline constexpr char kSecretPo[] = "SECRETPO4711";
inline constexpr char kSecretPoUri[] = "https://erp.example/po/SECRETPO4711";
inline constexpr char kSecretPrice[] = "SECRETPRICE977";

inline std::string Epc(int serial) { return "urn:epc:id:sgtin:0614141.107346." + std::to_string(serial); }

// An ObjectEvent observing one SGTIN; `extra` is appended as members (",...").
inline std::string Event(int serial, const std::string& extra = "") {
  return R"({"type":"ObjectEvent","eventTime":"2024-01-01T10:00:00.000+01:00","eventTimeZoneOffset":"+01:00",)"
         R"("action":"OBSERVE","bizStep":"shipping","epcList":[")" +
         Epc(serial) + "\"]" + extra + "}";
}

// Event(serial) with action FOO: invalid at ".../action".
inline std::string BadActionEvent(int serial) {
  std::string e = Event(serial);
  e.replace(e.find("OBSERVE"), 7, "FOO");
  return e;
}

// An event with withheld members (default policy v1).
// The client's eventID (withheld too, with the rest).
inline std::string SecretEventId(int serial) {
  return "urn:uuid:6c2f3a8e-1b7d-4c5e-9f00-00000000" + std::to_string(1000 + serial);
}
inline std::string SecretEvent(int serial, bool with_event_id = true) {
  std::string extra = with_event_id ? R"(,"eventID":")" + SecretEventId(serial) + "\"" : std::string();
  return Event(serial, extra + R"(,"bizTransactionList":[{"type":"po","bizTransaction":")" + kSecretPoUri +
                           R"("}],"ex:price":")" + kSecretPrice + "\"");
}

inline constexpr char kContext[] =
    R"(["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://ex.example/"}])";

inline std::string Doc(const std::vector<std::string>& events) {
  std::string list;
  for (const std::string& e : events) list += (list.empty() ? "" : ",") + e;
  return std::string(R"({"@context":)") + kContext +
         R"(,"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-01-01T00:00:00Z",)"
         R"("epcisBody":{"eventList":[)" +
         list + "]}}";
}

// A single event for POST /events: it carries its own @context.
inline std::string BareEvent(const std::string& event) {
  return std::string(R"({"@context":)") + kContext + "," + event.substr(1);
}

inline std::string Bearer(const std::string& token) { return "Authorization: Bearer " + token; }

inline boost::json::object ParseObject(const std::string& text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  EXPECT_FALSE(ec) << "not JSON: " << text;
  if (ec || !v.is_object()) {
    ADD_FAILURE() << "not a JSON object: " << text;
    return {};
  }
  return std::move(v.as_object());
}

// The eventList of an EPCISQueryDocument.
inline boost::json::array EventList(const std::string& text) {
  const boost::json::value doc(ParseObject(text));
  boost::system::error_code ec;
  const boost::json::value* list = doc.find_pointer("/epcisBody/queryResults/resultsBody/eventList", ec);
  if (list == nullptr || !list->is_array()) {
    ADD_FAILURE() << "no eventList in " << text;
    return {};
  }
  return list->as_array();
}

class EpcisHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = orelog::testing::MakeTempDir("orelog-epcis-http");
    dir_ = root_ / "ledger";
    auto vkey = Ledger::Init(dir_, "example.com/epcis-http-test");
    ASSERT_OK(vkey);
    vkey_ = *vkey;
    ASSERT_OK(repo::EnsureRepoSchema(dir_));
    auto a = repo::CreateToken(dir_, "alice", "test");
    auto b = repo::CreateToken(dir_, "bob", "test");
    ASSERT_OK(a);
    ASSERT_OK(b);
    alice_ = *a;
    bob_ = *b;
    LedgerOptions lo;
    lo.publish_interval = std::chrono::milliseconds(0);  // checkpoints only when a test publishes
    auto l = Ledger::Open(dir_, lo);
    ASSERT_OK(l);
    ledger_ = std::move(*l);
  }
  void TearDown() override {
    server_.reset();
    capturer_.reset();
    ledger_.reset();
    std::filesystem::remove_all(root_);
  }

  void Start(repo::CaptureOptions co = {}, ServerOptions so = {}) {
    co.ledger_dir = dir_;  // as cmd_serve.cc: corrections are linked
    capturer_ = std::make_unique<repo::Capturer>(*ledger_, co);
    so.host = "127.0.0.1";
    so.port = 0;
    so.log_requests = false;
    so.capture_threads = 2;
    auto s = HttpServer::Start(dir_, so, ServerServices{ledger_.get(), capturer_.get()});
    ASSERT_OK(s);
    server_ = std::move(*s);
  }

  std::optional<HttpReply> Post(Client& c, const std::string& target, const std::string& token, const std::string& body,
                                std::vector<std::string> headers = {}) {
    if (!token.empty()) headers.push_back(Bearer(token));
    headers.push_back("Content-Type: application/ld+json");
    return c.Request("POST", target, headers, body);
  }

  // Integrates and publishes what was sequenced; the new checkpoint's size.
  uint64_t TreeSize() {
    auto note = ledger_->Publish();
    EXPECT_OK(note);
    if (!note.ok()) return ~uint64_t{0};
    auto parsed = tlog::ParseNote(*note);
    EXPECT_OK(parsed);
    if (!parsed.ok()) return ~uint64_t{0};
    auto cp = tlog::ParseCheckpoint(parsed->text);
    EXPECT_OK(cp);
    return cp.ok() ? cp->size : ~uint64_t{0};
  }

  int64_t SqlCount(const std::string& sql) { return orelog::testing::SqlInt(dir_ / Ledger::kDatabaseFile, sql); }
  int64_t StoredEvents() { return SqlCount("SELECT count(*) FROM events"); }
  int64_t Entries() { return SqlCount("SELECT count(*) FROM entries"); }

  // A new token for `party` with `scopes` (the fixture's alice_ and bob_ have
  // the default capture,read-full).
  std::string Token(const std::string& party, repo::Scopes scopes) {
    auto t = repo::CreateToken(dir_, party, "test", scopes);
    EXPECT_OK(t);
    return t.ok() ? *t : std::string();
  }
  int64_t StoredJobs() { return SqlCount("SELECT count(*) FROM capture_jobs"); }

  // The checks of `orelog verify-event` on a GET /events/{id}/proof answer,
  // with `leaf` in place of the answer's own leaf.
  Status VerifyEventProof(const boost::json::object& answer, const std::string& leaf) {
    auto vkey = tlog::ParseVerifierKey(vkey_);
    if (!vkey.ok()) return vkey.status();
    const boost::json::value* proof_text = answer.if_contains("proof");
    const boost::json::value* event_id = answer.if_contains("eventID");
    if (!proof_text || !proof_text->is_string() || !event_id || !event_id->is_string()) {
      return Status::Invalid("proof answer lacks proof or eventID");
    }
    auto proof = tlog::InclusionProofText::Parse(std::string(proof_text->as_string()));
    if (!proof.ok()) return proof.status();
    const tlog::VerifierKey verifiers[] = {*vkey};
    auto opened = tlog::OpenNote(proof->checkpoint_note, verifiers);
    if (!opened.ok()) return opened.status();
    auto cp = tlog::ParseCheckpoint(opened->text);
    if (!cp.ok()) return cp.status();
    if (cp->origin != vkey->name) return Status::Unverified("checkpoint of another log");
    merkle::Hasher hasher;
    Status st = merkle::VerifyInclusion(hasher, proof->index, cp->size, hasher.HashLeaf(AsBytes(leaf)), proof->proof,
                                        cp->root);
    if (!st.ok()) return st;
    auto envelope = epcis::DecodeLeaf(leaf);
    if (!envelope.ok()) return envelope.status();
    if (envelope->public_id != std::string_view(event_id->as_string())) return Status::Unverified("leaf of another event");
    const boost::json::value* index = answer.if_contains("logIndex");
    if (!index || index->to_number<uint64_t>() != proof->index) return Status::Unverified("logIndex differs");
    return Status::Ok();
  }

  std::filesystem::path root_, dir_;
  std::string vkey_, alice_, bob_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<repo::Capturer> capturer_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace orelog::server
