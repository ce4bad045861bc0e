// Scopes and the failed-authentication limit over HTTP (docs/participants.md
// §2, docs/api.md "Callers"): a token without the scope an endpoint needs is
// refused with 403 and nothing is stored; a token without a read scope reads
// public forms; a client that keeps failing gets 429 before any lookup.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <thread>

#include "repo/tokens.h"
#include "server/epcis_test_fixture.h"

namespace orelog::server {
namespace {
namespace json = boost::json;
using repo::Scope;
using repo::Scopes;

class TokenScopesHttpTest : public EpcisHttpTest {
 protected:

  // Status, headers and body checks shared by every refusal.
  static void ExpectProblem(const HttpReply& r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    auto type = r.headers.find("content-type");
    EXPECT_TRUE(type != r.headers.end() && type->second == "application/problem+json") << what;
    json::object o = ParseObject(r.body);
    EXPECT_EQ(o["type"], "epcisException:SecurityException") << what;
    EXPECT_EQ(o["status"], status) << what;
  }
};

TEST_F(TokenScopesHttpTest, CaptureWithoutTheCaptureScopeIs403AndStoresNothing) {
  const std::string reader = Token("carol", Scopes{Scope::kReadFull});
  const std::string auditor = Token("regulator", Scopes{Scope::kAudit, Scope::kAdmin});
  Start();
  Client c(server_->port());
  auto seed = Post(c, "/capture", alice_, Doc({Event(1)}));
  ASSERT_TRUE(seed);
  ASSERT_EQ(seed->status, 202) << seed->body;
  const int64_t events = StoredEvents(), jobs = StoredJobs(), entries = Entries();
  ASSERT_EQ(events, 1);
  for (const std::string* token : {&reader, &auditor}) {
    auto doc = Post(c, "/capture", *token, Doc({Event(2), Event(3)}));
    ASSERT_TRUE(doc);
    ExpectProblem(*doc, 403, "POST /capture");
    EXPECT_NE(doc->headers["www-authenticate"].find("insufficient_scope"), std::string::npos);
    EXPECT_NE(doc->headers["www-authenticate"].find("scope=\"capture\""), std::string::npos);
    auto one = Post(c, "/events", *token, BareEvent(Event(4)));
    ASSERT_TRUE(one);
    ExpectProblem(*one, 403, "POST /events");
    // Capture jobs are part of capturing.
    auto jobs_list = c.Request("GET", "/capture", {Bearer(*token)});
    ASSERT_TRUE(jobs_list);
    ExpectProblem(*jobs_list, 403, "GET /capture");
  }
  EXPECT_EQ(StoredEvents(), events);
  EXPECT_EQ(StoredJobs(), jobs);
  EXPECT_EQ(Entries(), entries);
  EXPECT_EQ(TreeSize(), 1u);
  // A capture-only token captures, attributed to its party.
  const std::string capturer = Token("dave", Scopes{Scope::kCapture});
  auto ok = Post(c, "/events", capturer, BareEvent(Event(5)));
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(SqlCount("SELECT count(*) FROM events WHERE submitter = 'dave'"), 1);
}

TEST_F(TokenScopesHttpTest, ReadsNeedReadFullOrAuditForFullFormsAndOtherwiseArePublic) {
  const std::string capture_only = Token("carol", Scopes{Scope::kCapture});
  const std::string admin_only = Token("operator", Scopes{Scope::kAdmin});
  const std::string read_full = Token("erin", Scopes{Scope::kReadFull});
  const std::string auditor = Token("regulator", Scopes{Scope::kAudit});
  Start();
  Client c(server_->port());
  auto r = Post(c, "/events", alice_, BareEvent(SecretEvent(3)));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string location = r->headers["location"];
  auto get = [&](const std::string& target, const std::string& token) {
    std::vector<std::string> h;
    if (!token.empty()) h.push_back(Bearer(token));
    auto reply = c.Request("GET", target, h);
    EXPECT_TRUE(reply) << target;
    return reply ? *reply : HttpReply{};
  };
  const std::string public_query = get("/events", "").body;
  const std::string public_event = get(location, "").body;
  ASSERT_EQ(public_event.find(kSecretPrice), std::string::npos);
  for (const std::string* token : {&capture_only, &admin_only}) {
    HttpReply q = get("/events", *token);
    EXPECT_EQ(q.status, 200) << q.body;
    EXPECT_EQ(EventList(q.body), EventList(public_query));
    EXPECT_EQ(q.body.find(kSecretPrice), std::string::npos);
    HttpReply e = get(location, *token);
    EXPECT_EQ(e.status, 200) << e.body;
    EXPECT_EQ(e.body, public_event);
    // A filter on a withheld value finds nothing, as for the public.
    HttpReply guess = get(std::string("/events?EQ_bizTransaction_po=") + kSecretPoUri, *token);
    EXPECT_EQ(EventList(guess.body).size(), 0u) << guess.body;
    // Disclosures and master data are for read scopes only: 403, not 401.
    HttpReply d = get(location + "/disclosures", *token);
    ExpectProblem(d, 403, "disclosures");
    EXPECT_EQ(d.body.find(kSecretPo), std::string::npos);
    EXPECT_NE(d.headers["www-authenticate"].find("scope=\"audit read-full\""), std::string::npos)
        << d.headers["www-authenticate"];
    ExpectProblem(get("/masterdata/urn:epcglobal:epcis:vtype:BusinessLocation/x", *token), 403, "master data");
  }
  // A read-full token of a party the event does not name (not its
  // submitter, not a source or destination) sees what the public sees.
  {
    HttpReply q = get("/events", read_full);
    EXPECT_EQ(EventList(q.body), EventList(public_query));
    EXPECT_EQ(get(location, read_full).body, public_event);
    HttpReply guess = get(std::string("/events?EQ_bizTransaction_po=") + kSecretPoUri, read_full);
    EXPECT_EQ(EventList(guess.body).size(), 0u) << guess.body;
    HttpReply d = get(location + "/disclosures", read_full);
    ExpectProblem(d, 403, "submitter");
    EXPECT_EQ(d.body.find(kSecretPo), std::string::npos);
  }
  for (const std::string* token : {&auditor, static_cast<const std::string*>(&alice_)}) {
    HttpReply e = get(location, *token);
    EXPECT_EQ(e.status, 200) << e.body;
    EXPECT_NE(e.body.find(kSecretPrice), std::string::npos) << e.body;
    HttpReply guess = get(std::string("/events?EQ_bizTransaction_po=") + kSecretPoUri, *token);
    EXPECT_EQ(EventList(guess.body).size(), 1u) << guess.body;
    HttpReply d = get(location + "/disclosures", *token);
    EXPECT_EQ(d.status, 200) << d.body;
  }
  // Each full-form answer above was recorded, for auditors only.
  HttpReply reads = get("/reads", auditor);
  ASSERT_EQ(reads.status, 200) << reads.body;
  json::array list = json::parse(reads.body).at("reads").as_array();
  std::map<std::string, int> by_party;
  for (const json::value& v : list) by_party[std::string(v.at("party").as_string())]++;
  EXPECT_EQ(by_party["regulator"], 3) << reads.body;  // event, query, disclosures
  EXPECT_EQ(by_party["alice"], 3) << reads.body;
  EXPECT_EQ(by_party.count("erin"), 0u) << reads.body;
  EXPECT_EQ(list[0].at("scope"), "audit");
  EXPECT_EQ(list[0].at("request"), json::value("GET " + location));
  EXPECT_EQ(list[0].at("logIndices").as_array().size(), 1u);
  HttpReply alices = get("/reads?party=alice&limit=2", auditor);
  EXPECT_EQ(json::parse(alices.body).at("reads").as_array().size(), 2u) << alices.body;
  ExpectProblem(get("/reads", read_full), 403, "audit");
  EXPECT_EQ(get("/reads?limit=0", auditor).status, 400);
}

TEST_F(TokenScopesHttpTest, RepeatedFailuresFromOneAddressGet429BeforeAnyLookup) {
  Start();
  Client c(server_->port());
  const int64_t events = StoredEvents();
  const std::string bad = "olt_" + std::string(43, 'Z');
  for (int i = 0; i < 10; ++i) {
    auto r = c.Request("GET", "/events", {i % 2 ? Bearer(bad) : std::string("Authorization: Basic eDp5")});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 401) << i << " " << r->body;
  }
  auto limited = c.Request("GET", "/events", {Bearer(bad)});
  ASSERT_TRUE(limited);
  ExpectProblem(*limited, 429, "11th failure");
  const int retry = std::atoi(limited->headers["retry-after"].c_str());
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 6);
  // Even a good token is not looked up now, and nothing is captured.
  auto good = Post(c, "/events", alice_, BareEvent(Event(1)));
  ASSERT_TRUE(good);
  ExpectProblem(*good, 429, "good token while limited");
  EXPECT_EQ(StoredEvents(), events);
  // Requests without a token are not authentications: still served.
  auto anonymous = c.Request("GET", "/events");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 200);
}

