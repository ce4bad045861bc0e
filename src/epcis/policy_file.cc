#include "epcis/policy_file.h"

#include <algorithm>
#include <array>

#include <boost/json.hpp>

#include "epcis/canonical_json.h"
#include "epcis/strict_json.h"

namespace orelog::epcis {
namespace json = boost::json;
namespace {

bool IsVersion(std::string_view v) {
  if (v.empty() || v.size() > 18 || v[0] == '0') return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A top-level member the EPCIS schema requires and that has no valid
// placeholder, or that the repository itself sets: never withheld.
bool NeverWithheld(std::string_view rule) {
  static constexpr std::array<std::string_view, 6> kFixed = {"/type",      "/action",   "/eventTime",
                                                             "/eventTimeZoneOffset", "/@context", "/recordTime"};
  return std::find(kFixed.begin(), kFixed.end(), rule) != kFixed.end();
}

}  // namespace

Result<DisclosurePolicy> ParsePolicyDocument(std::string_view text) {
  JsonError where;
  auto parsed = ParseStrictJson(text, &where);
  if (!parsed.ok()) return Status::Invalid("policy: " + parsed.status().message() + " at " + where.pointer);
  if (!parsed->is_object()) return Status::Invalid("policy: must be a JSON object");
  const json::object& o = parsed->get_object();
  for (const auto& kv : o) {
    if (kv.key() != "version" && kv.key() != "withhold" && kv.key() != "withholdEventId") {
      return Status::Invalid("policy: unknown member \"" + std::string(kv.key()) + "\"");
    }
  }
  DisclosurePolicy p;
  const json::value* version = o.if_contains("version");
  if (version == nullptr || !version->is_string() || !IsVersion(version->get_string())) {
    return Status::Invalid("policy: \"version\" must be a decimal string from 1 (at most 18 digits, no leading zero)");
  }
  p.version = std::string(version->get_string());
  const json::value* withhold = o.if_contains("withhold");
  if (withhold == nullptr || !withhold->is_array()) return Status::Invalid("policy: \"withhold\" must be an array of rules");
  for (const json::value& r : withhold->get_array()) {
    if (!r.is_string()) return Status::Invalid("policy: every rule must be a string");
    const std::string rule(r.get_string());
    if (Status st = CheckDisclosureRule(rule); !st.ok()) return Status::Invalid("policy: " + st.message());
    if (NeverWithheld(rule)) return Status::Invalid("policy: " + rule + " can never be withheld");
    if (std::find(p.rules.begin(), p.rules.end(), rule) != p.rules.end()) {
      return Status::Invalid("policy: rule " + rule + " is repeated");
    }
    p.rules.push_back(rule);
  }
  const json::value* event_id = o.if_contains("withholdEventId");
  if (event_id != nullptr && !event_id->is_bool()) return Status::Invalid("policy: \"withholdEventId\" must be true or false");
  p.withhold_event_id = event_id == nullptr || event_id->get_bool();
  return p;
}

std::string PolicyDocument(const DisclosurePolicy& policy) {
  json::array rules;
  for (const std::string& r : policy.rules) rules.emplace_back(r);
  json::object o{{"version", policy.version}, {"withhold", std::move(rules)}, {"withholdEventId", policy.withhold_event_id}};
  auto text = CanonicalJson(o);
  return text.ok() ? *text : json::serialize(o);
}

}  // namespace orelog::epcis
