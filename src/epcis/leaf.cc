// Leaf format v1. Grammar and rationale: docs/leaf-format.md. The member
// names and their shapes below are written to the log and must not change.
#include "epcis/leaf.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include <boost/json.hpp>

#include "epcis/canonical_json.h"

namespace orelog::epcis {
namespace {

namespace json = boost::json;

constexpr size_t kMaxIdBytes = 256;

// RFC 6901 reference token escaping.
std::string EscapeToken(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out.push_back(c);
  }
  return out;
}

// Replaces every number under `v` by its canonical string, recording its
// pointer.
Status StringifyNumbers(json::value& v, const std::string& pointer,
                        std::vector<std::string>& pointers) {
  if (v.is_number()) {
    ORELOG_ASSIGN_OR_RETURN(std::string s, CanonicalNumber(v));
    v = json::string(s);
    pointers.push_back(pointer);
  } else if (v.is_array()) {
    json::array& a = v.get_array();
    for (size_t i = 0; i < a.size(); ++i) {
      ORELOG_RETURN_IF_ERROR(StringifyNumbers(a[i], pointer + "/" + std::to_string(i), pointers));
    }
  } else if (v.is_object()) {
    for (json::key_value_pair& kv : v.get_object()) {
      ORELOG_RETURN_IF_ERROR(
          StringifyNumbers(kv.value(), pointer + "/" + EscapeToken(kv.key()), pointers));
    }
  }
  return Status::Ok();
}

bool HasNumber(const json::value& v) {
  if (v.is_number()) return true;
  if (v.is_array()) {
    return std::any_of(v.get_array().begin(), v.get_array().end(), HasNumber);
  }
  if (v.is_object()) {
    for (const json::key_value_pair& kv : v.get_object()) {
      if (HasNumber(kv.value())) return true;
    }
  }
  return false;
}

// The value `pointer` designates inside `root`, or nullptr.
json::value* Resolve(json::value& root, std::string_view pointer) {
  json::value* cur = &root;
  while (!pointer.empty()) {
    if (pointer[0] != '/') return nullptr;
    pointer.remove_prefix(1);
    size_t end = std::min(pointer.find('/'), pointer.size());
    std::string_view raw = pointer.substr(0, end);
    pointer.remove_prefix(end);
    std::string token;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '~') { token.push_back(raw[i]); continue; }
      if (i + 1 == raw.size() || (raw[i + 1] != '0' && raw[i + 1] != '1')) return nullptr;
      token.push_back(raw[++i] == '0' ? '~' : '/');
    }
    if (cur->is_object()) {
      cur = cur->get_object().if_contains(token);
      if (cur == nullptr) return nullptr;
    } else if (cur->is_array()) {
      size_t index = 0;
      auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (token.empty() || ec != std::errc() || p != token.data() + token.size() ||
          (token.size() > 1 && token[0] == '0') || index >= cur->get_array().size()) {
        return nullptr;
      }
      cur = &cur->get_array()[index];
    } else {
      return nullptr;
    }
  }
  return cur;
}

// A canonical number string back to a JSON number, exactly. Integers within
// ±2^53 become int64; anything else (fractions, exponents, and integer-valued
// doubles beyond 2^53 such as "17962300000000000") becomes a double.
Result<json::value> ParseCanonicalNumber(std::string_view s) {
  json::value v;
  const char* end = s.data() + s.size();
  int64_t i = 0;
  auto [ip, iec] = std::from_chars(s.data(), end, i);
  if (iec == std::errc() && ip == end && i >= -(int64_t{1} << 53) && i <= (int64_t{1} << 53)) {
    v = i;
  } else {
    double d = 0;
    auto [p, ec] = std::from_chars(s.data(), end, d);
    if (ec != std::errc() || p != end) {
      return Status::Invalid(std::string("bad number \"").append(s).append("\""));
    }
    v = d;
  }
  auto canonical = CanonicalNumber(v);
  if (!canonical.ok() || *canonical != s) {
    return Status::Invalid(std::string("number \"").append(s).append("\" is not in canonical form"));
  }
  return v;
}

