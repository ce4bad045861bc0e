// The access matrix of docs/participants.md §3 (issue #5 §7): for random
// disclosure policies, random events, random submitters and named parties,
// no withheld value reaches a caller not entitled to it on any endpoint —
// by ID, by eventID, in query pages, through query filters (hit or miss),
// disclosures, re-captures (409 or not), errors and flags — while every
// entitled caller does see it (so the test can fail both ways).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <boost/json.hpp>

#include "server/epcis_test_fixture.h"

namespace orelog::server {
namespace {

namespace json = boost::json;
using repo::Scope;
using repo::Scopes;

const std::vector<std::string> kParties = {"https://a.example", "https://b.example", "https://c.example"};
constexpr char kBtRule[] = "/bizTransactionList/*/bizTransaction";
constexpr char kExtRule[] = "/{ext}";
constexpr char kSourceRule[] = "/sourceList/*/source";

struct Caller {
  std::string name;
  std::string token;  // empty: the public
  std::string party;
  bool audit = false;
  bool read_full = false;
};

struct Captured {
  int serial = 0;
  std::string submitter;
  std::vector<std::string> named;
  std::vector<std::string> secrets;  // the withheld values it carries
  std::string body;                  // the event as sent
  std::string public_id;
  std::string event_id;
  std::string po;  // its withheld purchase order URI, if any
};

bool Entitled(const Caller& c, const Captured& e) {
  if (c.audit) return true;
  if (!c.read_full) return false;
  if (c.party == e.submitter) return true;
  return std::find(e.named.begin(), e.named.end(), c.party) != e.named.end();
}

class AccessMatrix : public EpcisHttpTest {
 protected:
  HttpReply Get(Client& c, const std::string& target, const Caller& who) {
    std::vector<std::string> h;
    if (!who.token.empty()) h.push_back(Bearer(who.token));
    auto r = c.Request("GET", target, h);
    RC_ASSERT(r.has_value());
    return *r;
  }
};

std::string Encoded(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == ':' || ch == '/' || ch == '?' || ch == '#' || ch == '&' || ch == '=') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(ch));
      out += buf;
    } else {
      out += ch;
    }
  }
  return out;
}

