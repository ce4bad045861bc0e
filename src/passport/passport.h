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
inline constexpr int kVersion = 1;
// The signature domain (Ledger::SignDocument): first line of the signed message.
inline constexpr char kSignatureDomain[] = "orelog-passport-v1";
// A passport embeds at most this many leaves (a larger history is refused
// rather than served as a multi-megabyte document).
inline constexpr size_t kMaxLeaves = 20'000;

struct Leaf {
  uint64_t index = 0;
  Bytes entry;
  std::vector<Hash> proof;
  std::vector<std::string> disclosures;
};

struct Contents {
  std::string lot;
  std::string issued_at;  // UTC, YYYY-MM-DDTHH:MM:SS.sssZ
  bool full_access = false;
  std::string checkpoint;  // signed note
  std::vector<Leaf> leaves;
  std::vector<custody::SiteFacts> sites;
  boost::json::object figures;
  std::vector<custody::Flag> flags;
};

// The document without its signature member.
boost::json::object UnsignedDocument(const Contents& contents);
// The message to sign: kSignatureDomain "\n" JCS(unsigned document).
Result<std::string> SigningBody(const boost::json::object& unsigned_document);
// The document with its signature member.
boost::json::object Signed(boost::json::object unsigned_document, const std::string& vkey, ByteView signature);

struct Verified {
  std::string lot;
  uint64_t tree_size = 0;
  size_t leaves = 0;
  size_t disclosures = 0;
  size_t flags = 0;
  bool full_access = false;
};

// Everything of "Verification" in docs/passport-format.md. VerificationFailed
// (or InvalidArgument for a malformed document) says what failed.
Result<Verified> Verify(std::string_view document, const tlog::VerifierKey& vkey);

}  // namespace orelog::passport
