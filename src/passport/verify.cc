// Offline verification of passports (docs/passport-format.md), versions 2
// and 1. Steps 2, 4 and 5 are shared; the signature (step 1) and the leaf
// proofs (step 3) differ by version.
#include <cstddef>
#include <set>

#include <boost/json.hpp>

#include "base/ed25519.h"
#include "custody/book.h"
#include "custody/extract.h"
#include "custody/history.h"
#include "epcis/disclosure.h"
#include "epcis/leaf.h"
#include "merkle/hasher.h"
#include "merkle/multi_proof.h"
#include "merkle/verify.h"
#include "passport/passport.h"
#include "tlog/checkpoint.h"

namespace orelog::passport {
namespace json = boost::json;
namespace {

Status Fail(std::string what) { return Status::Unverified("passport: " + std::move(what)); }

Result<const json::value*> Member(const json::object& o, std::string_view key, json::kind kind) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->kind() != kind) return Status::Invalid("passport: member " + std::string(key) + " missing or of the wrong type");
  return v;
}

Result<std::string_view> Str(const json::object& o, std::string_view key) {
  ORELOG_ASSIGN_OR_RETURN(const json::value* v, Member(o, key, json::kind::string));
  return std::string_view(v->get_string());
}

Result<Hash> HashOf(const json::value& v) {
  if (!v.is_string()) return Status::Invalid("passport: a proof hash is not a string");
  ORELOG_ASSIGN_OR_RETURN(Bytes hb, Base64Decode(v.get_string()));
  if (hb.size() != Hash().size()) return Status::Invalid("passport: a proof hash is not 32 bytes");
  Hash hash;
  std::copy(hb.begin(), hb.end(), hash.begin());
  return hash;
}

// Step 1: the signature member over `domain` "\n" JCS(signed).
Status CheckSignature(const json::object& doc, const json::object& signed_part, const char* domain,
                      const tlog::VerifierKey& vkey) {
  ORELOG_ASSIGN_OR_RETURN(const json::value* sig_member, Member(doc, "signature", json::kind::object));
  ORELOG_ASSIGN_OR_RETURN(std::string_view sig_text, Str(sig_member->get_object(), "sig"));
  ORELOG_ASSIGN_OR_RETURN(Bytes sig, Base64Decode(sig_text));
  if (sig.size() != 64 || vkey.type != tlog::kAlgEd25519) return Fail("bad signature or verifier key type");
  ORELOG_ASSIGN_OR_RETURN(std::string body, SigningBody(signed_part));
  std::string message = std::string(domain) + "\n" + body;
  ed25519::Signature s;
  std::copy(sig.begin(), sig.end(), s.begin());
  if (!ed25519::Verify(vkey.key, AsBytes(message), s)) return Fail("the signature does not verify with " + vkey.name);
  return Status::Ok();
}

// Step 2.
Result<tlog::Checkpoint> CheckCheckpoint(const json::object& doc, const tlog::VerifierKey& vkey) {
  ORELOG_ASSIGN_OR_RETURN(std::string_view note, Str(doc, "checkpoint"));
  auto opened = tlog::OpenNote(note, std::span<const tlog::VerifierKey>(&vkey, 1));
  if (!opened.ok()) return Fail("checkpoint: " + opened.status().message());
  ORELOG_ASSIGN_OR_RETURN(tlog::Checkpoint cp, tlog::ParseCheckpoint(opened->text));
  if (cp.origin != vkey.name) return Fail("the checkpoint is of log " + cp.origin + ", not " + vkey.name);
  return cp;
}

// One leaf as read from the document (step 3's common part).
struct ReadLeaf {
  uint64_t index = 0;
  Bytes entry;
  const json::object* member = nullptr;
};

