#include "batch/batch_signature.h"

#include <algorithm>
#include <bit>
#include <charconv>

#include "base/bytes.h"
#include "epcis/canonical_json.h"
#include "merkle/hasher.h"
#include "merkle/verify.h"

namespace orelog::batch {
namespace {

// Fills `paths` for leaves [lo, hi) and returns MTH(leaves[lo:hi]). A leaf's
// path gets its deeper siblings first (they are appended by the recursive
// calls before this level appends its own), which is PATH's bottom-up order.
Hash Subtree(merkle::Hasher& hasher, std::span<const Hash> leaves, size_t lo, size_t hi,
             std::vector<std::vector<Hash>>& paths) {
  if (hi - lo == 1) return leaves[lo];
  // RFC 9162: k is the largest power of two smaller than n.
  const size_t k = std::bit_floor(hi - lo - 1);
  const Hash left = Subtree(hasher, leaves, lo, lo + k, paths);
  const Hash right = Subtree(hasher, leaves, lo + k, hi, paths);
  for (size_t i = lo; i < lo + k; ++i) paths[i].push_back(right);
  for (size_t i = lo + k; i < hi; ++i) paths[i].push_back(left);
  return hasher.HashChildren(left, right);
}

// A canonical decimal string ("0" or no leading zero) up to kMaxBatchSize.
Result<uint64_t> ParseDecimal(std::string_view s, std::string_view what) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || (s.size() > 1 && s[0] == '0') ||
      v > kMaxBatchSize) {
    return Status::Invalid(std::string("batchSignature.").append(what).append(" must be a decimal string up to ") +
                           std::to_string(kMaxBatchSize));
  }
  return v;
}

Result<Hash> DecodeHash(std::string_view text, std::string_view what) {
  auto bytes = Base64UrlDecode(text);
  Hash h{};
  if (!bytes.ok() || bytes->size() != h.size()) {
    return Status::Invalid(std::string("batchSignature.").append(what).append(" must be base64url of 32 bytes"));
  }
  std::copy(bytes->begin(), bytes->end(), h.begin());
  return h;
}

Status CheckNonce(std::string_view nonce) {
  auto bytes = Base64UrlDecode(nonce);
  if (!bytes.ok() || bytes->size() < kMinNonceBytes || bytes->size() > kMaxNonceBytes) {
    return Status::Invalid("batchSignature.nonce must be base64url of " + std::to_string(kMinNonceBytes) + " to " +
                           std::to_string(kMaxNonceBytes) + " bytes");
  }
  return Status::Ok();
}

// The signature's check over an already computed root.
Status VerifyRoot(std::string_view nonce, std::string_view signature, std::string_view origin, const Hash& root,
                  const ed25519::PublicKey& key) {
  ORELOG_RETURN_IF_ERROR(CheckNonce(nonce));
  auto sig_bytes = Base64UrlDecode(signature);
  ed25519::Signature sig{};
  if (!sig_bytes.ok() || sig_bytes->size() != sig.size()) {
    return Status::Invalid("batchSignature.signature must be base64url of 64 bytes");
  }
  std::copy(sig_bytes->begin(), sig_bytes->end(), sig.begin());
  const std::string message = BatchMessage(origin, nonce, root);
  if (!ed25519::Verify(key, AsBytes(message), sig)) {
    return Status::Unverified("the batch signature does not verify with key for this origin, nonce and batch root");
  }
  return Status::Ok();
}

}  // namespace

Result<Hash> PublicFormLeafHash(const boost::json::object& public_form) {
  ORELOG_ASSIGN_OR_RETURN(std::string jcs, epcis::CanonicalJson(boost::json::value(public_form)));
  merkle::Hasher hasher;
  return hasher.HashLeaf(AsBytes(jcs));
}

Result<BatchTree> BuildBatchTree(std::span<const Hash> leaf_hashes) {
  if (leaf_hashes.empty()) return Status::Invalid("a signed batch needs at least one event");
  if (leaf_hashes.size() > kMaxBatchSize) return Status::Invalid("a signed batch is too large");
  merkle::Hasher hasher;
  BatchTree tree;
  tree.paths.resize(leaf_hashes.size());
  tree.root = Subtree(hasher, leaf_hashes, 0, leaf_hashes.size(), tree.paths);
  return tree;
}

