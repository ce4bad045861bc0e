// Signed submissions (docs/participants.md §4; the message is FROZEN).
//
// An organisation signs one batch of public forms it submits:
//   leaf_i  = RFC 9162 leaf hash of JCS(public form i), i in submission order
//   root    = RFC 9162 Merkle tree hash of leaf_0 .. leaf_{n-1}
//   message = "orelog-batch-v1\n" <log origin> "\n" <nonce, base64url> "\n"
//             <root, base64url> "\n"
//   signature = Ed25519(participant's active key, message)
// Each log entry of the batch carries a BatchSignature (epcis/leaf.h,
// docs/leaf-format.md §1.1) with its index, the batch size and its inclusion
// path, so one entry's signature can be checked from that entry alone.
//
// Pure (no I/O, no clock); nothing throws. Thread safety: reentrant (each
// call uses its own hasher).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/ed25519.h"
#include "base/sha256.h"
#include "epcis/leaf.h"
#include "orelog/status.h"

namespace orelog::batch {

inline constexpr std::string_view kMessageDomain = "orelog-batch-v1";  // frozen
inline constexpr size_t kMinNonceBytes = 16;   // docs/leaf-format.md §1.1
inline constexpr size_t kMaxNonceBytes = 64;   // bounds what a verifier decodes
inline constexpr uint64_t kMaxBatchSize = 1u << 20;

// RFC 9162 leaf hash of JCS(public_form). InvalidArgument if the form holds a
// value JCS cannot write (e.g. a non-finite number).
Result<Hash> PublicFormLeafHash(const boost::json::object& public_form);

// The batch root over `leaf_hashes` and each leaf's inclusion path (RFC 9162
// §2.1.3.1 PATH, bottom-up: what merkle::RootFromInclusionProof takes).
struct BatchTree {
  Hash root{};
  std::vector<std::vector<Hash>> paths;  // paths[i]: the path of leaf i
};
// InvalidArgument for an empty batch or one over kMaxBatchSize.
Result<BatchTree> BuildBatchTree(std::span<const Hash> leaf_hashes);

// The exact signed bytes. `nonce` is the base64url text as carried.
std::string BatchMessage(std::string_view origin, std::string_view nonce, const Hash& root);

// The batch as the client signed it (the request's `batchSignature` member,
// docs/api.md "Signed capture"): everything but the per-entry path.
struct SignedRoot {
  std::string organisation;  // the signing participant's ID
  std::string key_id;        // its key's ID (registry/entries.h KeyIdOf)
  std::string nonce;         // base64url, kMinNonceBytes..kMaxNonceBytes bytes
  std::string root;          // base64url of the 32-byte batch root
  std::string signature;     // base64url of the 64-byte Ed25519 signature
};

// Ed25519 with the organisation's key over a message (a KeyPair's or a
// tlog::SignerKey's Sign).
using Signer = std::function<ed25519::Signature(ByteView message)>;

// Signs `tree` (client side). `nonce_bytes` must have kMinNonceBytes..
// kMaxNonceBytes bytes (fresh from a CSPRNG: the server refuses reuse).
Result<SignedRoot> SignBatch(const Signer& sign, std::string_view organisation, std::string_view key_id,
                             std::string_view origin, ByteView nonce_bytes, const BatchTree& tree);

// OK if `signed_root.signature` is `key`'s signature of the batch message for
// (origin, nonce, root). InvalidArgument for malformed members (nonce length,
// encodings); VerificationFailed if the signature does not verify.
Status VerifySignedRoot(const SignedRoot& signed_root, std::string_view origin, const ed25519::PublicKey& key);

// The leaves' BatchSignature members: one per leaf of `tree`, in order.
std::vector<epcis::BatchSignature> EntrySignatures(const SignedRoot& signed_root, const BatchTree& tree);

// Checks one entry from the entry alone: its public form (the leaf payload
// with numbers restored, as epcis::DecodeLeaf gives it) and its
// BatchSignature, given the log origin and the organisation's public key
// (which the caller takes from the registry: docs/participants.md §1.2).
// Path -> root -> message -> Ed25519. InvalidArgument for malformed members;
// VerificationFailed if the path or the signature does not verify.
Status VerifyEntrySignature(const boost::json::object& public_form, const epcis::BatchSignature& signature,
                            std::string_view origin, const ed25519::PublicKey& key);

// The same for the exact bytes of a log entry (epcis::DecodeLeaf first).
// InvalidArgument also for an entry that is not an event or has no
// batchSignature.
Status VerifyLeafSignature(std::string_view leaf, std::string_view origin, const ed25519::PublicKey& key);

}  // namespace orelog::batch
