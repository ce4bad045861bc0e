// ParseJson (epcis/canonical_json.h): Boost.JSON's SAX parser feeding a
// value_stack, with double tokens converted by std::from_chars, which is
// correctly rounded (IEEE round-to-nearest-even), instead of by Boost 1.81's
// approximate conversion. Shortest-round-trip output (FormatDouble) then
// reads back as the same double, which makes CanonicalizeText idempotent.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>

#include "epcis/canonical_json.h"

namespace orelog::epcis {
namespace {

namespace json = boost::json;
using boost::system::error_code;

class PreciseHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  explicit PreciseHandler(json::storage_ptr sp) : sp_(std::move(sp)) {}

  json::value_stack stack;

  bool on_document_begin(error_code&) { stack.reset(sp_); return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) { return true; }
  bool on_object_end(std::size_t n, error_code&) { stack.push_object(n); return true; }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t n, error_code&) { stack.push_array(n); return true; }
  bool on_key_part(json::string_view s, std::size_t, error_code&) { stack.push_chars(s); return true; }
  bool on_key(json::string_view s, std::size_t, error_code&) { stack.push_key(s); return true; }
  bool on_string_part(json::string_view s, std::size_t, error_code&) { stack.push_chars(s); return true; }
  bool on_string(json::string_view s, std::size_t, error_code&) { stack.push_string(s); return true; }
  bool on_number_part(json::string_view s, error_code&) { number_.append(s.data(), s.size()); return true; }
  bool on_int64(int64_t i, json::string_view, error_code&) { number_.clear(); stack.push_int64(i); return true; }
  bool on_uint64(uint64_t u, json::string_view, error_code&) { number_.clear(); stack.push_uint64(u); return true; }
  bool on_double(double approx, json::string_view s, error_code& ec) {
    number_.append(s.data(), s.size());
    double d = 0;
    const char* end = number_.data() + number_.size();
    auto [ptr, err] = std::from_chars(number_.data(), end, d);
    if (err == std::errc::result_out_of_range) {
      // Underflow past the smallest denormal (Boost has already refused
      // overflow): Boost's value is the right zero or denormal.
      d = approx;
    } else if (err != std::errc() || ptr != end) {
      ec = json::error::syntax;  // unreachable for a token Boost accepted
      return false;
    }
    number_.clear();
    stack.push_double(d);
    return true;
  }
  bool on_bool(bool b, error_code&) { stack.push_bool(b); return true; }
  bool on_null(error_code&) { stack.push_null(); return true; }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }

 private:
  json::storage_ptr sp_;  // where the parsed value lives
  std::string number_;
};

}  // namespace

Result<json::value> ParseJson(std::string_view text, json::storage_ptr sp) {
  json::parse_options opt;
  opt.max_depth = kMaxCanonicalDepth;
  json::basic_parser<PreciseHandler> parser(opt, std::move(sp));
  error_code ec;
  parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && !parser.done()) ec = json::error::incomplete;
  if (ec) return Status::Invalid(std::string("invalid JSON: ").append(ec.message()));
  return parser.handler().stack.release();
}

}  // namespace orelog::epcis
