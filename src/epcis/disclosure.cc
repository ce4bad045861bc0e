// Disclosure encoding (frozen with leaf format v1; docs/leaf-format.md §3).
#include "epcis/disclosure.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <utility>

#include <boost/json.hpp>
#include <openssl/rand.h>

#include "base/bytes.h"
#include "base/sha256.h"
#include "epcis/canonical_json.h"

namespace orelog::epcis {
namespace {

namespace json = boost::json;

// base64url text of bytes, and back (strict), as strings.
std::string Base64UrlEncode(ByteView data) { return orelog::Base64UrlEncode(data); }
Result<std::string> Base64UrlDecode(std::string_view text) {
  ORELOG_ASSIGN_OR_RETURN(Bytes b, orelog::Base64UrlDecode(text));
  return std::string(AsChars(b));
}

bool IsExtension(std::string_view name) {
  return name.find(':') != std::string_view::npos && name != "@context" &&
         name != kDigestListMember;
}

// Required members whose EPCIS type is a URI, so a placeholder URN is valid.
bool HasPlaceholder(std::string_view name) {
  return name == "bizTransaction" || name == "source" || name == "destination" ||
         name == "epcClass";
}

// Required members with no schema-valid placeholder: never withheld.
bool NeverWithheld(std::string_view name) {
  return name == "type" || name == "action" || name == "eventTime" ||
         name == "eventTimeZoneOffset" || name == "@context" || name == kDigestListMember;
}

bool HasReservedMarkers(const json::value& v) {
  if (v.is_string()) return v.get_string().starts_with(kPlaceholderPrefix);
  if (v.is_array()) return std::any_of(v.get_array().begin(), v.get_array().end(), HasReservedMarkers);
  if (v.is_object()) {
    for (const json::key_value_pair& kv : v.get_object()) {
      if (kv.key() == kDigestListMember || HasReservedMarkers(kv.value())) return true;
    }
  }
  return false;
}

class Withholder {
 public:
  // Makes the disclosure of `name: value` (fresh salt, or replayed).
  using Maker = std::function<Result<std::string>(std::string_view name, const json::value& value)>;
  explicit Withholder(Maker make) : make_(std::move(make)) {}

  std::vector<std::string> disclosures;

  Status Withhold(json::object& obj, const std::string& name) {
    if (NeverWithheld(name)) {
      return Status::Invalid(std::string("policy withholds required member \"").append(name).append("\""));
    }
    json::value* value = obj.if_contains(name);
    if (value == nullptr) return Status::Ok();
    ORELOG_ASSIGN_OR_RETURN(std::string disclosure, make_(name, *value));
    std::string digest = DisclosureDigest(disclosure);
    if (HasPlaceholder(name) && value->is_string()) {
      *value = json::string(std::string(kPlaceholderPrefix).append(digest));
    } else {
      // Listed at once: a pointer to obj kept for later would dangle, since
      // erasing from or growing an object relocates its member values.
      obj.erase(name);
      json::value& list = obj[kDigestListMember];
      if (!list.is_array()) list.emplace_array();
      list.get_array().emplace_back(digest);
    }
    disclosures.push_back(std::move(disclosure));
    return Status::Ok();
  }

  // Applies segments[i..] of a rule at `node`.
  Status Apply(json::value& node, const std::vector<std::string>& segments, size_t i) {
    const std::string& seg = segments[i];
    const bool last = i + 1 == segments.size();
    if (node.is_array()) {
      if (seg != "*") return Status::Ok();
      if (last) return Status::Invalid("a rule may not end in \"*\"");
      for (json::value& e : node.get_array()) ORELOG_RETURN_IF_ERROR(Apply(e, segments, i + 1));
      return Status::Ok();
    }
    if (!node.is_object()) return Status::Ok();
    json::object& obj = node.get_object();
    std::vector<std::string> names;
    if (seg == "{ext}") {
      for (const json::key_value_pair& kv : obj) {
        if (IsExtension(kv.key())) names.emplace_back(kv.key());
      }
    } else if (seg != "*" && obj.contains(seg)) {
      names.push_back(seg);
    }
    for (const std::string& name : names) {
      if (last) {
        ORELOG_RETURN_IF_ERROR(Withhold(obj, name));
      } else {
        ORELOG_RETURN_IF_ERROR(Apply(obj[name], segments, i + 1));
      }
    }
    return Status::Ok();
  }

