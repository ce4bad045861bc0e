// capture / query: thin clients of a running orelog server (docs/cli.md).
#include <fmt/format.h>

#include <boost/json.hpp>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/http_client.h"
#include "epcis/policy_file.h"
#include "query/query_string.h"
#include "registry/entries.h"
#include "repo/signed_capture.h"
#include "tlog/note.h"

namespace orelog::cli {
namespace json = boost::json;
namespace {

// Prints a problem answer to stderr and maps it to an exit code.
int FailAnswer(const std::string& cmd, const HttpAnswer& a) {
  std::fprintf(stderr, "orelog %s: HTTP %d\n%s\n", cmd.c_str(), a.status, a.body.c_str());
  return a.status >= 500 ? kExitError : kExitUsage;
}

std::vector<std::pair<std::string, std::string>> AuthHeaders(const std::string& token) {
  std::vector<std::pair<std::string, std::string>> h;
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  return h;
}

// The log origin: the first line of the server's current checkpoint.
Result<std::string> LogOrigin(const std::string& url) {
  ORELOG_ASSIGN_OR_RETURN(HttpAnswer a, HttpRequest("GET", url, "/checkpoint", {}, ""));
  if (a.status != 200) return Status::Unavailable("GET /checkpoint answered HTTP " + std::to_string(a.status));
  const size_t nl = a.body.find('\n');
  if (nl == std::string::npos || nl == 0) return Status::Invalid("the server's checkpoint has no origin line");
  return a.body.substr(0, nl);
}

// The disclosure policy the server applies (GET /policy): the public forms
// are built under it, or the server's would differ from the ones signed.
Result<epcis::DisclosurePolicy> PublishedPolicy(const std::string& url) {
  ORELOG_ASSIGN_OR_RETURN(HttpAnswer a, HttpRequest("GET", url, "/policy", {}, ""));
  if (a.status != 200) return Status::Unavailable("GET /policy answered HTTP " + std::to_string(a.status));
  return epcis::ParsePolicyDocument(a.body);
}

// The signed-capture body for `document` (docs/participants.md §4).
Result<std::string> SignedBody(const std::string& url, const json::value& document, const std::string& key_file,
                               const std::string& participant) {
  ORELOG_ASSIGN_OR_RETURN(std::string skey, ReadFile(key_file, 4096));
  while (!skey.empty() && (skey.back() == '\n' || skey.back() == '\r' || skey.back() == ' ')) skey.pop_back();
  ORELOG_ASSIGN_OR_RETURN(tlog::SignerKey key, tlog::SignerKey::Parse(skey));
  const std::string organisation = participant.empty() ? key.name() : participant;
  ORELOG_ASSIGN_OR_RETURN(std::string origin, LogOrigin(url));
  ORELOG_ASSIGN_OR_RETURN(epcis::DisclosurePolicy policy, PublishedPolicy(url));
  auto sign = [&key](ByteView message) { return key.Sign(message); };
  return repo::MakeSignedCapture(document, policy, sign, organisation,
                                 registry::KeyIdOf(key.public_key()), origin);
}

}  // namespace

int CaptureClient(const std::string& url, const std::string& token, const std::string& file, bool proceed, bool json,
                  const std::string& sign_key, const std::string& participant) {
  const std::string cmd = "capture";
  auto body = ReadFile(file, 64u * 1024 * 1024);
  if (!body.ok()) return Fail(cmd, body.status());
  // A document goes to /capture, a single event to /events.
  boost::system::error_code ec;
  json::value v = json::parse(*body, ec);
  bool document = false;
  if (!ec && v.is_object()) {
    const json::value* t = v.get_object().if_contains("type");
    document = t && t->is_string() && (t->get_string() == "EPCISDocument" || t->get_string() == "EPCISQueryDocument");
  }
  auto headers = AuthHeaders(token);
  if (!sign_key.empty()) {
    if (proceed) return Fail(cmd, Status::Invalid("a signed capture is all or nothing: --proceed does not apply"));
    if (!document) return Fail(cmd, Status::Invalid("--sign-key signs an EPCISDocument"));
    auto signed_body = SignedBody(url, v, sign_key, participant);
    if (!signed_body.ok()) return Fail(cmd, signed_body.status());
    *body = std::move(*signed_body);
    headers.emplace_back("Content-Type", repo::kSignedCaptureMediaType);
  } else {
    headers.emplace_back("Content-Type", "application/ld+json");
  }
  if (proceed) headers.emplace_back("GS1-Capture-Error-Behaviour", "proceed");
  auto answer = HttpRequest("POST", url, document ? "/capture" : "/events", headers, *body);
  if (!answer.ok()) return Fail(cmd, answer.status());
  if (answer->status != 202 && answer->status != 201) return FailAnswer(cmd, *answer);
  if (json) {
    fmt::print("{}\n", answer->body);
  } else if (document) {
    json::value job = json::parse(answer->body, ec);
    const json::object* o = !ec && job.is_object() ? &job.get_object() : nullptr;
    fmt::print("capture job {}: {} captured, {} duplicates, {} errors ({})\n", answer->Header("Location"),
               o ? json::serialize(o->at("captured")) : "?", o ? json::serialize(o->at("duplicates")) : "?",
               o ? std::to_string(o->at("errors").as_array().size()) : "?",
               o && o->at("success").as_bool() ? "success" : "failure");
  } else {
    fmt::print("{} {}\n", answer->Header("Location"), answer->body);
  }
  if (document) {
    json::value job = json::parse(answer->body, ec);
    if (ec || !job.is_object() || !job.get_object().at("success").as_bool()) return kExitUsage;
  }
  return kExitOk;
}

int QueryClient(const std::string& url, const std::string& token, const std::vector<std::string>& params, bool all) {
  const std::string cmd = "query";
  std::string qs;
  for (const std::string& p : params) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) return Fail(cmd, Status::Invalid("parameters are NAME=VALUE, got '" + p + "'"));
    if (!qs.empty()) qs += "&";
    qs += p.substr(0, eq) + "=" + query::PercentEncodeQueryValue(p.substr(eq + 1));
  }
  std::string target = qs.empty() ? "/events" : "/events?" + qs;
  json::value merged;
  while (true) {
    auto answer = HttpRequest("GET", url, target, AuthHeaders(token), "");
    if (!answer.ok()) return Fail(cmd, answer.status());
    if (answer->status != 200) return FailAnswer(cmd, *answer);
    if (!all) {
      fmt::print("{}\n", answer->body);
      return kExitOk;
    }
    boost::system::error_code ec;
    json::value page = json::parse(answer->body, ec);
    if (ec) return Fail(cmd, Status::Invalid("the server's answer is not JSON"));
    if (merged.is_null()) {
      merged = std::move(page);
    } else {
      auto& into = merged.at_pointer("/epcisBody/queryResults/resultsBody/eventList").as_array();
      for (auto& e : page.at_pointer("/epcisBody/queryResults/resultsBody/eventList").as_array()) into.push_back(e);
    }
    // Link: </events?...>; rel="next"
    std::string link = answer->Header("Link");
    size_t lt = link.find('<'), gt = link.find('>');
    if (link.find("rel=\"next\"") == std::string::npos || lt == std::string::npos || gt == std::string::npos) break;
    target = link.substr(lt + 1, gt - lt - 1);
  }
  fmt::print("{}\n", json::serialize(merged));
  return kExitOk;
}

}  // namespace orelog::cli
