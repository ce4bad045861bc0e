#include "passport/passport.h"

#include <set>

#include <boost/json.hpp>

#include "base/ed25519.h"
#include "custody/book.h"
#include "custody/extract.h"
#include "custody/history.h"
#include "epcis/canonical_json.h"
#include "epcis/disclosure.h"
#include "epcis/leaf.h"
#include "merkle/hasher.h"
#include "merkle/verify.h"
#include "tlog/checkpoint.h"

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

Status Fail(std::string what) { return Status::Unverified("passport: " + std::move(what)); }

Result<const json::value*> Member(const json::object& o, std::string_view key, json::kind kind) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->kind() != kind) return Status::Invalid("passport: member " + std::string(key) + " missing or of the wrong type");
  return v;
}

Result<std::string> Str(const json::object& o, std::string_view key) {
  ORELOG_ASSIGN_OR_RETURN(const json::value* v, Member(o, key, json::kind::string));
  return std::string(v->get_string());
}

}  // namespace

json::object UnsignedDocument(const Contents& c) {
  json::object o;
  o["type"] = kType;
  o["version"] = kVersion;
  o["lot"] = c.lot;
  o["issuedAt"] = c.issued_at;
  o["access"] = c.full_access ? "full" : "public";
  o["checkpoint"] = c.checkpoint;
  json::array leaves;
  for (const Leaf& l : c.leaves) {
    json::array proof, disclosures;
    for (const Hash& h : l.proof) proof.emplace_back(Base64Encode(h));
    for (const std::string& d : l.disclosures) disclosures.emplace_back(d);
    json::object leaf{{"index", l.index}, {"entry", Base64Encode(l.entry)}, {"proof", std::move(proof)}};
    if (c.full_access) leaf["disclosures"] = std::move(disclosures);
    leaves.push_back(std::move(leaf));
  }
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

Result<std::string> SigningBody(const json::object& unsigned_document) {
  return epcis::CanonicalJson(json::value(unsigned_document));
}

json::object Signed(json::object doc, const std::string& vkey, ByteView signature) {
  doc["signature"] = json::object{{"key", vkey}, {"sig", Base64Encode(signature)}};
  return doc;
}

Result<Verified> Verify(std::string_view text, const tlog::VerifierKey& vkey) {
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return Status::Invalid("passport: not a JSON object");
  json::object doc = std::move(parsed.get_object());
  ORELOG_ASSIGN_OR_RETURN(std::string type, Str(doc, "type"));
  const json::value* version = doc.if_contains("version");
  if (type != kType || version == nullptr || !version->is_int64() || version->get_int64() != kVersion) {
    return Status::Invalid("passport: not an orelog passport of version 1");
  }
  // 1. The signature over everything else.
  ORELOG_ASSIGN_OR_RETURN(const json::value* sig_member, Member(doc, "signature", json::kind::object));
  ORELOG_ASSIGN_OR_RETURN(std::string sig_text, Str(sig_member->get_object(), "sig"));
  ORELOG_ASSIGN_OR_RETURN(Bytes sig, Base64Decode(sig_text));
  if (sig.size() != 64 || vkey.type != tlog::kAlgEd25519) return Fail("bad signature or verifier key type");
  json::object unsigned_doc = doc;
  unsigned_doc.erase("signature");
  ORELOG_ASSIGN_OR_RETURN(std::string body, SigningBody(unsigned_doc));
  std::string message = std::string(kSignatureDomain) + "\n" + body;
  ed25519::Signature s;
  std::copy(sig.begin(), sig.end(), s.begin());
  if (!ed25519::Verify(vkey.key, AsBytes(message), s)) return Fail("the signature does not verify with " + vkey.name);

  // 2. The checkpoint, signed by the log's key.
  ORELOG_ASSIGN_OR_RETURN(std::string note, Str(doc, "checkpoint"));
  auto opened = tlog::OpenNote(note, std::span<const tlog::VerifierKey>(&vkey, 1));
  if (!opened.ok()) return Fail("checkpoint: " + opened.status().message());
  ORELOG_ASSIGN_OR_RETURN(tlog::Checkpoint cp, tlog::ParseCheckpoint(opened->text));
  if (cp.origin != vkey.name) return Fail("the checkpoint is of log " + cp.origin + ", not " + vkey.name);

  // 3. Leaves, proofs, disclosures; 4. facts.
  ORELOG_ASSIGN_OR_RETURN(std::string lot, Str(doc, "lot"));
  ORELOG_ASSIGN_OR_RETURN(std::string access, Str(doc, "access"));
  ORELOG_ASSIGN_OR_RETURN(const json::value* leaves, Member(doc, "leaves", json::kind::array));
  if (leaves->get_array().size() > kMaxLeaves) return Status::Invalid("passport: too many leaves");
  Verified out;
  out.lot = lot;
  out.tree_size = cp.size;
  out.full_access = access == "full";
  merkle::Hasher hasher;
  custody::Book book;
  std::vector<custody::EventFacts> facts;
  std::set<std::string> leaf_ids;
  uint64_t last_index = 0;
  for (const json::value& lv : leaves->get_array()) {
    if (!lv.is_object()) return Status::Invalid("passport: a leaf is not an object");
    const json::object& l = lv.get_object();
    const json::value* idx = l.if_contains("index");
    if (idx == nullptr || !idx->is_number()) return Status::Invalid("passport: a leaf without an index");
    const uint64_t index = idx->to_number<uint64_t>();
    if (out.leaves > 0 && index <= last_index) return Status::Invalid("passport: leaves not in ascending index order");
    last_index = index;
    ORELOG_ASSIGN_OR_RETURN(std::string entry_b64, Str(l, "entry"));
    ORELOG_ASSIGN_OR_RETURN(Bytes entry, Base64Decode(entry_b64));
    ORELOG_ASSIGN_OR_RETURN(const json::value* proof_v, Member(l, "proof", json::kind::array));
    std::vector<Hash> proof;
    for (const json::value& h : proof_v->get_array()) {
      if (!h.is_string()) return Status::Invalid("passport: a proof hash is not a string");
      ORELOG_ASSIGN_OR_RETURN(Bytes hb, Base64Decode(h.get_string()));
      if (hb.size() != Hash().size()) return Status::Invalid("passport: a proof hash is not 32 bytes");
      Hash hash;
      std::copy(hb.begin(), hb.end(), hash.begin());
      proof.push_back(hash);
    }
    if (index >= cp.size) return Fail("leaf " + std::to_string(index) + " is beyond the checkpoint");
    Status included = merkle::VerifyInclusion(hasher, index, cp.size, hasher.HashLeaf(entry), proof, cp.root);
    if (!included.ok()) return Fail("leaf " + std::to_string(index) + ": " + included.message());
    auto envelope = epcis::DecodeLeaf(AsChars(entry));
    if (!envelope.ok()) return Fail("leaf " + std::to_string(index) + ": " + envelope.status().message());
    if (const json::value* ds = l.if_contains("disclosures")) {
      if (!ds->is_array()) return Status::Invalid("passport: disclosures must be an array");
      for (const json::value& d : ds->get_array()) {
        if (!d.is_string()) return Status::Invalid("passport: a disclosure is not a string");
        Status ok = epcis::VerifyDisclosure(envelope->payload, d.get_string());
        if (!ok.ok()) return Fail("leaf " + std::to_string(index) + " disclosure: " + ok.message());
        ++out.disclosures;
      }
    }
    leaf_ids.insert(envelope->public_id);
    if (const json::value* id = envelope->payload.if_contains("eventID"); id && id->is_string()) {
      leaf_ids.insert(std::string(id->get_string()));
    }
    custody::EventFacts f =
        custody::ExtractFacts(envelope->payload, epcis::StandardNamespaces(), index, envelope->public_id);
    if (!f.empty()) facts.push_back(std::move(f));
    ++out.leaves;
  }
  ORELOG_ASSIGN_OR_RETURN(const json::value* sites, Member(doc, "sites", json::kind::array));
  for (const json::value& site_json : sites->get_array()) {
    ORELOG_ASSIGN_OR_RETURN(custody::SiteFacts site, custody::SiteFromJson(json::serialize(site_json)));
    book.AddSite(site, false);
  }
  for (const custody::EventFacts& f : facts) book.Record(f);
  book.Recompute();
  auto figures = custody::PassportFigures(book, lot);
  if (!figures.ok()) return Fail("figures: " + figures.status().message());
  ORELOG_ASSIGN_OR_RETURN(const json::value* claimed, Member(doc, "figures", json::kind::object));
  if (json::value(*figures) != *claimed) {
    return Fail("the figures do not follow from the embedded leaves (recomputed: " + json::serialize(*figures) + ")");
  }
  // 5. Flags' evidence is embedded.
  ORELOG_ASSIGN_OR_RETURN(const json::value* flags, Member(doc, "flags", json::kind::array));
  for (const json::value& f : flags->get_array()) {
    if (!f.is_object()) return Status::Invalid("passport: a flag is not an object");
    ORELOG_ASSIGN_OR_RETURN(const json::value* evidence, Member(f.get_object(), "evidence", json::kind::array));
    for (const json::value& e : evidence->get_array()) {
      if (!e.is_string() || !leaf_ids.count(std::string(e.get_string()))) {
        return Fail("a flag's evidence " + json::serialize(e) + " is not an embedded leaf");
      }
    }
    ++out.flags;
  }
  return out;
}

}  // namespace orelog::passport
