// Fuzzes the EPCIS validator (epcis/validate.h) on arbitrary bytes.
//
// Invariants checked (abort on violation):
//  * nothing crashes or throws, whatever the input (nesting included: the
//    parser allows far more than the validator's 64 levels);
//  * the result is deterministic, and the first violation does not depend on
//    how many violations are asked for;
//  * every violation's pointer is RFC 6901 from the root: it resolves to the
//    member at fault, or (a missing member) its parent resolves to an object.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "epcis/validate.h"

namespace {

bool ResolvesInDocument(const boost::json::value& doc, const std::string& pointer) {
  boost::system::error_code ec;
  if (doc.find_pointer(pointer, ec) != nullptr) return true;
  const size_t slash = pointer.rfind('/');
  if (slash == std::string::npos) return false;
  const boost::json::value* parent = doc.find_pointer(pointer.substr(0, slash), ec);
  return parent != nullptr && parent->is_object();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  boost::json::monotonic_resource mr;
  boost::json::parse_options options;
  options.max_depth = 4 * orelog::epcis::kMaxNesting;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec, &mr, options);
  if (ec || !v.is_object()) return 0;
  const auto one = orelog::epcis::ValidateDocument(v.get_object(), 1);
  const auto many = orelog::epcis::ValidateDocument(v.get_object(), 8);
  if (one.empty() != many.empty() || one.size() > 1 || many.size() > 8) std::abort();
  if (!one.empty() && (one[0].pointer != many[0].pointer || one[0].message != many[0].message)) std::abort();
  for (const auto& violation : many) {
    if (violation.message.empty() || !ResolvesInDocument(v, violation.pointer)) std::abort();
  }
  (void)orelog::epcis::ValidateDocumentEnvelope(v.get_object());
  return 0;
}
