// Fuzzes the disclosure policy document (epcis/policy_file.h).
//
// Invariants checked (abort on violation):
//  * nothing crashes or throws, whatever the input;
//  * a document that parses re-serialises to one that parses to the same
//    policy, and that re-serialises to the same bytes (a fixed point).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "epcis/policy_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace orelog::epcis;
  auto p = ParsePolicyDocument(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!p.ok()) return 0;
  const std::string text = PolicyDocument(*p);
  auto back = ParsePolicyDocument(text);
  if (!back.ok() || back->version != p->version || back->rules != p->rules ||
      back->withhold_event_id != p->withhold_event_id || PolicyDocument(*back) != text) {
    std::abort();
  }
  return 0;
}
