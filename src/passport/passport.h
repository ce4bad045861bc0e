// Provenance passports (docs/passport-format.md, version 1, frozen): the
// document, its signing message, and offline verification. Pure: the
// server gathers leaves and proofs and signs; `orelog verify-passport`
// verifies with nothing but the document and the log's verifier key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/bytes.h"
#include "base/sha256.h"
#include "custody/facts.h"
#include "custody/flags.h"
#include "orelog/status.h"
#include "tlog/note.h"

namespace orelog::passport {

inline constexpr char kType[] = "orelog-passport";
// The version servers issue; Verify accepts it and version 1.
inline constexpr int kVersion = 2;
// The signature domain (Ledger::SignDocument): first line of the signed message.
inline constexpr char kSignatureDomain[] = "orelog-passport-v2";
inline constexpr char kSignatureDomainV1[] = "orelog-passport-v1";
// A passport embeds at most this many leaves (a larger history is refused
// rather than served as a multi-megabyte document).
inline constexpr size_t kMaxLeaves = 20'000;

struct Leaf {
  uint64_t index = 0;
  Bytes entry;
  std::vector<std::string> disclosures;
};

struct Contents {
  std::string lot;
  std::string issued_at;  // UTC, YYYY-MM-DDTHH:MM:SS.sssZ
  bool full_access = false;
  std::string checkpoint;  // signed note
  std::vector<Leaf> leaves;  // non-empty, strictly ascending by index
  std::vector<Hash> proof;   // multi-leaf inclusion proof of `leaves` (merkle/multi_proof.h)
  std::vector<custody::SiteFacts> sites;
  boost::json::object figures;
  std::vector<custody::Flag> flags;
};

// What the signature covers: the document without `signature` and `proof`,
// each leaf reduced to {"index": n} (docs/passport-format.md, version 2).
boost::json::object Claims(const Contents& contents);
// The claims of a received version-2 document (what its signature covers).
// InvalidArgument if a leaf has no index.
Result<boost::json::object> ClaimsOfDocument(const boost::json::object& document);
// JCS(claims); the signed message is kSignatureDomain "\n" this.
Result<std::string> SigningBody(const boost::json::object& claims);
// The signed document's text. Written directly (the leaves are most of a
// passport's bytes: no JSON tree is built for them).
std::string Document(const Contents& contents, const boost::json::object& claims, const std::string& vkey,
                     ByteView signature);
// `document` with its signature member set (for tools and tests that edit
// documents as JSON trees).
boost::json::object Signed(boost::json::object document, const std::string& vkey, ByteView signature);

struct Verified {
  int version = 0;
  std::string lot;
  uint64_t tree_size = 0;
  size_t leaves = 0;
  size_t disclosures = 0;
  size_t flags = 0;
  bool full_access = false;
};

// Everything of "Verification" in docs/passport-format.md, for version 2 and
// version 1 documents. VerificationFailed (or InvalidArgument for a malformed
// document) says what failed.
Result<Verified> Verify(std::string_view document, const tlog::VerifierKey& vkey);

}  // namespace orelog::passport