RC_GTEST_FIXTURE_PROP(AccessMatrix, NoWithheldValueReachesAnUnentitledCaller, ()) {
  // A random policy: any non-empty subset of the rules (the eventID is
  // withheld with them, as always).
  epcis::DisclosurePolicy policy{"7", {}, true};
  const bool bt_rule = *rc::gen::arbitrary<bool>();
  const bool ext_rule = !bt_rule || *rc::gen::arbitrary<bool>();
  const bool source_rule = *rc::gen::arbitrary<bool>();
  if (bt_rule) policy.rules.push_back(kBtRule);
  if (ext_rule) policy.rules.push_back(kExtRule);
  if (source_rule) policy.rules.push_back(kSourceRule);
  repo::CaptureOptions co;
  co.policy = policy;

  // Callers: the public, each party with read-full (and capture), one
  // party with capture only, an auditor.
  std::vector<Caller> callers = {{"public", "", "", false, false}};
  for (size_t i = 0; i < kParties.size(); ++i) {
    callers.push_back({"party" + std::to_string(i), Token(kParties[i], Scopes{Scope::kCapture, Scope::kReadFull}),
                       kParties[i], false, true});
  }
  callers.push_back({"capture-only", Token("https://d.example", Scopes{Scope::kCapture}), "https://d.example", false, false});
  callers.push_back({"auditor", Token("https://audit.example", Scopes{Scope::kAudit}), "https://audit.example", true, false});
  Start(co);
  Client c(server_->port());

  const int n = *rc::gen::inRange(1, 7);
  std::vector<Captured> events;
  for (int i = 0; i < n; ++i) {
    Captured e;
    e.serial = 100 + i;
    const size_t submitter = *rc::gen::inRange<size_t>(0, kParties.size());
    e.submitter = kParties[submitter];
    const std::string tag = "S3CR3T-" + std::to_string(e.serial) + "-" + std::to_string(*rc::gen::inRange(0, 1000000));
    e.event_id = "urn:uuid:6c2f3a8e-1b7d-4c5e-9f00-00000000" + std::to_string(2000 + e.serial);
    std::string extra = ",\"eventID\":\"" + e.event_id + "\"";
    if (bt_rule) {
      e.po = "urn:epcglobal:cbv:bt:0614141073467:PO-" + tag;
      e.secrets.push_back("PO-" + tag);
      extra += R"(,"bizTransactionList":[{"type":"po","bizTransaction":")" + e.po + "\"}]";
    }
    if (ext_rule) {
      e.secrets.push_back("TERMS-" + tag);
      extra += R"(,"ex:terms":"TERMS-)" + tag + "\"";
    }
    if (*rc::gen::arbitrary<bool>()) {
      const std::string named = kParties[*rc::gen::inRange<size_t>(0, kParties.size())];
      e.named.push_back(named);
      extra += R"(,"sourceList":[{"type":"owning_party","source":")" + named + "\"}]";
    }
    e.body = Event(e.serial, extra);
    const std::string token = callers[1 + submitter].token;
    auto r = Post(c, "/events", token, BareEvent(e.body));
    RC_ASSERT(r.has_value());
    RC_ASSERT(r->status == 201);
    e.public_id = std::string(json::parse(r->body).at("eventID").as_string());
    events.push_back(std::move(e));
  }

  for (const Caller& who : callers) {
    std::vector<std::string> bodies;
    // The query pages, and each event by public ID and by its eventID.
    HttpReply all = Get(c, "/events?perPage=100", who);
    RC_ASSERT(all.status == 200);
    RC_ASSERT(EventList(all.body).size() == events.size());
    bodies.push_back(all.body);
    for (const Captured& e : events) {
      const bool entitled = Entitled(who, e);
      HttpReply by_id = Get(c, "/events/" + Encoded(e.public_id), who);
      RC_ASSERT(by_id.status == 200);
      for (const std::string& s : e.secrets) RC_ASSERT((by_id.body.find(s) != std::string::npos) == entitled);
      HttpReply by_event_id = Get(c, "/events/" + Encoded(e.event_id), who);
      RC_ASSERT(by_event_id.status == (entitled ? 200 : 404));
      bodies.push_back(by_event_id.body);
      HttpReply d = Get(c, "/events/" + Encoded(e.public_id) + "/disclosures", who);
      RC_ASSERT(d.status == (entitled ? 200 : who.token.empty() ? 401 : 403));
      bodies.push_back(d.body);
      if (!e.po.empty()) {
        // A filter on the withheld value: hit only for the entitled.
        HttpReply guess = Get(c, "/events?EQ_bizTransaction_po=" + Encoded(e.po), who);
        RC_ASSERT(guess.status == 200);
        RC_ASSERT(EventList(guess.body).size() == (entitled ? 1u : 0u));
      }
      // An extension filter on a withheld value likewise.
      if (ext_rule) {
        HttpReply guess = Get(c, "/events?EQ_https%3A%2F%2Fex.example%2Fterms=" + e.secrets.back(), who);
        if (guess.status == 200) RC_ASSERT(EventList(guess.body).size() == (entitled ? 1u : 0u));
      }
    }
    // A malformed query naming nothing secret: its error shows nothing stored.
    bodies.push_back(Get(c, "/events?perPage=0", who).body);
    bodies.push_back(Get(c, "/flags", who).body);
    for (const Captured& e : events) {
      if (Entitled(who, e)) continue;
      for (const std::string& body : bodies) {
        for (const std::string& s : e.secrets) RC_ASSERT(body.find(s) == std::string::npos);
      }
    }
  }
  // Re-capturing someone else's event (last: the copy is an event of the
  // re-capturing party's own): a party that did not submit it gets a new
  // entry (201), never a 409 pointing at the original, and no secret back.
  for (const Caller& who : callers) {
    if (!who.read_full) continue;
    for (const Captured& e : events) {
      if (e.submitter == who.party) continue;
      auto r = Post(c, "/events", who.token, BareEvent(e.body));
      RC_ASSERT(r.has_value());
      RC_ASSERT(r->status == 201);
      RC_ASSERT(json::parse(r->body).at("eventID").as_string() != e.public_id);
      for (const std::string& s : e.secrets) RC_ASSERT(r->body.find(s) == std::string::npos);
      // Its own duplicate is a 409 that names only its own copy.
      auto again = Post(c, "/events", who.token, BareEvent(e.body));
      RC_ASSERT(again.has_value());
      RC_ASSERT(again->status == 409);
      RC_ASSERT(again->body.find(e.public_id) == std::string::npos);
      break;
    }
  }
}

}  // namespace
}  // namespace orelog::server