  // Sorts every digest list, so that list order reveals nothing.
  static void SortLists(json::value& v) {
    if (v.is_array()) {
      for (json::value& e : v.get_array()) SortLists(e);
    } else if (v.is_object()) {
      for (json::key_value_pair& kv : v.get_object()) {
        if (kv.key() == kDigestListMember && kv.value().is_array()) {
          json::array& a = kv.value().get_array();
          std::sort(a.begin(), a.end(), [](const json::value& x, const json::value& y) {
            return x.get_string() < y.get_string();
          });
        } else {
          SortLists(kv.value());
        }
      }
    }
  }

 private:
  Maker make_;
};

Result<std::vector<std::string>> ParseRule(std::string_view rule) {
  if (rule.empty() || rule[0] != '/') {
    return Status::Invalid(std::string("rule \"").append(rule).append("\" must start with /"));
  }
  std::vector<std::string> segments;
  while (!rule.empty()) {
    rule.remove_prefix(1);
    size_t end = std::min(rule.find('/'), rule.size());
    std::string seg;
    for (size_t i = 0; i < end; ++i) {
      if (rule[i] != '~') { seg.push_back(rule[i]); continue; }
      if (i + 1 >= end || (rule[i + 1] != '0' && rule[i + 1] != '1')) {
        return Status::Invalid("bad ~ escape in rule");
      }
      seg.push_back(rule[++i] == '0' ? '~' : '/');
    }
    if (seg.empty()) return Status::Invalid("empty segment in rule");
    segments.push_back(std::move(seg));
    rule.remove_prefix(end);
  }
  return segments;
}

// Searches `v` for `digest` as a listed digest (no member `name` beside it)
// or as the placeholder of a member `name`. Scans everything: timing does
// not depend on where (or whether) the digest is found.
bool Contains(const json::value& v, const std::string& name, ByteView digest) {
  bool found = false;
  if (v.is_array()) {
    for (const json::value& e : v.get_array()) found |= Contains(e, name, digest);
  } else if (v.is_object()) {
    const json::object& obj = v.get_object();
    if (const json::value* list = obj.if_contains(kDigestListMember);
        list != nullptr && list->is_array() && !obj.contains(name)) {
      for (const json::value& d : list->get_array()) {
        if (d.is_string()) found |= ConstantTimeEqual(AsBytes(d.get_string()), digest);
      }
    }
    for (const json::key_value_pair& kv : obj) {
      if (kv.key() == name && kv.value().is_string() &&
          kv.value().get_string().starts_with(kPlaceholderPrefix)) {
        std::string_view rest = kv.value().get_string();
        rest.remove_prefix(kPlaceholderPrefix.size());
        found |= ConstantTimeEqual(AsBytes(rest), digest);
      }
      found |= Contains(kv.value(), name, digest);
    }
  }
  return found;
}

}  // namespace

Status CheckDisclosureRule(std::string_view rule) { return ParseRule(rule).status(); }

DisclosurePolicy DefaultDisclosurePolicy() {
  return {"1", {"/bizTransactionList/*/bizTransaction", "/{ext}", "/ilmd/{ext}"}, true};
}

std::string DisclosureDigest(std::string_view disclosure) {
  Sha256 sha;
  Hash h = sha.Digest(AsBytes(disclosure));
  return Base64UrlEncode(AsBytes(h));
}

Result<std::string> MakeDisclosure(std::string_view name, const json::value& value) {
  std::array<uint8_t, kSaltBytes> salt;
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return Status::Internal("CSPRNG failed");
  }
  json::array triple{json::value(Base64UrlEncode(salt)), json::value(name), value};
  ORELOG_ASSIGN_OR_RETURN(std::string text, CanonicalJson(triple));
  return Base64UrlEncode(AsBytes(text));
}

