// Fuzzes offline passport verification (passport/passport.h) past its
// signatures: the input is taken as an unsigned passport document; when it
// is a JSON object, its "checkpoint" member (taken as a checkpoint body) is
// signed into a note and the document itself is signed, both with a fixed
// test key, so that the leaves, proofs, disclosures, sites, figures and
// flags are what the fuzzer explores. Raw inputs are verified as they are too.
//
// Invariants checked (abort on violation):
//  * nothing crashes or throws, whatever the input;
//  * a verified passport reports no more leaves than the document holds;
//  * verification is deterministic (same verdict twice).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "passport/passport.h"
#include "tlog/note.h"

namespace {

const orelog::tlog::SignerKey& Key() {
  static const orelog::tlog::SignerKey key = [] {
    orelog::ed25519::Seed seed{};
    seed[0] = 7;
    return *orelog::tlog::SignerKey::FromSeed("fuzz.example/log", seed);
  }();
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace json = boost::json;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const orelog::tlog::VerifierKey vkey = Key().Verifier();
  (void)orelog::passport::Verify(text, vkey);

  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return 0;
  json::object doc = std::move(v.get_object());
  doc.erase("signature");
  if (const json::value* cp = doc.if_contains("checkpoint"); cp && cp->is_string()) {
    const orelog::tlog::SignerKey* signers[] = {&Key()};
    auto note = orelog::tlog::SignNote(std::string(cp->get_string()), signers);
    if (note.ok()) doc["checkpoint"] = *note;
  }
  // Version 1 signs the whole document, version 2 its claims.
  const json::value* version = doc.if_contains("version");
  const bool v1 = version != nullptr && version->is_int64() && version->get_int64() == 1;
  auto claims = orelog::passport::ClaimsOfDocument(doc);
  if (!claims.ok()) return 0;
  auto body = orelog::passport::SigningBody(v1 ? doc : *claims);
  if (!body.ok()) return 0;
  std::string message =
      std::string(v1 ? orelog::passport::kSignatureDomainV1 : orelog::passport::kSignatureDomain) + "\n" + *body;
  auto sig = Key().Sign(orelog::AsBytes(message));
  std::string signed_doc = json::serialize(orelog::passport::Signed(doc, vkey.ToString(), orelog::ByteView(sig.data(), sig.size())));
  auto first = orelog::passport::Verify(signed_doc, vkey);
  auto second = orelog::passport::Verify(signed_doc, vkey);
  if (first.ok() != second.ok()) std::abort();
  if (first.ok()) {
    const json::value* leaves = doc.if_contains("leaves");
    if (leaves == nullptr || !leaves->is_array() || first->leaves > leaves->get_array().size()) std::abort();
  }
  return 0;
}
