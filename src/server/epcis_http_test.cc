// End-to-end over loopback: the EPCIS capture and query API of a writing
// server (a Ledger, a repo::Capturer and HttpServer, wired as `orelog serve`
// does), spoken to with raw sockets. What is stored is checked in the ledger
// itself (published tree size, the events table), never only in answers.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "epcis/disclosure.h"
#include "epcis/gs1_keys.h"
#include "epcis/leaf.h"
#include "merkle/hasher.h"
#include "merkle/verify.h"
#include "orelog/ledger.h"
#include "repo/capture.h"
#include "repo/schema.h"
#include "repo/tokens.h"
#include "server/epcis_test_fixture.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"
#include "tlog/proof_text.h"

namespace orelog::server {
namespace {
namespace json = boost::json;

std::string Decoded(std::string_view segment) {
  auto d = epcis::PercentDecode(segment);
  EXPECT_OK(d);
  return d.ok() ? *d : std::string();
}

TEST_F(EpcisHttpTest, CaptureIs202WithLocationAndOnlyTheSubmitterSeesTheJob) {
  Start();
  Client c(server_->port());
  auto r = Post(c, "/capture", alice_, Doc({Event(1), Event(2)}));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  const std::string location = r->headers["location"];
  ASSERT_TRUE(location.starts_with("/capture/")) << location;
  EXPECT_EQ(StoredEvents(), 2);

  auto job = c.Request("GET", location, {Bearer(alice_)});
  ASSERT_TRUE(job);
  ASSERT_EQ(job->status, 200) << job->body;
  json::object o = ParseObject(job->body);
  EXPECT_EQ(o["captureID"], json::value(location.substr(9)));
  EXPECT_EQ(o["success"], true);
  EXPECT_EQ(o["running"], false);
  EXPECT_EQ(o["eventCount"], 2);
  EXPECT_EQ(o["captured"], 2);
  EXPECT_EQ(o["duplicates"], 0);
  EXPECT_TRUE(o["errors"].as_array().empty());

  auto other = c.Request("GET", location, {Bearer(bob_)});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
  EXPECT_EQ(other->headers["content-type"], "application/problem+json");
  auto anonymous = c.Request("GET", location);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_FALSE(anonymous->headers["www-authenticate"].empty());
  EXPECT_EQ(anonymous->body.find("captured"), std::string::npos);

  // Capturing the same document again: one job, no new entries.
  uint64_t size = TreeSize();
  auto again = Post(c, "/capture", alice_, Doc({Event(1), Event(2)}));
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 202) << again->body;
  json::object o2 = ParseObject(again->body);
  EXPECT_EQ(o2["captured"], 0);
  EXPECT_EQ(o2["duplicates"], 2);
  EXPECT_EQ(TreeSize(), size);
  EXPECT_EQ(StoredEvents(), 2);

  // GET /capture lists the caller's own jobs, newest first.
  auto list = c.Request("GET", "/capture", {Bearer(alice_)});
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  json::array jobs = json::parse(list->body).as_array();
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[1].as_object().at("captureID"), json::value(location.substr(9)));
  auto bobs = c.Request("GET", "/capture", {Bearer(bob_)});
  ASSERT_TRUE(bobs);
  EXPECT_EQ(bobs->body, "[]");
}