namespace {

// The policy applied with `make` making each disclosure.
Result<PublicForm> ApplyWith(const json::object& event, const DisclosurePolicy& policy, Withholder::Maker make) {
  if (HasReservedMarkers(event)) {
    return Status::Invalid("event already holds orelog:sd members or placeholder values");
  }
  json::value root = event;
  Withholder w(std::move(make));
  for (const std::string& rule : policy.rules) {
    ORELOG_ASSIGN_OR_RETURN(std::vector<std::string> segments, ParseRule(rule));
    ORELOG_RETURN_IF_ERROR(w.Apply(root, segments, 0));
  }
  if (policy.withhold_event_id && !w.disclosures.empty()) {
    ORELOG_RETURN_IF_ERROR(w.Withhold(root.get_object(), "eventID"));
  }
  Withholder::SortLists(root);
  return PublicForm{std::move(root.get_object()), std::move(w.disclosures)};
}

}  // namespace

Result<PublicForm> ApplyDisclosurePolicy(const json::object& event, const DisclosurePolicy& policy) {
  return ApplyWith(event, policy, MakeDisclosure);
}

Result<PublicForm> ReapplyDisclosurePolicy(const json::object& event, const DisclosurePolicy& policy,
                                           std::span<const std::string> disclosures) {
  // Each submitted disclosure's (name, canonical value), decoded strictly.
  std::vector<std::pair<std::string, std::string>> keys;
  keys.reserve(disclosures.size());
  for (size_t i = 0; i < disclosures.size(); ++i) {
    auto d = DecodeDisclosure(disclosures[i]);
    if (!d.ok()) return Status::Invalid("disclosure " + std::to_string(i) + ": " + d.status().message());
    ORELOG_ASSIGN_OR_RETURN(std::string value, CanonicalJson(d->value));
    keys.emplace_back(std::move(d->name), std::move(value));
  }
  std::vector<bool> used(disclosures.size(), false);
  auto replay = [&](std::string_view name, const json::value& value) -> Result<std::string> {
    ORELOG_ASSIGN_OR_RETURN(std::string canonical, CanonicalJson(value));
    for (size_t i = 0; i < keys.size(); ++i) {
      if (!used[i] && keys[i].first == name && keys[i].second == canonical) {
        used[i] = true;
        return disclosures[i];
      }
    }
    return Status::Invalid(std::string("the policy withholds member \"").append(name).append(
        "\" but no submitted disclosure has its name and value"));
  };
  ORELOG_ASSIGN_OR_RETURN(PublicForm form, ApplyWith(event, policy, replay));
  for (size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) {
      return Status::Invalid("disclosure " + std::to_string(i) + " (member \"" + keys[i].first +
                             "\") is of no member the policy withholds");
    }
  }
  return form;
}

Result<Disclosed> DecodeDisclosure(std::string_view disclosure) {
  ORELOG_ASSIGN_OR_RETURN(std::string text, Base64UrlDecode(disclosure));
  ORELOG_ASSIGN_OR_RETURN(json::value v, ParseJson(text));
  if (!v.is_array() || v.get_array().size() != 3 || !v.get_array()[0].is_string() ||
      !v.get_array()[1].is_string()) {
    return Status::Invalid("disclosure is not [salt, name, value]");
  }
  ORELOG_ASSIGN_OR_RETURN(std::string canonical, CanonicalJson(v));
  if (canonical != text) return Status::Invalid("disclosure is not canonical JSON");
  json::array& a = v.get_array();
  std::string salt(a[0].get_string());
  auto salt_bytes = Base64UrlDecode(salt);
  if (!salt_bytes.ok() || salt_bytes->size() < kSaltBytes) {
    return Status::Invalid("disclosure salt must be at least 128 bits of base64url");
  }
  return Disclosed{std::move(salt), std::string(a[1].get_string()), std::move(a[2])};
}

Status VerifyDisclosure(const json::object& public_form, std::string_view disclosure) {
  ORELOG_ASSIGN_OR_RETURN(Disclosed d, DecodeDisclosure(disclosure));
  std::string digest = DisclosureDigest(disclosure);
  if (!Contains(json::value(public_form), d.name, AsBytes(digest))) {
    return Status::Unverified("disclosure digest not found in the public form");
  }
  return Status::Ok();
}

}  // namespace orelog::epcis
