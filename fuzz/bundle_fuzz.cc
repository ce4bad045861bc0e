// Fuzzes entry bundles (tlog/bundle.h). Invariant: an accepted bundle
// re-encodes entry by entry to exactly the input.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "tlog/bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  orelog::ByteView input(data, size);
  auto entries = orelog::tlog::ParseBundle(input);
  if (!entries.ok()) return 0;
  if (entries->size() > orelog::tlog::kMaxBundleEntries) std::abort();
  orelog::Bytes again;
  for (const auto& e : *entries) {
    if (!orelog::tlog::AppendBundleEntry(again, e).ok()) std::abort();
  }
  if (again.size() != size || (size > 0 && std::memcmp(again.data(), data, size) != 0)) std::abort();
  return 0;
}
