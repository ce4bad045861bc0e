#include "epcis/strict_json.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>

namespace orelog::epcis {
namespace json = boost::json;
namespace {

constexpr uint64_t kMaxExactInteger = uint64_t(1) << 53;

// A decimal as sign, significant digits (no leading or trailing zeros) and
// a power of ten: value = ±digits × 10^exp. Zero has no digits.
struct Decimal {
  bool negative = false;
  std::string digits;
  int64_t exp = 0;
};

bool ParseDecimal(std::string_view t, Decimal& out) {
  size_t i = 0;
  out = Decimal{};
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) out.negative = t[i++] == '-';
  std::string digits;
  int64_t frac_len = 0;
  bool seen_digit = false;
  bool in_frac = false;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (!(digits.empty() && c == '0')) digits.push_back(c);
      if (in_frac) ++frac_len;
    } else if (c == '.' && !in_frac) {
      in_frac = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return false;
  int64_t exp = 0;
  if (i < t.size()) {
    if (t[i] != 'e' && t[i] != 'E') return false;
    ++i;
    bool neg_exp = false;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) neg_exp = t[i++] == '-';
    if (i == t.size()) return false;
    for (; i < t.size(); ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      if (exp < 100000) exp = exp * 10 + (t[i] - '0');  // beyond any double anyway
    }
    if (neg_exp) exp = -exp;
  }
  // Leading zeros were dropped; a leading zero inside the fraction part
  // ("0.05") still counts in frac_len, which is what the exponent needs.
  exp -= frac_len;
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exp;
  }
  if (digits.empty()) {
    out.negative = false;
    exp = 0;
  }
  out.digits = std::move(digits);
  out.exp = exp;
  return true;
}

// Builds a json::value from Boost.JSON's SAX events, enforcing the rules of
// strict_json.h and tracking the JSON pointer of the current position.
class Builder {
 public:
  static constexpr size_t max_object_size = size_t(-1);
  static constexpr size_t max_array_size = size_t(-1);
  static constexpr size_t max_key_size = size_t(-1);
  static constexpr size_t max_string_size = size_t(-1);

