// Issue 3 §8: bad input to the capture endpoints. Each case must be refused
// with a 4xx application/problem+json (EPCIS exception type and, where one
// member is at fault, its JSON pointer), and must leave nothing behind: the
// published tree size, the events and the capture jobs are unchanged.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "server/epcis_test_fixture.h"

namespace json = boost::json;

namespace orelog::server {
namespace {

constexpr size_t kMaxBytes = 256 * 1024;

enum class Auth { kAlice, kNone, kUnknown, kBasic };

struct BadInput {
  std::string name;
  std::string target;  // /capture or /events
  std::string body;
  int status = 400;
  std::string type = "epcisException:ValidationException";
  std::optional<std::string> pointer;  // nullopt: not checked
  Auth auth = Auth::kAlice;
  std::string content_type = "application/ld+json";
};

BadInput Make(std::string name, std::string target, std::string body, int status = 400,
              std::string type = "epcisException:ValidationException", std::optional<std::string> pointer = std::nullopt,
              Auth auth = Auth::kAlice) {
  BadInput b;
  b.name = std::move(name);
  b.target = std::move(target);
  b.body = std::move(body);
  b.status = status;
  b.type = std::move(type);
  b.pointer = std::move(pointer);
  b.auth = auth;
  return b;
}

// `from` -> `to` once in `text` (the case must really change the text).
std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string Nested(int depth) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += R"({"ex:a":)";
  s += "1";
  for (int i = 0; i < depth; ++i) s += "}";
  return s;
}

std::string ManyEpcs(int n) {
  std::string list;
  for (int i = 0; i < n; ++i) list += (i ? ",\"" : "\"") + Epc(100000 + i) + "\"";
  return list;
}

std::vector<BadInput> Cases() {
  const std::string ev = Event(1);
  const std::string p = "/epcisBody/eventList/0";
  std::vector<BadInput> c;
  auto both = [&](const std::string& name, const std::string& event, std::optional<std::string> pointer, int status = 400,
                  std::string type = "epcisException:ValidationException") {
    c.push_back(Make(name + " (document)", "/capture", Doc({event}), status, type, pointer ? std::optional(p + *pointer) : std::nullopt));
    c.push_back(Make(name + " (event)", "/events", BareEvent(event), status, type, pointer));
  };
  std::string doc = Doc({ev});
  c.push_back(Make("malformed JSON: truncated", "/capture", doc.substr(0, doc.size() - 2)));
  c.push_back(Make("malformed JSON: trailing comma", "/events", Replace(BareEvent(ev), "\"]", "\",]")));
  c.push_back(Make("malformed JSON: comment", "/capture", "/* x */" + doc));
  c.push_back(Make("malformed JSON: invalid UTF-8", "/capture", Replace(doc, "shipping", "ship\xff\xfeing")));
  c.push_back(Make("not an EPCIS document", "/capture", Replace(doc, "\"EPCISDocument\"", "\"Foo\""), 400,
               "epcisException:ValidationException", "/type"));
  c.push_back(Make("event not an object", "/capture", Doc({"1"}), 400, "epcisException:ValidationException", p));
  both("wrong type: eventTime a number", Replace(ev, "\"2024-01-01T10:00:00.000+01:00\"", "12"), "/eventTime");
  both("wrong type: epcList a string", Replace(ev, "[\"" + Epc(1) + "\"]", "\"" + Epc(1) + "\""), "/epcList");
  both("unknown event type", Replace(ev, "ObjectEvent", "FooEvent"), "/type");
  both("misplaced ilmd", Event(1, R"(,"ilmd":{"ex:lot":"1"})"), "/ilmd");
  both("nesting deeper than 64", Event(1, ",\"ex:deep\":" + Nested(70)), std::nullopt);
  c.push_back(Make("body over the limit (document)", "/capture", Doc({Event(1, R"(,"ex:pad":")" + std::string(kMaxBytes, 'p') + "\"")}),
               413, "epcisException:CaptureLimitExceededException"));
  c.push_back(Make("body over the limit (event)", "/events", BareEvent(Event(1, R"(,"ex:pad":")" + std::string(kMaxBytes, 'p') + "\"")),
               413, "epcisException:CaptureLimitExceededException"));
  both("invalid timestamp: month 13", Replace(ev, "2024-01-01T10", "2024-13-01T10"), "/eventTime");
  both("invalid timestamp: 29 February 2023", Replace(ev, "2024-01-01T10", "2023-02-29T10"), "/eventTime");
  both("invalid timestamp: no offset", Replace(ev, "10:00:00.000+01:00", "10:00:00.000"), "/eventTime");
  both("invalid offset", Replace(ev, "\"+01:00\"", "\"+25:00\""), "/eventTimeZoneOffset");
  both("invalid EPC URI", Replace(ev, Epc(1), "urn:epc:id:sgtin:0614141.107346"), "/epcList/0");
  both("wrong check digit in a Digital Link EPC", Replace(ev, Epc(1), "https://id.gs1.org/01/09520123456789/21/x1"), "/epcList/0");
  both("wrong check digit in a GLN", Event(1, R"(,"readPoint":{"id":"https://id.gs1.org/414/9520123456789"})"), "/readPoint/id");
  both("unknown CURIE prefix in a member name", Event(1, R"(,"nope:a":1)"), "/nope:a");
  both("unknown CURIE prefix in a value", Replace(ev, "\"shipping\"", "\"nope:shipping\""), "/bizStep");
  both("entry over 65,535 bytes", Replace(ev, "\"" + Epc(1) + "\"", ManyEpcs(1900)), std::nullopt);
  both("duplicate member", Event(1, R"(,"bizStep":"receiving")"), "/bizStep");
  both("inexact number", Event(1, R"(,"quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877",)"
                                  R"("quantity":0.10000000000000001,"uom":"KGM"}])"),
       "/quantityList/0/quantity");
  both("integer beyond 2^53", Event(1, R"(,"quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877",)"
                                       R"("quantity":9007199254740993}])"),
       "/quantityList/0/quantity");
  for (Auth a : {Auth::kNone, Auth::kUnknown, Auth::kBasic}) {
    std::string name = a == Auth::kNone ? "missing token" : a == Auth::kUnknown ? "unknown token" : "not a bearer token";
    c.push_back(Make(name + " (document)", "/capture", doc, 401, "epcisException:SecurityException", std::nullopt, a));
    c.push_back(Make(name + " (event)", "/events", BareEvent(ev), 401, "epcisException:SecurityException", std::nullopt, a));
  }
  BadInput text = Make("not JSON media type", "/capture", doc, 415, "about:blank");
  text.content_type = "text/plain";
  c.push_back(text);
  return c;
}

class EpcisBadInputTest : public EpcisHttpTest {};

TEST_F(EpcisBadInputTest, EveryCaseIsA4xxProblemAndStoresNothing) {
  repo::CaptureOptions co;
  co.max_bytes = kMaxBytes;
  Start(co);
  {
    Client c(server_->port());
    auto seed = Post(c, "/capture", alice_, Doc({Event(1), Event(2)}));  // so that "unchanged" is not "empty"
    ASSERT_TRUE(seed);
    ASSERT_EQ(seed->status, 202) << seed->body;
  }
  const uint64_t size = TreeSize();
  ASSERT_EQ(size, 2u);
  const int64_t events = StoredEvents(), jobs = StoredJobs();
  for (const BadInput& k : Cases()) {
    SCOPED_TRACE(k.name);
    Client c(server_->port());  // a refused oversize body closes its connection
    std::vector<std::string> headers{"Content-Type: " + k.content_type};
    switch (k.auth) {
      case Auth::kAlice: headers.push_back(Bearer(alice_)); break;
      case Auth::kNone: break;
      case Auth::kUnknown: headers.push_back(Bearer("olt_" + std::string(43, 'A'))); break;
      case Auth::kBasic: headers.push_back("Authorization: Basic YWxpY2U6YWxpY2U="); break;
    }
    auto r = c.Request("POST", k.target, headers, k.body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, k.status) << r->body;
    if (k.status == 413) {  // names the capture limit, not the small one of other routes
      EXPECT_NE(r->body.find("limited to " + std::to_string(kMaxBytes) + " bytes"), std::string::npos) << r->body;
    }
    EXPECT_EQ(r->headers["content-type"], "application/problem+json");
    json::object problem = ParseObject(r->body);
    EXPECT_EQ(problem["type"], json::value(k.type)) << r->body;
    EXPECT_EQ(problem["status"], k.status);
    EXPECT_TRUE(problem["detail"].is_string()) << r->body;
    if (k.pointer) EXPECT_EQ(problem["pointer"], json::value(*k.pointer)) << r->body;
    if (k.status == 401) EXPECT_TRUE(r->headers["www-authenticate"].starts_with("Bearer"));
    EXPECT_EQ(TreeSize(), size);
    EXPECT_EQ(StoredEvents(), events);
    EXPECT_EQ(StoredJobs(), jobs);
  }
}

TEST_F(EpcisBadInputTest, AChunkedBodyOverTheLimitIs413) {
  repo::CaptureOptions co;
  co.max_bytes = 4096;
  Start(co);
  Client c(server_->port());
  std::string head = "POST /capture HTTP/1.1\r\nHost: x\r\n" + Bearer(alice_) +
                     "\r\nContent-Type: application/ld+json\r\nTransfer-Encoding: chunked\r\n\r\n";
  ASSERT_TRUE(c.Send(head));
  const std::string chunk(1000, ' ');  // JSON whitespace
  for (int i = 0; i < 6; ++i) c.Send("3e8\r\n" + chunk + "\r\n");
  c.Send("0\r\n\r\n");
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(ParseObject(r->body)["type"], "epcisException:CaptureLimitExceededException");
  EXPECT_EQ(StoredEvents(), 0);
  EXPECT_EQ(TreeSize(), 0u);
}

// A client that sends the header of a valid capture and then dribbles its
// body slower than the request timeout is cut off; nothing is stored. The
// same request sent at once is captured (the body is valid).
TEST_F(EpcisBadInputTest, SlowlorisBodyIsCutOffAndStoresNothing) {
  ServerOptions so;
  so.request_timeout = std::chrono::milliseconds(400);
  Start({}, so);
  const std::string body = Doc({Event(1)});
  const std::string head = "POST /capture HTTP/1.1\r\nHost: x\r\n" + Bearer(alice_) +
                           "\r\nContent-Type: application/ld+json\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\n\r\n";
  Client slow(server_->port());
  auto start = Clock::now();
  ASSERT_TRUE(slow.Send(head));
  bool closed = false;
  size_t sent = 0;
  while (!closed && sent < body.size() && Clock::now() - start < std::chrono::seconds(5)) {
    slow.Send(body.substr(sent++, 1));  // one byte per 100 ms
    closed = slow.ClosedWithin(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(sent, body.size());
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(3000));
  EXPECT_EQ(StoredEvents(), 0);
  EXPECT_EQ(StoredJobs(), 0);
  EXPECT_EQ(TreeSize(), 0u);

  Client fast(server_->port());
  ASSERT_TRUE(fast.Send(head + body));
  auto r = fast.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202) << r->body;
  EXPECT_EQ(StoredEvents(), 1);
}

}  // namespace
}  // namespace orelog::server
