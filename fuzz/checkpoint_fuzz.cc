// Fuzzes the checkpoint body parser (tlog/checkpoint.h). Invariants: an
// accepted body validates, marshals back to the input byte for byte, and
// Parse(Marshal(cp)) == cp.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tlog/checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto cp = orelog::tlog::ParseCheckpoint(input);
  if (!cp.ok()) return 0;
  if (!cp->Validate().ok()) std::abort();
  std::string text = cp->Marshal();
  if (text != input) std::abort();
  auto back = orelog::tlog::ParseCheckpoint(text);
  if (!back.ok() || !(*back == *cp)) std::abort();
  return 0;
}