TEST_F(EpcisHttpTest, RollbackRefusesTheWholeDocumentWithAPointer) {
  Start();
  Client c(server_->port());
  uint64_t size = TreeSize();
  auto r = Post(c, "/capture", alice_, Doc({Event(1), BadActionEvent(2), Event(3)}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(r->headers["content-type"], "application/problem+json");
  json::object p = ParseObject(r->body);
  EXPECT_EQ(p["type"], "epcisException:ValidationException");
  EXPECT_EQ(p["status"], 400);
  EXPECT_EQ(p["pointer"], "/epcisBody/eventList/1/action");
  EXPECT_EQ(StoredEvents(), 0);
  EXPECT_EQ(StoredJobs(), 0);
  EXPECT_EQ(TreeSize(), size);
}

TEST_F(EpcisHttpTest, ProceedStoresTheValidEventsAndListsTheOthers) {
  Start();
  Client c(server_->port());
  auto r = Post(c, "/capture", alice_, Doc({Event(1), BadActionEvent(2), Event(3), Event(4, R"(,"nope:x":1)")}),
                {"GS1-Capture-Error-Behaviour: proceed"});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  auto job = c.Request("GET", r->headers["location"], {Bearer(alice_)});
  ASSERT_TRUE(job);
  ASSERT_EQ(job->status, 200);
  json::object o = ParseObject(job->body);
  EXPECT_EQ(o["success"], false);
  EXPECT_EQ(o["captureErrorBehaviour"], "proceed");
  EXPECT_EQ(o["eventCount"], 4);
  EXPECT_EQ(o["captured"], 2);
  const json::array& errors = o["errors"].as_array();
  ASSERT_EQ(errors.size(), 2u) << job->body;
  EXPECT_EQ(errors[0].at("eventIndex"), 1);
  EXPECT_EQ(errors[0].at("pointer"), "/epcisBody/eventList/1/action");
  EXPECT_EQ(errors[0].at("type"), "epcisException:ValidationException");
  EXPECT_EQ(errors[1].at("eventIndex"), 3);
  EXPECT_EQ(errors[1].at("pointer"), "/epcisBody/eventList/3/nope:x");
  EXPECT_EQ(StoredEvents(), 2);
  EXPECT_EQ(TreeSize(), 2u);
  // The two stored ones are events 1 and 3 of the document.
  for (int serial : {1, 3}) {
    auto q = c.Request("GET", "/events?MATCH_epc=" + Epc(serial));
    ASSERT_TRUE(q);
    EXPECT_EQ(EventList(q->body).size(), 1u) << serial;
  }
  auto q = c.Request("GET", "/events?MATCH_epc=" + Epc(2));
  ASSERT_TRUE(q);
  EXPECT_EQ(EventList(q->body).size(), 0u);
}

TEST_F(EpcisHttpTest, PostEventDuplicateOtherPartyAndCorrection) {
  Start();
  Client c(server_->port());
  const std::string event = BareEvent(Event(7));
  auto first = Post(c, "/events", alice_, event);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 201) << first->body;
  const std::string location = first->headers["location"];
  ASSERT_TRUE(location.starts_with("/events/")) << location;
  json::object o = ParseObject(first->body);
  EXPECT_EQ(o["logIndex"], 0);
  EXPECT_EQ(o["eventID"], json::value(Decoded(location.substr(8))));
  EXPECT_EQ(StoredEvents(), 1);

  auto dup = Post(c, "/events", alice_, event);
  ASSERT_TRUE(dup);
  EXPECT_EQ(dup->status, 409) << dup->body;
  EXPECT_EQ(dup->headers["content-type"], "application/problem+json");
  EXPECT_EQ(dup->headers["location"], location);
  EXPECT_EQ(StoredEvents(), 1);
  EXPECT_EQ(TreeSize(), 1u);

  // The same event from another party is that party's own entry; it learns
  // nothing about the first.
  auto other = Post(c, "/events", bob_, event);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 201) << other->body;
  EXPECT_NE(other->headers["location"], location);
  EXPECT_EQ(StoredEvents(), 2);

  // A correction of alice's event is a new entry, linked to the original.
  auto correction = Post(c, "/events", alice_,
                         BareEvent(Event(7, R"(,"errorDeclaration":{"declarationTime":"2024-01-02T00:00:00Z",)"
                                            R"("reason":"incorrect_data"})")));
  ASSERT_TRUE(correction);
  EXPECT_EQ(correction->status, 201) << correction->body;
  EXPECT_EQ(StoredEvents(), 3);
  EXPECT_EQ(TreeSize(), 3u);
  // Linked to alice's event (index 0), not to bob's copy (index 1).
  EXPECT_EQ(SqlCount("SELECT corrects FROM events WHERE idx = 2"), 0);
  EXPECT_EQ(SqlCount("SELECT count(*) FROM events WHERE corrects IS NOT NULL"), 1);
}

TEST_F(EpcisHttpTest, SameSecretEventFromAnotherPartyIsANewEntry) {
  Start();
  Client c(server_->port());
  const std::string event = BareEvent(SecretEvent(8));
  auto a = Post(c, "/events", alice_, event);
  auto b = Post(c, "/events", bob_, event);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->status, 201) << a->body;
  EXPECT_EQ(b->status, 201) << b->body;
  EXPECT_NE(a->headers["location"], b->headers["location"]);
  EXPECT_EQ(StoredEvents(), 2);
}