Result<std::vector<ReadLeaf>> ReadLeaves(const json::object& doc, const tlog::Checkpoint& cp) {
  ORELOG_ASSIGN_OR_RETURN(const json::value* leaves, Member(doc, "leaves", json::kind::array));
  if (leaves->get_array().size() > kMaxLeaves) return Status::Invalid("passport: too many leaves");
  std::vector<ReadLeaf> out;
  out.reserve(leaves->get_array().size());
  for (const json::value& lv : leaves->get_array()) {
    if (!lv.is_object()) return Status::Invalid("passport: a leaf is not an object");
    const json::object& l = lv.get_object();
    const json::value* idx = l.if_contains("index");
    if (idx == nullptr || !(idx->is_uint64() || (idx->is_int64() && idx->get_int64() >= 0))) {
      return Status::Invalid("passport: a leaf without an index");
    }
    const uint64_t index = idx->is_uint64() ? idx->get_uint64() : static_cast<uint64_t>(idx->get_int64());
    if (!out.empty() && index <= out.back().index) return Status::Invalid("passport: leaves not in ascending index order");
    if (index >= cp.size) return Fail("leaf " + std::to_string(index) + " is beyond the checkpoint");
    ORELOG_ASSIGN_OR_RETURN(std::string_view entry_b64, Str(l, "entry"));
    ORELOG_ASSIGN_OR_RETURN(Bytes entry, Base64Decode(entry_b64));
    out.push_back({index, std::move(entry), &l});
  }
  return out;
}