TEST_F(TokenScopesHttpTest, TheBudgetRefillsAndSuccessesCostNothing) {
  ServerOptions so;
  so.auth_failures.burst = 2;
  so.auth_failures.refill_every = std::chrono::milliseconds(300);
  Start({}, so);
  Client c(server_->port());
  for (int i = 0; i < 20; ++i) {  // successes take nothing from the bucket
    auto ok = c.Request("GET", "/events", {Bearer(alice_)});
    ASSERT_TRUE(ok);
    ASSERT_EQ(ok->status, 200);
  }
  // Nor do refusals for a missing scope: the token was good.
  const std::string capture_only = Token("carol", Scopes{Scope::kCapture});
  for (int i = 0; i < 5; ++i) {
    auto forbidden = c.Request("GET", "/masterdata/urn:epcglobal:epcis:vtype:BusinessLocation/x", {Bearer(capture_only)});
    ASSERT_TRUE(forbidden);
    ASSERT_EQ(forbidden->status, 403) << forbidden->body;
    EXPECT_NE(forbidden->body.find("this needs one of the scopes audit,read-full"), std::string::npos) << forbidden->body;
  }
  for (int i = 0; i < 2; ++i) {
    auto r = c.Request("GET", "/events", {Bearer("olt_nope")});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 401);
  }
  auto limited = c.Request("GET", "/events", {Bearer(alice_)});
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->headers["retry-after"], "1");  // whole seconds, at least one
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  auto again = Post(c, "/events", alice_, BareEvent(Event(1)));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 201) << again->body;
  EXPECT_EQ(StoredEvents(), 1);
}

}  // namespace
}  // namespace orelog::server