TEST_F(EpcisHttpTest, AnotherPartysDocumentWithTheSameEventsIsCaptured) {
  Start();
  Client c(server_->port());
  auto a = Post(c, "/capture", alice_, Doc({Event(1), Event(2)}));
  ASSERT_TRUE(a);
  ASSERT_EQ(a->status, 202) << a->body;
  // Rollback (one batch) and proceed (one batch per event), each with an
  // event whose eventID alice's entries already use as their public IDs.
  auto b = Post(c, "/capture", bob_, Doc({Event(1), Event(3)}));
  ASSERT_TRUE(b);
  ASSERT_EQ(b->status, 202) << b->body;
  EXPECT_EQ(ParseObject(b->body)["captured"], 2);
  auto b2 = Post(c, "/capture", bob_, Doc({Event(2), Event(4)}), {"GS1-Capture-Error-Behaviour: proceed"});
  ASSERT_TRUE(b2);
  ASSERT_EQ(b2->status, 202) << b2->body;
  json::object job = ParseObject(b2->body);
  EXPECT_EQ(job["captured"], 2);
  EXPECT_EQ(job["success"], true) << b2->body;
  EXPECT_EQ(StoredEvents(), 6);
  EXPECT_EQ(SqlCount("SELECT count(DISTINCT public_id) FROM events"), 6);
  EXPECT_EQ(TreeSize(), 6u);
}

TEST_F(EpcisHttpTest, OptionsAdvertisesTheLimitsAndOverLimitIs413) {
  repo::CaptureOptions co;
  co.max_events = 3;
  co.max_bytes = 4096;
  Start(co);
  Client c(server_->port());
  auto opt = c.Request("OPTIONS", "/capture");
  ASSERT_TRUE(opt);
  EXPECT_EQ(opt->status, 204);
  EXPECT_EQ(opt->headers["gs1-epcis-capture-limit"], "3");
  EXPECT_EQ(opt->headers["gs1-epcis-capture-file-size-limit"], "4096");

  uint64_t size = TreeSize();
  auto many = Post(c, "/capture", alice_, Doc({Event(1), Event(2), Event(3), Event(4)}));
  ASSERT_TRUE(many);
  EXPECT_EQ(many->status, 413) << many->body;
  EXPECT_EQ(ParseObject(many->body)["type"], "epcisException:CaptureLimitExceededException");

  std::string big = Doc({Event(1, R"(,"ex:note":")" + std::string(5000, 'n') + "\"")});
  ASSERT_GT(big.size(), 4096u);
  Client c2(server_->port());
  auto large = Post(c2, "/capture", alice_, big);
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 413) << large->body;
  EXPECT_EQ(ParseObject(large->body)["type"], "epcisException:CaptureLimitExceededException");
  Client c3(server_->port());
  auto large_event = Post(c3, "/events", alice_, BareEvent(Event(1, R"(,"ex:note":")" + std::string(5000, 'n') + "\"")));
  ASSERT_TRUE(large_event);
  EXPECT_EQ(large_event->status, 413) << large_event->body;

  EXPECT_EQ(StoredEvents(), 0);
  EXPECT_EQ(TreeSize(), size);
  Client c4(server_->port());  // at the limit is fine
  auto three = Post(c4, "/capture", alice_, Doc({Event(1), Event(2), Event(3)}));
  ASSERT_TRUE(three);
  EXPECT_EQ(three->status, 202) << three->body;
  EXPECT_EQ(StoredEvents(), 3);
}

