// Issuing side of passports (docs/passport-format.md, version 2): the
// claims, their signing body and the document text.
#include "passport/passport.h"

#include <boost/json.hpp>

#include "epcis/canonical_json.h"

namespace orelog::passport {
namespace json = boost::json;
namespace {

json::object FlagJson(const custody::Flag& f) {
  json::array evidence, lots;
  for (const std::string& e : f.evidence) evidence.emplace_back(e);
  for (const std::string& l : f.lots) lots.emplace_back(l);
  return json::object{{"id", f.id},           {"kind", f.kind},         {"severity", f.severity},
                      {"subjectType", f.subject_type}, {"subject", f.subject}, {"message", f.message},
                      {"state", f.resolved ? "resolved" : "open"}, {"evidence", std::move(evidence)},
                      {"lots", std::move(lots)}};
}

void AppendMember(std::string& out, std::string_view name, const json::value& v) {
  out += json::serialize(json::string_view(name));
  out.push_back(':');
  out += json::serialize(v);
}

}  // namespace

json::object Claims(const Contents& c) {
  json::object o;
  o["type"] = kType;
  o["version"] = kVersion;
  o["lot"] = c.lot;
  o["issuedAt"] = c.issued_at;
  o["access"] = c.full_access ? "full" : "public";
  o["checkpoint"] = c.checkpoint;
  json::array leaves;
  leaves.reserve(c.leaves.size());
  for (const Leaf& l : c.leaves) leaves.push_back(json::object{{"index", l.index}});
  o["leaves"] = std::move(leaves);
  json::array sites;
  for (const custody::SiteFacts& s : c.sites) sites.push_back(json::parse(custody::SiteToJson(s)));
  o["sites"] = std::move(sites);
  o["figures"] = c.figures;
  json::array flags;
  for (const custody::Flag& f : c.flags) flags.push_back(FlagJson(f));
  o["flags"] = std::move(flags);
  return o;
}

Result<json::object> ClaimsOfDocument(const json::object& doc) {
  json::object claims;
  for (const json::key_value_pair& kv : doc) {
    if (kv.key() == "signature" || kv.key() == "proof") continue;
    if (kv.key() != "leaves" || !kv.value().is_array()) {
      claims.emplace(kv.key(), kv.value());
      continue;
    }
    json::array indices;
    indices.reserve(kv.value().get_array().size());
    for (const json::value& l : kv.value().get_array()) {
      const json::value* idx = l.is_object() ? l.get_object().if_contains("index") : nullptr;
      if (idx == nullptr) return Status::Invalid("passport: a leaf without an index");
      indices.push_back(json::object{{"index", *idx}});
    }
    claims.emplace("leaves", std::move(indices));
  }
  return claims;
}

json::object Signed(json::object doc, const std::string& vkey, ByteView signature) {
  doc["signature"] = json::object{{"key", vkey}, {"sig", Base64Encode(signature)}};
  return doc;
}

Result<std::string> SigningBody(const json::object& claims) { return epcis::CanonicalJson(json::value(claims)); }

std::string Document(const Contents& c, const json::object& claims, const std::string& vkey, ByteView signature) {
  std::string out;
  size_t reserve = 4096 + c.proof.size() * 48;
  for (const Leaf& l : c.leaves) reserve += 48 + l.entry.size() * 4 / 3;
  out.reserve(reserve);
  out.push_back('{');
  bool first = true;
  for (const json::key_value_pair& kv : claims) {
    if (!first) out.push_back(',');
    first = false;
    if (kv.key() != "leaves") {
      AppendMember(out, kv.key(), kv.value());
      continue;
    }
    // The leaves in full: index, entry, disclosures.
    out += "\"leaves\":[";
    for (size_t i = 0; i < c.leaves.size(); ++i) {
      const Leaf& l = c.leaves[i];
      if (i > 0) out.push_back(',');
      out += "{\"index\":";
      out += std::to_string(l.index);
      out += ",\"entry\":\"";
      Base64EncodeTo(l.entry, out);
      out.push_back('"');
      if (c.full_access) {
        out += ",\"disclosures\":[";
        for (size_t d = 0; d < l.disclosures.size(); ++d) {
          if (d > 0) out.push_back(',');
          out += json::serialize(json::string_view(l.disclosures[d]));
        }
        out.push_back(']');
      }
      out.push_back('}');
    }
    out += "],\"proof\":[";
    for (size_t i = 0; i < c.proof.size(); ++i) {
      if (i > 0) out.push_back(',');
      out.push_back('"');
      Base64EncodeTo(c.proof[i], out);
      out.push_back('"');
    }
    out.push_back(']');
  }
  out.push_back(',');
  AppendMember(out, "signature", json::object{{"key", vkey}, {"sig", Base64Encode(signature)}});
  out.push_back('}');
  return out;
}

}  // namespace orelog::passport