  json::value result;
  std::string error;          // set by a handler that refused
  std::string error_pointer;

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }

  bool on_object_begin(boost::system::error_code& ec) { return Open(json::object(), ec); }
  bool on_array_begin(boost::system::error_code& ec) { return Open(json::array(), ec); }
  bool on_object_end(size_t, boost::system::error_code& ec) { return Close(ec); }
  bool on_array_end(size_t, boost::system::error_code& ec) { return Close(ec); }

  bool on_key_part(json::string_view s, size_t, boost::system::error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, size_t, boost::system::error_code&) {
    part_.append(s.data(), s.size());
    stack_.back().key = std::move(part_);
    part_.clear();
    return true;
  }
  bool on_string_part(json::string_view s, size_t, boost::system::error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, size_t, boost::system::error_code& ec) {
    part_.append(s.data(), s.size());
    json::value v(json::string(part_.data(), part_.size()));
    part_.clear();
    return Put(std::move(v), ec);
  }
  bool on_number_part(json::string_view s, boost::system::error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  // Integers up to ±2^53 stay integers; larger integer tokens are read as
  // the doubles they denote, and must then be exact like any other number.
  bool on_int64(int64_t i, json::string_view s, boost::system::error_code& ec) {
    uint64_t mag = i < 0 ? uint64_t(0) - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
    if (mag > kMaxExactInteger) return on_double(0, s, ec);
    part_.clear();
    return Put(json::value(i), ec);
  }
  bool on_uint64(uint64_t u, json::string_view s, boost::system::error_code& ec) {
    if (u > kMaxExactInteger) return on_double(0, s, ec);
    part_.clear();
    return Put(json::value(u), ec);
  }
  bool on_double(double, json::string_view s, boost::system::error_code& ec) {
    part_.append(s.data(), s.size());
    std::string text = std::move(part_);
    part_.clear();
    double d = 0;
    auto [ptr, err] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (err == std::errc::result_out_of_range || (err == std::errc() && !std::isfinite(d))) {
      return Refuse("number " + text + " is out of range", ec);
    }
    if (err != std::errc() || ptr != text.data() + text.size()) return Refuse("malformed number " + text, ec);
    if (!IsExactDecimalOf(text, d)) {
      return Refuse("number " + text +
                        " cannot be carried exactly (more significant digits than a double holds; "
                        "at most 15 are always safe)",
                    ec);
    }
    return Put(json::value(d), ec);
  }
  bool on_bool(bool b, boost::system::error_code& ec) { return Put(json::value(b), ec); }
  bool on_null(boost::system::error_code& ec) { return Put(json::value(nullptr), ec); }
  bool on_comment_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(json::string_view, boost::system::error_code&) { return true; }

 private:
  struct Frame {
    json::value container;
    std::string key;  // pending member name (objects)
  };

  bool Open(json::value container, boost::system::error_code& ec) {
    if (stack_.size() >= kMaxJsonDepth) return Refuse("nesting deeper than 64 levels", ec);
    stack_.push_back(Frame{std::move(container), {}});
    return true;
  }
  bool Close(boost::system::error_code& ec) {
    json::value done = std::move(stack_.back().container);
    stack_.pop_back();
    return Put(std::move(done), ec);
  }
  bool Put(json::value v, boost::system::error_code& ec) {
    if (stack_.empty()) {
      result = std::move(v);
      return true;
    }
    Frame& top = stack_.back();
    if (top.container.is_array()) {
      top.container.get_array().push_back(std::move(v));
      return true;
    }
    auto [it, inserted] = top.container.get_object().emplace(top.key, std::move(v));
    (void)it;
    if (!inserted) return Refuse("duplicate member \"" + top.key + "\"", ec);
    return true;
  }
  bool Refuse(std::string message, boost::system::error_code& ec) {
    error = std::move(message);
    error_pointer = Pointer();
    ec = json::error::extra_data;  // any error stops the parser; `error` says why
    return false;
  }
  // The pointer of the value being read now.
  std::string Pointer() const {
    std::string p;
    for (const Frame& f : stack_) {
      if (f.container.is_array()) {
        p += '/';
        p += std::to_string(f.container.get_array().size());
      } else {
        AppendPointerToken(p, f.key);
      }
    }
    return p;
  }

  std::vector<Frame> stack_;
  std::string part_;
};

}  // namespace

void AppendPointerToken(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (char c : token) {
    if (c == '~') pointer += "~0";
    else if (c == '/') pointer += "~1";
    else pointer += c;
  }
}

bool IsExactDecimalOf(std::string_view text, double d) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  if (res.ec != std::errc()) return false;
  Decimal a, b;
  if (!ParseDecimal(text, a) || !ParseDecimal(std::string_view(buf, res.ptr - buf), b)) return false;
  return a.negative == b.negative && a.digits == b.digits && a.exp == b.exp;
}

Result<json::value> ParseStrictJson(std::string_view text, JsonError* error) {
  json::parse_options opt;
  opt.max_depth = kMaxJsonDepth + 1;  // our own check, with a pointer, comes first
  json::basic_parser<Builder> parser(opt);
  boost::system::error_code ec;
  size_t n = parser.write_some(false, text.data(), text.size(), ec);
  Builder& b = parser.handler();
  if (!b.error.empty()) {
    if (error) *error = JsonError{b.error_pointer, n};
    std::string where = b.error_pointer.empty() ? std::string() : " at " + b.error_pointer;
    return Status::Invalid(b.error + where);
  }
  if (!ec && n != text.size()) ec = json::error::extra_data;
  if (ec) {
    if (error) *error = JsonError{"", n};
    return Status::Invalid("invalid JSON at byte " + std::to_string(n) + ": " + ec.message());
  }
  return std::move(b.result);
}

}  // namespace orelog::epcis
