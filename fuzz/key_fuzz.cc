// Fuzzes the key texts (tlog/note.h, tlog/cosignature.h): vkeys, note skeys
// and cosigner skeys. Invariant: an accepted key re-encodes to the input.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tlog/cosignature.h"
#include "tlog/note.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);

  auto vkey = orelog::tlog::ParseVerifierKey(input);
  if (vkey.ok()) {
    if (vkey->ToString() != input) std::abort();
    if (orelog::tlog::KeyID(vkey->name, vkey->type, vkey->key) != vkey->id) std::abort();
  }

  auto skey = orelog::tlog::SignerKey::Parse(input);
  if (skey.ok()) {
    if (skey->ToString() != input) std::abort();
    auto back = orelog::tlog::ParseVerifierKey(skey->Verifier().ToString());
    if (!back.ok() || back->id != skey->id()) std::abort();
  }

  auto cosigner = orelog::tlog::CosignerKey::Parse(input);
  if (cosigner.ok()) {
    if (cosigner->ToString() != input) std::abort();
    if (skey.ok()) std::abort();  // the type byte tells them apart
  }
  return 0;
}