TEST_F(EpcisHttpTest, PublicAnswersNeverShowWithheldValues) {
  Start();
  Client c(server_->port());
  auto r = Post(c, "/capture", alice_, Doc({SecretEvent(1, /*with_event_id=*/false), Event(2), SecretEvent(3)}));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  // The CBV hash of the secret event (its eventID in the full form) is an
  // unsalted hash of the full event: it must not be public either.
  auto full = c.Request("GET", "/events?MATCH_epc=" + Epc(1), {Bearer(alice_)});
  ASSERT_TRUE(full);
  ASSERT_EQ(full->status, 200) << full->body;
  json::array full_list = EventList(full->body);
  ASSERT_EQ(full_list.size(), 1u);
  const std::string cbv_hash(full_list[0].at("eventID").as_string());
  ASSERT_TRUE(cbv_hash.starts_with("ni:///sha-256;")) << cbv_hash;
  for (const char* secret : {kSecretPo, kSecretPrice}) {
    EXPECT_NE(full->body.find(secret), std::string::npos) << secret;
  }

  std::vector<std::string> public_bodies;
  for (const std::string& target : {std::string("/events"), "/events?MATCH_epc=" + Epc(1), std::string("/events?EXISTS_bizTransactionList=true")}) {
    auto pub = c.Request("GET", target);
    ASSERT_TRUE(pub);
    ASSERT_EQ(pub->status, 200) << target << pub->body;
    public_bodies.push_back(pub->body);
  }
  EXPECT_EQ(EventList(public_bodies[0]).size(), 3u);
  json::array pub_list = EventList(public_bodies[1]);
  ASSERT_EQ(pub_list.size(), 1u);
  const std::string public_id(pub_list[0].at("eventID").as_string());
  EXPECT_NE(public_id, cbv_hash);
  auto one = c.Request("GET", "/events/" + public_id);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  public_bodies.push_back(one->body);
  auto proof_wait = ledger_->Publish();
  ASSERT_OK(proof_wait);
  auto proof = c.Request("GET", "/events/" + public_id + "/proof");
  ASSERT_TRUE(proof);
  EXPECT_EQ(proof->status, 200);
  public_bodies.push_back(proof->body);
  for (const std::string& body : public_bodies) {
    for (const std::string& secret : {std::string(kSecretPo), std::string(kSecretPrice), cbv_hash, SecretEventId(3)}) {
      EXPECT_EQ(body.find(secret), std::string::npos) << secret << " in " << body;
    }
  }
  // Public queries filter on public forms: a withheld value finds nothing.
  auto guess = c.Request("GET", std::string("/events?EQ_bizTransaction_po=") + kSecretPoUri);
  ASSERT_TRUE(guess);
  ASSERT_EQ(guess->status, 200) << guess->body;
  EXPECT_EQ(EventList(guess->body).size(), 0u);
  auto guess_full = c.Request("GET", std::string("/events?EQ_bizTransaction_po=") + kSecretPoUri, {Bearer(alice_)});
  ASSERT_TRUE(guess_full);
  EXPECT_EQ(EventList(guess_full->body).size(), 2u) << guess_full->body;

  // The full form by public ID for a token holder.
  auto one_full = c.Request("GET", "/events/" + public_id, {Bearer(alice_)});
  ASSERT_TRUE(one_full);
  ASSERT_EQ(one_full->status, 200);
  EXPECT_NE(one_full->body.find(kSecretPo), std::string::npos);
  EXPECT_NE(one_full->body.find(kSecretPrice), std::string::npos);
}

TEST_F(EpcisHttpTest, QueryByEpcAndBadParametersAre400) {
  Start();
  Client c(server_->port());
  auto r = Post(c, "/capture", alice_, Doc({Event(1), Event(2), Event(3)}));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202);
  auto q = c.Request("GET", "/events?MATCH_epc=" + Epc(2));
  ASSERT_TRUE(q);
  ASSERT_EQ(q->status, 200) << q->body;
  EXPECT_EQ(q->headers["content-type"], "application/ld+json");
  json::array list = EventList(q->body);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("epcList").as_array()[0], json::value(Epc(2)));

  for (const char* bad : {"/events?FOO=1", "/events?MATCH_epc=", "/events?GE_eventTime=yesterday",
                          "/events?perPage=0", "/events?eventType=SomethingEvent", "/events?EQ_action=MAYBE",
                          "/events?MATCH_epc=urn:epc:id:sgtin:1&MATCH_epc=urn:epc:id:sgtin:2"}) {
    auto b = c.Request("GET", bad);
    ASSERT_TRUE(b) << bad;
    EXPECT_EQ(b->status, 400) << bad << " " << b->body;
    EXPECT_EQ(b->headers["content-type"], "application/problem+json") << bad;
    EXPECT_EQ(ParseObject(b->body)["type"], "epcisException:QueryParameterException") << bad << " " << b->body;
  }
}

