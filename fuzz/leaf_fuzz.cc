// Fuzzes the leaf format (epcis/leaf.h) and RFC 8785 canonical JSON
// (epcis/canonical_json.h) on arbitrary bytes.
//
// Invariants checked (abort on violation):
//  * nothing crashes or throws, whatever the input;
//  * a decoded leaf re-encodes to exactly the input bytes (one envelope,
//    one byte string), within kMaxLeafBytes;
//  * canonical JSON is idempotent: canonicalising its own output changes
//    nothing.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "epcis/canonical_json.h"
#include "epcis/leaf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto leaf = orelog::epcis::DecodeLeaf(text);
  if (leaf.ok()) {
    auto again = orelog::epcis::EncodeLeaf(*leaf);
    if (!again.ok() || *again != text || again->size() > orelog::epcis::kMaxLeafBytes) std::abort();
  }

  auto canonical = orelog::epcis::CanonicalizeText(text);
  if (canonical.ok()) {
    // ParseJson reads numbers correctly rounded and the output is the
    // shortest round trip, so every canonical form is a fixed point.
    auto twice = orelog::epcis::CanonicalizeText(*canonical);
    if (!twice.ok() || *twice != *canonical) std::abort();
  }
  return 0;
}