bool IsDecimal(std::string_view s) {
  if (s.empty() || s.size() > 18) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsEntryType(std::string_view s) {
  if (s.empty() || s.size() > 32 || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool IsId(std::string_view s) { return !s.empty() && s.size() <= kMaxIdBytes; }

bool IsBase64Url(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
  });
}

// YYYY-MM-DDTHH:MM:SS.sssZ with plausible field ranges.
bool IsReceiveTime(std::string_view s) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (s.size() != kShape.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (kShape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != kShape[i]) return false;
  }
  auto num = [&](size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); };
  return num(5) >= 1 && num(5) <= 12 && num(8) >= 1 && num(8) <= 31 && num(11) <= 23 &&
         num(14) <= 59 && num(17) <= 59;
}

Status CheckEnvelope(const Envelope& e) {
  if (!IsEntryType(e.type)) return Status::Invalid("bad entry type");
  if (e.type != kEntryTypeEvent && e.type != kEntryTypeParticipant && e.type != kEntryTypeKey &&
      e.type != kEntryTypeAgreementRelease) {
    return Status::Invalid(std::string("unknown entry type \"").append(e.type).append("\""));
  }
  if (!IsDecimal(e.policy_version)) return Status::Invalid("policyVersion must be a decimal string");
  if (!IsId(e.public_id)) return Status::Invalid("publicId must be 1 to 256 bytes");
  if (!IsId(e.submitter)) return Status::Invalid("submitter must be 1 to 256 bytes");
  if (!IsReceiveTime(e.received_at)) {
    return Status::Invalid("receivedAt must be YYYY-MM-DDTHH:MM:SS.sssZ");
  }
  if (e.batch_signature) {
    const BatchSignature& b = *e.batch_signature;
    if (!IsId(b.organisation) || !IsId(b.key_id)) {
      return Status::Invalid("batchSignature: organisation and keyId must be 1 to 256 bytes");
    }
    if (!IsBase64Url(b.nonce) || b.nonce.size() < 22 || !IsBase64Url(b.signature) ||
        !IsDecimal(b.index) || !IsDecimal(b.size) ||
        !std::all_of(b.path.begin(), b.path.end(), IsBase64Url)) {
      return Status::Invalid("batchSignature: malformed member");
    }
  }
  return Status::Ok();
}

Result<std::string> GetString(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr) return Status::Invalid(std::string("missing member \"").append(name).append("\""));
  if (!v->is_string()) return Status::Invalid(std::string("member \"").append(name).append("\" must be a string"));
  return std::string(v->get_string());
}

Result<std::vector<std::string>> GetStrings(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || !v->is_array()) {
    return Status::Invalid(std::string("member \"").append(name).append("\" must be an array"));
  }
  std::vector<std::string> out;
  for (const json::value& e : v->get_array()) {
    if (!e.is_string()) return Status::Invalid(std::string("\"").append(name).append("\" holds a non-string"));
    out.emplace_back(e.get_string());
  }
  return out;
}