TEST_F(EpcisHttpTest, PagingFollowsLinkUntilEveryEventWasSeenOnce) {
  Start();
  Client c(server_->port());
  std::vector<std::string> events;
  for (int i = 0; i < 8; ++i) events.push_back(Event(100 + i));
  auto r = Post(c, "/capture", alice_, Doc(events));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202);
  for (bool with_token : {false, true}) {
    std::vector<std::string> headers;
    if (with_token) headers.push_back(Bearer(alice_));
    std::multiset<std::string> seen;
    std::string target = "/events?perPage=3";
    int pages = 0;
    while (!target.empty() && pages < 10) {
      auto page = c.Request("GET", target, headers);
      ASSERT_TRUE(page);
      ASSERT_EQ(page->status, 200) << target << " " << page->body;
      ++pages;
      json::array list = EventList(page->body);
      EXPECT_LE(list.size(), 3u);
      for (const json::value& e : list) seen.insert(std::string(e.at("epcList").as_array()[0].as_string()));
      std::string link = page->headers["link"];
      target.clear();
      if (!link.empty()) {
        ASSERT_NE(link.find("rel=\"next\""), std::string::npos) << link;
        size_t lt = link.find('<'), gt = link.find('>');
        ASSERT_TRUE(lt != std::string::npos && gt != std::string::npos) << link;
        target = link.substr(lt + 1, gt - lt - 1);
      }
    }
    EXPECT_EQ(pages, 3);
    ASSERT_EQ(seen.size(), 8u);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(seen.count(Epc(100 + i)), 1u) << i;
  }
}

TEST_F(EpcisHttpTest, ProofIsPendingThenVerifies) {
  Start();
  Client c(server_->port());
  ASSERT_TRUE(Post(c, "/events", alice_, BareEvent(Event(1))));  // index 0
  ASSERT_OK(ledger_->Publish());
  auto r = Post(c, "/events", alice_, BareEvent(SecretEvent(2)));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string location = r->headers["location"];
  auto pending = c.Request("GET", location + "/proof");
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->status, 503) << pending->body;
  EXPECT_EQ(pending->headers["retry-after"], "1");
  EXPECT_EQ(pending->headers["content-type"], "application/problem+json");
  EXPECT_EQ(ParseObject(pending->body)["logIndex"], 1);

  ASSERT_OK(ledger_->Publish());
  auto ok = c.Request("GET", location + "/proof");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;
  json::object answer = ParseObject(ok->body);
  const std::string leaf(answer["leaf"].as_string());
  const std::string event_id(answer["eventID"].as_string());
  EXPECT_EQ(event_id, Decoded(location.substr(8)));
  EXPECT_EQ(answer["logIndex"], 1);
  EXPECT_OK(VerifyEventProof(answer, leaf));
  auto stored = ledger_->Entry(1);
  ASSERT_OK(stored);
  EXPECT_EQ(leaf, std::string(AsChars(*stored)));

  // One changed byte anywhere in the leaf fails the proof.
  for (size_t at : {size_t{0}, leaf.size() / 2, leaf.size() - 1}) {
    std::string tampered = leaf;
    tampered[at] ^= 1;
    EXPECT_FALSE(VerifyEventProof(answer, tampered).ok()) << at;
  }

  auto missing = c.Request("GET", "/events/urn:uuid:00000000-0000-4000-8000-000000000000/proof");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(EpcisHttpTest, DisclosuresNeedATokenAndVerifyAgainstTheLeaf) {
  Start();
  Client c(server_->port());
  auto r = Post(c, "/events", alice_, BareEvent(SecretEvent(3)));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string location = r->headers["location"];
  auto anonymous = c.Request("GET", location + "/disclosures");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(anonymous->body.find(kSecretPo), std::string::npos);

  // bob has read-full but is neither the submitter nor named by the event.
  auto not_entitled = c.Request("GET", location + "/disclosures", {Bearer(bob_)});
  ASSERT_TRUE(not_entitled);
  EXPECT_EQ(not_entitled->status, 403);
  EXPECT_EQ(not_entitled->body.find(kSecretPo), std::string::npos);

  auto d = c.Request("GET", location + "/disclosures", {Bearer(alice_)});
  ASSERT_TRUE(d);
  ASSERT_EQ(d->status, 200) << d->body;
  json::object o = ParseObject(d->body);
  uint64_t index = o["logIndex"].to_number<uint64_t>();
  auto entry = ledger_->Entry(index);
  ASSERT_OK(entry);
  auto envelope = epcis::DecodeLeaf(AsChars(*entry));
  ASSERT_OK(envelope);
  EXPECT_EQ(envelope->public_id, Decoded(location.substr(8)));
  std::set<std::string> names;
  for (const json::value& disclosure : o["disclosures"].as_array()) {
    const std::string text(disclosure.as_string());
    EXPECT_OK(epcis::VerifyDisclosure(envelope->payload, text));
    auto decoded = epcis::DecodeDisclosure(text);
    ASSERT_OK(decoded);
    names.insert(decoded->name);
    // A disclosure does not verify against another event's leaf.
  }
  EXPECT_TRUE(names.count("bizTransaction")) << d->body;
  EXPECT_TRUE(names.count("ex:price")) << d->body;
  EXPECT_TRUE(names.count("eventID")) << d->body;
  // Nothing in the leaf holds the withheld values.
  const std::string leaf(AsChars(*entry));
  EXPECT_EQ(leaf.find(kSecretPo), std::string::npos);
  EXPECT_EQ(leaf.find(kSecretPrice), std::string::npos);
}