std::string BatchMessage(std::string_view origin, std::string_view nonce, const Hash& root) {
  std::string m(kMessageDomain);
  m.append("\n").append(origin).append("\n").append(nonce).append("\n");
  m.append(Base64UrlEncode(ByteView(root)));
  m.append("\n");
  return m;
}

Result<SignedRoot> SignBatch(const Signer& sign, std::string_view organisation, std::string_view key_id,
                             std::string_view origin, ByteView nonce_bytes, const BatchTree& tree) {
  SignedRoot s;
  s.organisation = std::string(organisation);
  s.key_id = std::string(key_id);
  s.nonce = Base64UrlEncode(nonce_bytes);
  ORELOG_RETURN_IF_ERROR(CheckNonce(s.nonce));
  s.root = Base64UrlEncode(ByteView(tree.root));
  const ed25519::Signature sig = sign(AsBytes(BatchMessage(origin, s.nonce, tree.root)));
  s.signature = Base64UrlEncode(ByteView(sig));
  return s;
}

Status VerifySignedRoot(const SignedRoot& signed_root, std::string_view origin, const ed25519::PublicKey& key) {
  ORELOG_ASSIGN_OR_RETURN(Hash root, DecodeHash(signed_root.root, "root"));
  return VerifyRoot(signed_root.nonce, signed_root.signature, origin, root, key);
}

std::vector<epcis::BatchSignature> EntrySignatures(const SignedRoot& signed_root, const BatchTree& tree) {
  std::vector<epcis::BatchSignature> out;
  out.reserve(tree.paths.size());
  for (size_t i = 0; i < tree.paths.size(); ++i) {
    epcis::BatchSignature b;
    b.organisation = signed_root.organisation;
    b.key_id = signed_root.key_id;
    b.nonce = signed_root.nonce;
    b.index = std::to_string(i);
    b.size = std::to_string(tree.paths.size());
    for (const Hash& h : tree.paths[i]) b.path.push_back(Base64UrlEncode(ByteView(h)));
    b.signature = signed_root.signature;
    out.push_back(std::move(b));
  }
  return out;
}

Status VerifyEntrySignature(const boost::json::object& public_form, const epcis::BatchSignature& signature,
                            std::string_view origin, const ed25519::PublicKey& key) {
  ORELOG_ASSIGN_OR_RETURN(uint64_t index, ParseDecimal(signature.index, "index"));
  ORELOG_ASSIGN_OR_RETURN(uint64_t size, ParseDecimal(signature.size, "size"));
  if (index >= size) return Status::Invalid("batchSignature.index must be below batchSignature.size");
  if (signature.path.size() > 64) return Status::Invalid("batchSignature.path is too long");
  std::vector<Hash> path;
  path.reserve(signature.path.size());
  for (const std::string& p : signature.path) {
    ORELOG_ASSIGN_OR_RETURN(Hash h, DecodeHash(p, "path"));
    path.push_back(h);
  }
  ORELOG_ASSIGN_OR_RETURN(Hash leaf, PublicFormLeafHash(public_form));
  merkle::Hasher hasher;
  ORELOG_ASSIGN_OR_RETURN(Hash root, merkle::RootFromInclusionProof(hasher, index, size, leaf, path));
  return VerifyRoot(signature.nonce, signature.signature, origin, root, key);
}

Status VerifyLeafSignature(std::string_view leaf, std::string_view origin, const ed25519::PublicKey& key) {
  ORELOG_ASSIGN_OR_RETURN(epcis::Envelope env, epcis::DecodeLeaf(leaf));
  if (env.type != epcis::kEntryTypeEvent) return Status::Invalid("the entry is not an event");
  if (!env.batch_signature) return Status::Invalid("the entry has no batchSignature");
  return VerifyEntrySignature(env.payload, *env.batch_signature, origin, key);
}

}  // namespace orelog::batch
