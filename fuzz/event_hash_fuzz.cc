// Fuzzes the CBV 2.0 event hash (epcis/event_hash.h) on arbitrary bytes.
//
// Invariants checked (abort on violation):
//  * nothing crashes or throws, whatever the input;
//  * for a JSON object, the documented and the Python-reference orders
//    either both fail or both succeed with the same multiset of top-level
//    parts (the orders differ only in where the parts go);
//  * a successful pre-hash string hashes to ni:///sha-256;<64 hex>?ver=CBV2.0.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "epcis/event_hash.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto all = orelog::epcis::HashEventsInJson(text, orelog::epcis::HashOptions::kDocumented);
  if (all.ok()) {
    for (const auto& e : *all) {
      if (e.hash.size() != 14 + 64 + 11 || !e.hash.starts_with("ni:///sha-256;")) std::abort();
    }
  }

  boost::json::monotonic_resource mr;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec, &mr);
  if (ec || !v.is_object()) return 0;
  orelog::epcis::HashOptions documented, python;
  python.order = orelog::epcis::HashOptions::kPythonReference;
  auto a = orelog::epcis::PreHashParts(v.get_object(), documented);
  auto b = orelog::epcis::PreHashParts(v.get_object(), python);
  if (a.ok() != b.ok()) std::abort();
  if (a.ok()) {
    std::vector<std::string> x = *a, y = *b;
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    if (x != y) std::abort();
  }
  return 0;
}