// Steps 3 (after the proofs), 4 and 5: decode, disclosures, figures, flags.
Result<Verified> CheckContents(const json::object& doc, const std::vector<ReadLeaf>& leaves, Verified out) {
  ORELOG_ASSIGN_OR_RETURN(std::string_view lot, Str(doc, "lot"));
  ORELOG_ASSIGN_OR_RETURN(std::string_view access, Str(doc, "access"));
  out.lot = std::string(lot);
  out.full_access = access == "full";
  std::set<std::string, std::less<>> leaf_ids;
  custody::Book book;
  std::vector<custody::EventFacts> facts;
  const epcis::Namespaces& ns = epcis::StandardNamespaces();
  // Each leaf's parse lives in an arena on this stack, freed at once when
  // the leaf is done (facts and IDs are copied out of it).
  alignas(std::max_align_t) unsigned char scratch[32 * 1024];
  for (const ReadLeaf& leaf : leaves) {
    json::monotonic_resource arena(scratch, sizeof scratch);
    auto envelope = epcis::DecodeLeaf(AsChars(leaf.entry), &arena);
    if (!envelope.ok()) return Fail("leaf " + std::to_string(leaf.index) + ": " + envelope.status().message());
    if (const json::value* ds = leaf.member->if_contains("disclosures")) {
      if (!ds->is_array()) return Status::Invalid("passport: disclosures must be an array");
      for (const json::value& d : ds->get_array()) {
        if (!d.is_string()) return Status::Invalid("passport: a disclosure is not a string");
        Status ok = epcis::VerifyDisclosure(envelope->payload, d.get_string());
        if (!ok.ok()) return Fail("leaf " + std::to_string(leaf.index) + " disclosure: " + ok.message());
        ++out.disclosures;
      }
    }
    leaf_ids.insert(envelope->public_id);
    if (const json::value* id = envelope->payload.if_contains("eventID"); id && id->is_string()) {
      leaf_ids.insert(std::string(id->get_string()));
    }
    custody::EventFacts f = custody::ExtractFacts(envelope->payload, ns, leaf.index, envelope->public_id);
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
  ORELOG_ASSIGN_OR_RETURN(const json::value* flags, Member(doc, "flags", json::kind::array));
  for (const json::value& f : flags->get_array()) {
    if (!f.is_object()) return Status::Invalid("passport: a flag is not an object");
    ORELOG_ASSIGN_OR_RETURN(const json::value* evidence, Member(f.get_object(), "evidence", json::kind::array));
    for (const json::value& e : evidence->get_array()) {
      if (!e.is_string() || !leaf_ids.count(std::string_view(e.get_string()))) {
        return Fail("a flag's evidence " + json::serialize(e) + " is not an embedded leaf");
      }
    }
    ++out.flags;
  }
  return out;
}

Result<Verified> VerifyV2(const json::object& doc, const tlog::VerifierKey& vkey) {
  // 1. The signature over the claims.
  ORELOG_ASSIGN_OR_RETURN(json::object claims, ClaimsOfDocument(doc));
  ORELOG_RETURN_IF_ERROR(CheckSignature(doc, claims, kSignatureDomain, vkey));
  // 2. The checkpoint.
  ORELOG_ASSIGN_OR_RETURN(tlog::Checkpoint cp, CheckCheckpoint(doc, vkey));
  // 3. One multi-leaf proof for all leaves.
  ORELOG_ASSIGN_OR_RETURN(std::vector<ReadLeaf> leaves, ReadLeaves(doc, cp));
  if (leaves.empty()) return Status::Invalid("passport: no leaves");
  ORELOG_ASSIGN_OR_RETURN(const json::value* proof_v, Member(doc, "proof", json::kind::array));
  std::vector<Hash> proof;
  proof.reserve(proof_v->get_array().size());
  for (const json::value& h : proof_v->get_array()) {
    ORELOG_ASSIGN_OR_RETURN(Hash hash, HashOf(h));
    proof.push_back(hash);
  }
  merkle::Hasher hasher;
  std::vector<uint64_t> indices;
  std::vector<Hash> leaf_hashes;
  indices.reserve(leaves.size());
  leaf_hashes.reserve(leaves.size());
  for (const ReadLeaf& l : leaves) {
    indices.push_back(l.index);
    leaf_hashes.push_back(hasher.HashLeaf(l.entry));
  }
  Status included = merkle::VerifyMultiInclusion(hasher, cp.size, indices, leaf_hashes, proof, cp.root);
  if (!included.ok()) return Fail("leaves: " + included.message());
  Verified out;
  out.version = 2;
  out.tree_size = cp.size;
  return CheckContents(doc, leaves, std::move(out));
}

Result<Verified> VerifyV1(const json::object& doc, const tlog::VerifierKey& vkey) {
  json::object unsigned_doc = doc;
  unsigned_doc.erase("signature");
  ORELOG_RETURN_IF_ERROR(CheckSignature(doc, unsigned_doc, kSignatureDomainV1, vkey));
  ORELOG_ASSIGN_OR_RETURN(tlog::Checkpoint cp, CheckCheckpoint(doc, vkey));
  ORELOG_ASSIGN_OR_RETURN(std::vector<ReadLeaf> leaves, ReadLeaves(doc, cp));
  merkle::Hasher hasher;
  for (const ReadLeaf& l : leaves) {
    ORELOG_ASSIGN_OR_RETURN(const json::value* proof_v, Member(*l.member, "proof", json::kind::array));
    std::vector<Hash> proof;
    for (const json::value& h : proof_v->get_array()) {
      ORELOG_ASSIGN_OR_RETURN(Hash hash, HashOf(h));
      proof.push_back(hash);
    }
    Status included = merkle::VerifyInclusion(hasher, l.index, cp.size, hasher.HashLeaf(l.entry), proof, cp.root);
    if (!included.ok()) return Fail("leaf " + std::to_string(l.index) + ": " + included.message());
  }
  Verified out;
  out.version = 1;
  out.tree_size = cp.size;
  return CheckContents(doc, leaves, std::move(out));
}

}  // namespace

Result<Verified> Verify(std::string_view text, const tlog::VerifierKey& vkey) {
  // One arena for the whole document (hundreds of base64 strings): freed at
  // once, no allocation per member.
  json::monotonic_resource arena(text.size() * 2);
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec, &arena);
  if (ec || !parsed.is_object()) return Status::Invalid("passport: not a JSON object");
  const json::object& doc = parsed.get_object();
  ORELOG_ASSIGN_OR_RETURN(std::string_view type, Str(doc, "type"));
  const json::value* version = doc.if_contains("version");
  if (type != kType || version == nullptr || !version->is_int64()) {
    return Status::Invalid("passport: not an orelog passport");
  }
  if (version->get_int64() == 2) return VerifyV2(doc, vkey);
  if (version->get_int64() == 1) return VerifyV1(doc, vkey);
  return Status::Invalid("passport: version " + std::to_string(version->get_int64()) +
                         " is not one this verifier knows (1, 2)");
}

}  // namespace orelog::passport