TEST_F(EpcisHttpTest, MetricsCountRequestsAndCapturedEvents) {
  Start();
  Client c(server_->port());
  ASSERT_TRUE(Post(c, "/capture", alice_, Doc({Event(1), Event(2), Event(3)})));
  ASSERT_TRUE(Post(c, "/events", alice_, BareEvent(Event(4))));
  ASSERT_TRUE(Post(c, "/events", alice_, BareEvent(Event(4))));  // duplicate: not counted
  auto m = c.Request("GET", "/metrics");
  ASSERT_TRUE(m);
  ASSERT_EQ(m->status, 200);
  EXPECT_NE(m->body.find("orelog_http_requests_total{route=\"capture\",code=\"202\"} 1\n"), std::string::npos) << m->body;
  EXPECT_NE(m->body.find("orelog_http_requests_total{route=\"events_post\",code=\"201\"} 1\n"), std::string::npos);
  EXPECT_NE(m->body.find("orelog_http_requests_total{route=\"events_post\",code=\"409\"} 1\n"), std::string::npos);
  EXPECT_NE(m->body.find("\norelog_events_captured_total 4\n"), std::string::npos) << m->body;
}

TEST_F(EpcisHttpTest, BadMissingOrRevokedTokenIs401) {
  ServerOptions so;
  so.auth_failures.burst = 100;  // 14 failures from one address: not what this test is about
  Start({}, so);
  Client c(server_->port());
  const std::string doc = Doc({Event(1)});
  struct Case {
    const char* name;
    std::vector<std::string> headers;
  };
  const std::vector<Case> cases = {
      {"missing", {}},
      {"unknown token", {"Authorization: Bearer olt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}},
      {"not bearer", {"Authorization: Basic YWxpY2U6c2VjcmV0"}},
      {"empty bearer", {"Authorization: Bearer "}},
      {"token with a changed character", {Bearer(alice_.substr(0, alice_.size() - 1) + (alice_.back() == 'A' ? "B" : "A"))}},
  };
  for (const Case& k : cases) {
    for (const char* target : {"/capture", "/events"}) {
      std::vector<std::string> h = k.headers;
      h.push_back("Content-Type: application/ld+json");
      auto r = c.Request("POST", target, h, std::string(target) == "/capture" ? doc : BareEvent(Event(1)));
      ASSERT_TRUE(r) << k.name;
      EXPECT_EQ(r->status, 401) << k.name << " " << target;
      EXPECT_TRUE(r->headers["www-authenticate"].starts_with("Bearer")) << k.name;
      EXPECT_EQ(r->headers["content-type"], "application/problem+json");
      EXPECT_EQ(ParseObject(r->body)["type"], "epcisException:SecurityException");
    }
    if (!k.headers.empty()) {  // a bad token on a read is refused, never downgraded to public
      auto q = c.Request("GET", "/events", k.headers);
      ASSERT_TRUE(q);
      EXPECT_EQ(q->status, 401) << k.name;
    }
  }
  ASSERT_OK(repo::RevokeTokens(dir_, "bob"));
  auto revoked = Post(c, "/events", bob_, BareEvent(Event(1)));
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 401);
  EXPECT_TRUE(revoked->headers["www-authenticate"].starts_with("Bearer"));
  auto revoked_read = c.Request("GET", "/events", {Bearer(bob_)});
  ASSERT_TRUE(revoked_read);
  EXPECT_EQ(revoked_read->status, 401);
  EXPECT_EQ(StoredEvents(), 0);
  EXPECT_EQ(TreeSize(), 0u);
  auto still = Post(c, "/events", alice_, BareEvent(Event(1)));
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 201);
}

}  // namespace
}  // namespace orelog::server