Status OnlyMembers(const json::object& o, std::initializer_list<std::string_view> allowed) {
  for (const json::key_value_pair& kv : o) {
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end()) {
      return Status::Invalid(std::string("unknown member \"").append(kv.key()).append("\""));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> EncodeLeaf(const Envelope& e) {
  ORELOG_RETURN_IF_ERROR(CheckEnvelope(e));
  json::value payload = e.payload;
  std::vector<std::string> pointers;
  ORELOG_RETURN_IF_ERROR(StringifyNumbers(payload, "", pointers));
  std::sort(pointers.begin(), pointers.end());
  json::object o;
  o["version"] = kLeafVersion;
  o["type"] = e.type;
  o["policyVersion"] = e.policy_version;
  o["publicId"] = e.public_id;
  o["payload"] = std::move(payload);
  json::array& nums = o["payloadNumbers"].emplace_array();
  for (const std::string& p : pointers) nums.emplace_back(p);
  o["submitter"] = e.submitter;
  o["receivedAt"] = e.received_at;
  if (e.batch_signature) {
    const BatchSignature& b = *e.batch_signature;
    json::object& s = o["batchSignature"].emplace_object();
    s["organisation"] = b.organisation;
    s["keyId"] = b.key_id;
    s["nonce"] = b.nonce;
    s["index"] = b.index;
    s["size"] = b.size;
    json::array& path = s["path"].emplace_array();
    for (const std::string& h : b.path) path.emplace_back(h);
    s["signature"] = b.signature;
  }
  ORELOG_ASSIGN_OR_RETURN(std::string bytes, CanonicalJson(o));
  if (bytes.size() > kMaxLeafBytes) return Status::Invalid("leaf exceeds 65535 bytes");
  return bytes;
}

Result<Envelope> DecodeLeaf(std::string_view bytes, json::storage_ptr sp) {
  if (bytes.size() > kMaxLeafBytes) return Status::Invalid("leaf exceeds 65535 bytes");
  ORELOG_ASSIGN_OR_RETURN(json::value v, ParseJson(bytes, sp));
  if (!v.is_object()) return Status::Invalid("leaf is not a JSON object");
  if (HasNumber(v)) return Status::Invalid("leaf contains a JSON number token");
  ORELOG_ASSIGN_OR_RETURN(std::string canonical, CanonicalJson(v));
  if (canonical != bytes) return Status::Invalid("leaf is not in RFC 8785 canonical form");

  json::object& o = v.get_object();
  ORELOG_ASSIGN_OR_RETURN(std::string version, GetString(o, "version"));
  if (version != kLeafVersion) return Status::Invalid(std::string("unsupported leaf version \"").append(version).append("\""));
  ORELOG_RETURN_IF_ERROR(OnlyMembers(o, {"version", "type", "policyVersion", "publicId", "payload",
                                         "payloadNumbers", "submitter", "receivedAt",
                                         "batchSignature"}));
  // The payload member lives in `sp` from the start, so that the parsed
  // payload (also in `sp`) is moved into it below, not copied.
  Envelope e{.type = {},
             .policy_version = {},
             .public_id = {},
             .payload = json::object(sp),
             .submitter = {},
             .received_at = {},
             .batch_signature = std::nullopt};
  ORELOG_ASSIGN_OR_RETURN(e.type, GetString(o, "type"));
  ORELOG_ASSIGN_OR_RETURN(e.policy_version, GetString(o, "policyVersion"));
  ORELOG_ASSIGN_OR_RETURN(e.public_id, GetString(o, "publicId"));
  ORELOG_ASSIGN_OR_RETURN(e.submitter, GetString(o, "submitter"));
  ORELOG_ASSIGN_OR_RETURN(e.received_at, GetString(o, "receivedAt"));
  if (const json::value* b = o.if_contains("batchSignature")) {
    if (!b->is_object()) return Status::Invalid("batchSignature must be an object");
    const json::object& bo = b->get_object();
    ORELOG_RETURN_IF_ERROR(OnlyMembers(
        bo, {"organisation", "keyId", "nonce", "index", "size", "path", "signature"}));
    BatchSignature s;
    ORELOG_ASSIGN_OR_RETURN(s.organisation, GetString(bo, "organisation"));
    ORELOG_ASSIGN_OR_RETURN(s.key_id, GetString(bo, "keyId"));
    ORELOG_ASSIGN_OR_RETURN(s.nonce, GetString(bo, "nonce"));
    ORELOG_ASSIGN_OR_RETURN(s.index, GetString(bo, "index"));
    ORELOG_ASSIGN_OR_RETURN(s.size, GetString(bo, "size"));
    ORELOG_ASSIGN_OR_RETURN(s.path, GetStrings(bo, "path"));
    ORELOG_ASSIGN_OR_RETURN(s.signature, GetString(bo, "signature"));
    e.batch_signature = std::move(s);
  }
  ORELOG_RETURN_IF_ERROR(CheckEnvelope(e));

  json::value* payload = o.if_contains("payload");
  if (payload == nullptr || !payload->is_object()) {
    return Status::Invalid("member \"payload\" must be an object");
  }
  ORELOG_ASSIGN_OR_RETURN(std::vector<std::string> pointers, GetStrings(o, "payloadNumbers"));
  for (size_t i = 0; i < pointers.size(); ++i) {
    if (i > 0 && !(pointers[i - 1] < pointers[i])) {
      return Status::Invalid("payloadNumbers must be strictly ascending");
    }
    json::value* target = Resolve(*payload, pointers[i]);
    if (pointers[i].empty() || target == nullptr || !target->is_string()) {
      return Status::Invalid(std::string("payloadNumbers: \"").append(pointers[i]).append("\" does not name a string"));
    }
    ORELOG_ASSIGN_OR_RETURN(*target, ParseCanonicalNumber(target->get_string()));
  }
  e.payload = std::move(payload->get_object());
  return e;
}

}  // namespace orelog::epcis
