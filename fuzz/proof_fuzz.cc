// Fuzzes the proof texts (tlog/proof_text.h): the tlog-proof inclusion form
// and the witness-style consistency form. Invariant for both: an accepted
// text formats back to the input, and Parse(Format(x)) == x.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tlog/proof_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);

  auto inclusion = orelog::tlog::InclusionProofText::Parse(input);
  if (inclusion.ok()) {
    if (inclusion->Format() != input) std::abort();
    auto back = orelog::tlog::InclusionProofText::Parse(inclusion->Format());
    if (!back.ok() || !(*back == *inclusion)) std::abort();
  }

  auto consistency = orelog::tlog::ConsistencyProofText::Parse(input);
  if (consistency.ok()) {
    if (consistency->Format() != input) std::abort();
    auto back = orelog::tlog::ConsistencyProofText::Parse(consistency->Format());
    if (!back.ok() || !(*back == *consistency)) std::abort();
  }
  return 0;
}
