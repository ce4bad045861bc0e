// Fuzzes the stored forms of custody facts and sites (custody/facts.h) on
// arbitrary bytes: a row of custody_facts or custody_sites is our own output,
// but it is read back defensively.
//
// Invariants checked (abort on violation):
//  * FactsFromJson and SiteFromJson never crash or throw, whatever the input;
//  * whatever parses is stable once written back: To(From(x)) parses again
//    and writes the same bytes (From and To are inverse on our own forms).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "custody/facts.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto facts = orelog::custody::FactsFromJson(text); facts.ok()) {
    const std::string once = orelog::custody::FactsToJson(*facts);
    auto again = orelog::custody::FactsFromJson(once);
    if (!again.ok() || orelog::custody::FactsToJson(*again) != once) std::abort();
  }
  if (auto site = orelog::custody::SiteFromJson(text); site.ok()) {
    const std::string once = orelog::custody::SiteToJson(*site);
    auto again = orelog::custody::SiteFromJson(once);
    if (!again.ok() || orelog::custody::SiteToJson(*again) != once) std::abort();
  }
  return 0;
}
