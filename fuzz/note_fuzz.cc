// Fuzzes the signed-note parser and verifier (tlog/note.h).
//
// Invariants checked (abort on violation):
//  * ParseNote accepts => text + "\n" + the re-formatted signature lines is
//    the input, byte for byte (the grammar has one spelling per note);
//  * OpenNote accepts => ParseNote accepts, and every verified or unknown
//    signature is one of the parsed ones;
//  * a parsed text signed with a fixed key opens with that key.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "tlog/note.h"

namespace {

using orelog::tlog::VerifierKey;

const std::vector<VerifierKey>& Verifiers() {
  static const std::vector<VerifierKey> keys = [] {
    std::vector<VerifierKey> v;
    // Tessera's test log key (type 0x01) and Sunlight's test witness (0x04).
    for (const char* vkey : {"example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx",
                             "witness.example.org+b8a2cf20+BFLN3yikSfFkVAJtrnh/CiY3Zozkoy7clp+P7XB28qUN"}) {
      auto k = orelog::tlog::ParseVerifierKey(vkey);
      if (!k.ok()) std::abort();
      v.push_back(*k);
    }
    return v;
  }();
  return keys;
}

const orelog::tlog::SignerKey& FuzzSigner() {
  static const orelog::tlog::SignerKey key = [] {
    orelog::ed25519::Seed seed{};
    seed[0] = 42;
    auto k = orelog::tlog::SignerKey::FromSeed("fuzz.example/signer", seed);
    if (!k.ok()) std::abort();
    return *k;
  }();
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto note = orelog::tlog::ParseNote(input);
  auto opened = orelog::tlog::OpenNote(input, Verifiers());
  if (!note.ok()) {
    if (opened.ok()) std::abort();
    return 0;
  }
  std::string again = note->text + "\n";
  for (const auto& sig : note->signatures) again += orelog::tlog::FormatSignatureLine(sig);
  if (again != input) std::abort();
  if (opened.ok()) {
    if (opened->text != note->text) std::abort();
    if (opened->verified.empty()) std::abort();
    if (opened->verified.size() + opened->unknown.size() > note->signatures.size()) std::abort();
  }

  const orelog::tlog::SignerKey* signers[] = {&FuzzSigner()};
  auto resigned = orelog::tlog::SignNote(note->text, signers);
  if (!resigned.ok()) return 0;  // only if the size limit is exceeded
  VerifierKey mine = FuzzSigner().Verifier();
  auto reopened = orelog::tlog::OpenNote(*resigned, std::span(&mine, 1));
  if (!reopened.ok() || reopened->text != note->text) std::abort();
  return 0;
}
