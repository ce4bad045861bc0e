#include "epcis/gs1_keys.h"

#include <algorithm>
#include <array>

namespace orelog::epcis {
namespace {

constexpr std::string_view kIdGs1 = "https://id.gs1.org/";

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status Bad(std::string_view id, std::string_view why) {
  return Status::Invalid("identifier \"" + std::string(id) + "\": " + std::string(why));
}

// Up to five dot-separated components of an EPC URN body.
struct Components {
  std::array<std::string_view, 5> part;
  size_t n = 0;
  size_t size() const { return n; }
  std::string_view operator[](size_t i) const { return part[i]; }
};

// Splits `s` at the first `n - 1` dots (n <= 5); the last part keeps any
// further dots.
Components SplitN(std::string_view s, size_t n) {
  Components c;
  while (c.n + 1 < n) {
    size_t dot = s.find('.');
    if (dot == std::string_view::npos) break;
    c.part[c.n++] = s.substr(0, dot);
    s.remove_prefix(dot + 1);
  }
  c.part[c.n++] = s;
  return c;
}

// Appends the check digit of the key written since out[start].
void AppendCheckDigit(std::string& out, size_t start) {
  const char check = Gs1CheckDigit(std::string_view(out).substr(start));
  out.push_back(check);
}

Status CheckKeyParts(std::string_view urn, std::string_view cp, std::string_view ref,
                     size_t digits_without_check) {
  if (cp.size() < 6 || cp.size() > 12 || !AllDigits(cp)) return Bad(urn, "bad company prefix");
  if (!AllDigits(ref) || cp.size() + ref.size() != digits_without_check) {
    return Bad(urn, "company prefix and reference must be " +
                        std::to_string(digits_without_check) + " digits");
  }
  return Status::Ok();
}

// A GS1 key made of company prefix + reference (+ check digit).
Status AppendKey(std::string_view urn, std::string_view cp, std::string_view ref,
                 size_t digits_without_check, std::string& out) {
  ORELOG_RETURN_IF_ERROR(CheckKeyParts(urn, cp, ref, digits_without_check));
  const size_t start = out.size();
  out.append(cp);
  out.append(ref);
  AppendCheckDigit(out, start);
  return Status::Ok();
}

// GTIN-14 from company prefix + indicator/item reference (indicator first).
Status AppendGtin(std::string_view urn, std::string_view cp, std::string_view ind_item,
                  std::string& out) {
  if (ind_item.empty()) return Bad(urn, "empty item reference");
  if (cp.size() < 6 || cp.size() > 12 || !AllDigits(cp)) return Bad(urn, "bad company prefix");
  if (!AllDigits(ind_item) || cp.size() + ind_item.size() != 13) {
    return Bad(urn, "company prefix and item reference must be 13 digits");
  }
  const size_t start = out.size();
  out.push_back(ind_item[0]);
  out.append(cp);
  out.append(ind_item.substr(1));
  AppendCheckDigit(out, start);
  return Status::Ok();
}

// A serial/lot/reference: percent-decoded, then re-encoded.
Status AppendSerial(std::string_view urn, std::string_view raw, std::string& out) {
  if (raw.find('%') == std::string_view::npos) {  // nothing to decode
    AppendDigitalLinkEncoded(raw, out);
    return Status::Ok();
  }
  auto decoded = PercentDecode(raw);
  if (!decoded.ok()) return Bad(urn, decoded.status().message());
  AppendDigitalLinkEncoded(*decoded, out);
  return Status::Ok();
}

Status AppendFromUrn(std::string_view urn, std::string_view kind, std::string_view scheme,
                     std::string_view body, std::string& out) {
  const bool pat = kind == "idpat";
  auto need = [&](size_t n) { return SplitN(body, n); };
  // Appends `sep` + the serial, or nothing for the "*" of a pattern.
  auto serial_or_pat = [&](std::string_view s, std::string_view sep) -> Status {
    if (pat) {
      if (s != "*") return Bad(urn, "only a trailing * pattern is supported");
      return Status::Ok();
    }
    if (s.empty()) return Bad(urn, "empty serial");
    out.append(sep);
    return AppendSerial(urn, s, out);
  };
  out.append(kIdGs1);
  if (kind == "class") {
    if (scheme != "lgtin") return Bad(urn, "unsupported EPC class scheme");
    auto p = need(3);
    if (p.size() != 3) return Bad(urn, "expected 3 components");
    out.append("01/");
    ORELOG_RETURN_IF_ERROR(AppendGtin(urn, p[0], p[1], out));
    if (p[2].empty()) return Bad(urn, "empty lot");
    out.append("/10/");
    return AppendSerial(urn, p[2], out);
  }
  if (scheme == "sgtin" || scheme == "upui") {
    auto p = need(3);
    if (p.size() != 3) return Bad(urn, "expected 3 components");
    out.append("01/");
    ORELOG_RETURN_IF_ERROR(AppendGtin(urn, p[0], p[1], out));
    if (scheme == "upui" && pat) return Bad(urn, "unsupported EPC pattern scheme");
    return serial_or_pat(p[2], scheme == "sgtin" ? "/21/" : "/235/");
  }
  if (scheme == "itip") {
    auto p = need(5);
    if (p.size() != 5) return Bad(urn, "expected 5 components");
    out.append("8006/");
    ORELOG_RETURN_IF_ERROR(AppendGtin(urn, p[0], p[1], out));
    if (p[2].size() != 2 || p[3].size() != 2 || !AllDigits(p[2]) || !AllDigits(p[3])) {
      return Bad(urn, "piece and total must be 2 digits");
    }
    out.append(p[2]);
    out.append(p[3]);
    return serial_or_pat(p[4], "/21/");
  }
  struct Simple {
    std::string_view scheme, ai;
    size_t digits;  // key digits without check; 0: no check digit, free text
    bool has_serial;
    std::string_view prefix;  // prepended to the key (GRAI's leading 0)
  };
  static constexpr std::array<Simple, 11> kSimple{{
      {"sscc", "00", 17, false, ""},   {"sgln", "414", 12, true, ""},
      {"grai", "8003", 12, true, "0"}, {"gdti", "253", 12, true, ""},
      {"sgcn", "255", 12, true, ""},   {"pgln", "417", 12, false, ""},
      {"gsrn", "8018", 17, false, ""}, {"gsrnp", "8017", 17, false, ""},
      {"gsin", "402", 16, false, ""},  {"giai", "8004", 0, false, ""},
      {"ginc", "401", 0, false, ""},
  }};
  for (const Simple& s : kSimple) {
    if (s.scheme != scheme) continue;
    auto p = need(s.has_serial ? 3 : 2);
    if (p.size() != (s.has_serial ? 3u : 2u)) return Bad(urn, "wrong number of components");
    if (pat && !s.has_serial) return Bad(urn, "unsupported EPC pattern scheme");
    out.append(s.ai);
    out.push_back('/');
    out.append(s.prefix);
    if (s.digits == 0) {
      if (p[0].size() < 6 || p[0].size() > 12 || !AllDigits(p[0])) return Bad(urn, "bad company prefix");
      if (p[1].empty()) return Bad(urn, "empty reference");
      out.append(p[0]);
      ORELOG_RETURN_IF_ERROR(AppendSerial(urn, p[1], out));
    } else if (s.scheme == "sscc") {
      if (p[1].empty()) return Bad(urn, "empty serial reference");
      // The extension digit moves in front of the company prefix.
      std::string_view cp = p[0], ext = p[1];
      ORELOG_RETURN_IF_ERROR(CheckKeyParts(urn, cp, ext, 17));
      const size_t start = out.size();
      out.push_back(ext[0]);
      out.append(cp);
      out.append(ext.substr(1));
      AppendCheckDigit(out, start);
    } else {
      ORELOG_RETURN_IF_ERROR(AppendKey(urn, p[0], p[1], s.digits, out));
    }
    if (!s.has_serial) return Status::Ok();
    if (s.scheme == "sgln") {
      if (pat) return Bad(urn, "unsupported EPC pattern scheme");
      if (p[2].empty()) return Bad(urn, "empty GLN extension (use 0 for none)");
      if (p[2] != "0") {
        out.append("/254/");
        return AppendSerial(urn, p[2], out);
      }
      return Status::Ok();
    }
    return serial_or_pat(p[2], "");  // GRAI, GDTI, SGCN: the serial follows the key directly
  }
  if (scheme == "cpi") {
    auto p = need(3);
    if (p.size() != 3) return Bad(urn, "expected 3 components");
    if (p[0].size() < 6 || p[0].size() > 12 || !AllDigits(p[0])) return Bad(urn, "bad company prefix");
    out.append("8010/");
    out.append(p[0]);
    ORELOG_RETURN_IF_ERROR(AppendSerial(urn, p[1], out));
    return serial_or_pat(p[2], "/8011/");
  }
  return Bad(urn, "unsupported EPC scheme");
}

struct Ai {
  std::string_view ai, alpha;
};
constexpr std::array<Ai, 21> kAis{{
    {"00", "sscc"},   {"01", "gtin"},   {"10", "lot"},    {"21", "ser"},    {"22", "cpv"},
    {"235", "tpx"},   {"253", "gdti"},  {"254", "glnx"},  {"255", "gcn"},   {"401", "ginc"},
    {"402", "gsin"},  {"414", "gln"},   {"417", "party"}, {"8003", "grai"}, {"8004", "giai"},
    {"8006", "itip"}, {"8010", "cpid"}, {"8011", "cpsn"}, {"8017", "gsrnp"}, {"8018", "gsrn"},
    {"8013", "gmn"},
}};
constexpr std::array<std::string_view, 14> kPrimary{
    "00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010", "8017", "8018"};

// `a == b`, rejecting on the size and first byte before calling memcmp.
bool Same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || a[0] == b[0]) && a == b;
}

std::string_view AiOf(std::string_view seg) {
  if (seg.empty()) return {};
  const bool numeric = seg[0] >= '0' && seg[0] <= '9';  // an AI, else a convenience alpha
  for (const Ai& a : kAis) {
    if (Same(seg, numeric ? a.ai : a.alpha)) return a.ai;
  }
  return {};
}

// The position of the first of `chars` in `s`, or npos (find_first_of calls
// memchr once per character of `s`).
size_t FindAny(std::string_view s, std::string_view chars) {
  for (size_t i = 0; i < s.size(); ++i) {
    for (char c : chars) {
      if (s[i] == c) return i;
    }
  }
  return std::string_view::npos;
}

bool IsPrimary(std::string_view ai) {
  return std::find(kPrimary.begin(), kPrimary.end(), ai) != kPrimary.end();
}

bool CheckOk(std::string_view digits) {
  return digits.size() >= 2 && AllDigits(digits) &&
         Gs1CheckDigit(digits.substr(0, digits.size() - 1)) == digits.back();
}

// Validates the primary key value (decoded) and returns its canonical form.
Result<std::string> PrimaryValue(std::string_view uri, std::string_view ai, std::string value) {
  auto fixed = [&](size_t n) -> Result<std::string> {
    if (value.size() != n || !AllDigits(value)) {
      return Bad(uri, "AI " + std::string(ai) + " must be " + std::to_string(n) + " digits");
    }
    if (!CheckOk(value)) return Bad(uri, "wrong check digit");
    return value;
  };
  auto keyed = [&](size_t n, size_t max_tail) -> Result<std::string> {
    if (value.size() < n || value.size() > n + max_tail || !AllDigits(value.substr(0, n))) {
      return Bad(uri, "AI " + std::string(ai) + " must start with " + std::to_string(n) + " digits");
    }
    if (!CheckOk(value.substr(0, n))) return Bad(uri, "wrong check digit");
    return value;
  };
  if (ai == "00") return fixed(18);
  if (ai == "01") {
    if (!AllDigits(value) || (value.size() != 8 && value.size() != 12 && value.size() != 13 &&
                              value.size() != 14)) {
      return Bad(uri, "GTIN must be 8, 12, 13 or 14 digits");
    }
    value.insert(0, 14 - value.size(), '0');
    return fixed(14);
  }
  if (ai == "253" || ai == "255") return keyed(13, 17);
  if (ai == "402") return fixed(17);
  if (ai == "414" || ai == "417") return fixed(13);
  if (ai == "8003") return keyed(14, 16);
  if (ai == "8006") {
    ORELOG_ASSIGN_OR_RETURN(std::string v, keyed(14, 4));
    if (v.size() != 18 || !AllDigits(v)) return Bad(uri, "AI 8006 must be 18 digits");
    return v;
  }
  if (ai == "8017" || ai == "8018") return fixed(18);
  if (value.empty() || value.size() > 30) return Bad(uri, "AI " + std::string(ai) + " must be 1-30 characters");
  return value;  // 401, 8004, 8010: no check digit
}

// The '/'-separated segments of a Digital Link path, split as they always
// have been: nothing after a final '/', then one trailing empty segment
// dropped ("01/x/" and "01/x//" both have 2).
size_t CountPathSegments(std::string_view path) {
  size_t n = 0;
  bool last_empty = false;
  while (!path.empty()) {
    size_t s = path.find('/');
    ++n;
    last_empty = s == 0;
    if (s == std::string_view::npos) break;
    path.remove_prefix(s + 1);
  }
  return last_empty ? n - 1 : n;
}

// The next segment of `rest`, which then starts after it.
std::string_view NextPathSegment(std::string_view& rest) {
  size_t s = rest.find('/');
  std::string_view seg = rest.substr(0, s);
  rest.remove_prefix(s == std::string_view::npos ? rest.size() : s + 1);
  return seg;
}

}  // namespace

char Gs1CheckDigit(std::string_view digits) {
  int sum = 0;
  int weight = 3;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = 4 - weight;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string DigitalLinkEncode(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  AppendDigitalLinkEncoded(raw, out);
  return out;
}

void AppendDigitalLinkEncoded(std::string_view raw, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  auto keep = [](unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '\'';
  };
  size_t i = 0;
  while (i < raw.size()) {
    size_t run = i;  // bytes that stay are appended as one run
    while (run < raw.size() && keep(static_cast<unsigned char>(raw[run]))) ++run;
    out.append(raw.substr(i, run - i));
    if (run == raw.size()) break;
    const auto c = static_cast<unsigned char>(raw[run]);
    const char escape[3] = {'%', kHex[c >> 4], kHex[c & 15]};
    out.append(escape, 3);
    i = run + 1;
  }
}

Result<std::string> PercentDecode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return Status::Invalid("truncated %-escape");
    int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
    if (hi < 0 || lo < 0) return Status::Invalid("malformed %-escape");
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

Status AppendEpcUrnAsDigitalLink(std::string_view urn, std::string& out) {
  constexpr std::string_view kPrefix = "urn:epc:";
  if (urn.substr(0, kPrefix.size()) != kPrefix) return Bad(urn, "not an EPC URN");
  std::string_view rest = urn.substr(kPrefix.size());
  size_t c1 = rest.find(':');
  if (c1 == std::string_view::npos) return Bad(urn, "missing EPC scheme");
  std::string_view kind = rest.substr(0, c1);
  rest.remove_prefix(c1 + 1);
  size_t c2 = rest.find(':');
  if (c2 == std::string_view::npos) return Bad(urn, "missing EPC scheme");
  if (kind != "id" && kind != "class" && kind != "idpat") return Bad(urn, "unsupported EPC URN kind");
  return AppendFromUrn(urn, kind, rest.substr(0, c2), rest.substr(c2 + 1), out);
}

Result<std::string> EpcUrnToDigitalLink(std::string_view urn) {
  std::string out;
  ORELOG_RETURN_IF_ERROR(AppendEpcUrnAsDigitalLink(urn, out));
  return out;
}

bool LooksLikeDigitalLink(std::string_view uri) {
  size_t start;
  if (uri.starts_with("https://")) {
    start = 8;
  } else if (uri.starts_with("http://")) {
    start = 7;
  } else {
    return false;
  }
  size_t slash = uri.find('/', start);
  if (slash == std::string_view::npos) return false;
  std::string_view path = uri.substr(slash + 1);
  std::string_view first = path.substr(0, FindAny(path, "/?#"));
  std::string_view ai = AiOf(first);
  return !ai.empty() && IsPrimary(ai) && first.size() < path.size() && path[first.size()] == '/';
}

namespace {

// The canonical form of a Digital Link for which LooksLikeDigitalLink holds.
Status AppendDigitalLinkPath(std::string_view uri, std::string& out) {
  size_t slash = uri.find('/', uri.find("//") + 2);
  std::string_view path = uri.substr(slash + 1);
  path = path.substr(0, FindAny(path, "?#"));
  const size_t n = CountPathSegments(path);
  if (n % 2 != 0) return Bad(uri, "Digital Link path must be AI/value pairs");
  std::string_view rest = path;
  const std::string_view primary = AiOf(NextPathSegment(rest));
  const std::string_view primary_value = NextPathSegment(rest);
  std::string_view kept_ai, kept_value;
  std::string kept_decoded;  // backs kept_value if it had %-escapes
  int kept_rank = 0;
  for (size_t i = 2; i < n; i += 2) {
    const std::string_view seg = NextPathSegment(rest), seg_value = NextPathSegment(rest);
    std::string_view q = AiOf(seg);
    int rank = 0;  // which qualifier wins when several are present
    if (primary == "01") {
      rank = q == "21" ? 3 : q == "235" ? 2 : q == "10" ? 1 : q == "22" ? -1 : 0;
    } else if (primary == "8006") {
      rank = q == "21" ? 2 : q == "10" ? 1 : q == "22" ? -1 : 0;
    } else if (primary == "414") {
      rank = q == "254" ? 1 : 0;
    } else if (primary == "8010") {
      rank = q == "8011" ? 1 : 0;
    }
    if (rank == 0) return Bad(uri, "unexpected key qualifier \"" + std::string(seg) + "\"");
    if (seg_value.empty()) return Bad(uri, "empty qualifier value");
    if (rank > kept_rank) {
      kept_rank = rank;
      kept_ai = q;
      kept_value = seg_value;
      if (seg_value.find('%') != std::string_view::npos) {
        auto v = PercentDecode(seg_value);
        if (!v.ok()) return Bad(uri, v.status().message());
        kept_decoded = std::move(*v);
        kept_value = kept_decoded;
      }
    }
  }
  std::string decoded(primary_value);
  if (primary_value.find('%') != std::string_view::npos) {
    auto v = PercentDecode(primary_value);
    if (!v.ok()) return Bad(uri, v.status().message());
    decoded = std::move(*v);
  }
  ORELOG_ASSIGN_OR_RETURN(std::string value, PrimaryValue(uri, primary, std::move(decoded)));
  out.append(kIdGs1);
  out.append(primary);
  out.push_back('/');
  AppendDigitalLinkEncoded(value, out);
  if (kept_rank > 0) {
    out.push_back('/');
    out.append(kept_ai);
    out.push_back('/');
    AppendDigitalLinkEncoded(kept_value, out);
  }
  return Status::Ok();
}

}  // namespace

Status AppendNormalizedDigitalLink(std::string_view uri, std::string& out) {
  if (!LooksLikeDigitalLink(uri)) return Bad(uri, "not a GS1 Digital Link");
  return AppendDigitalLinkPath(uri, out);
}

Result<std::string> NormalizeDigitalLink(std::string_view uri) {
  std::string out;
  ORELOG_RETURN_IF_ERROR(AppendNormalizedDigitalLink(uri, out));
  return out;
}

Status AppendNormalizedIdentifier(std::string_view value, std::string& out) {
  if (value.starts_with("urn:epc:id:") || value.starts_with("urn:epc:class:") ||
      value.starts_with("urn:epc:idpat:")) {
    return AppendEpcUrnAsDigitalLink(value, out);
  }
  if (LooksLikeDigitalLink(value)) return AppendDigitalLinkPath(value, out);
  out.append(value);
  return Status::Ok();
}

Result<std::string> NormalizeIdentifier(std::string_view value) {
  std::string out;
  ORELOG_RETURN_IF_ERROR(AppendNormalizedIdentifier(value, out));
  return out;
}

}  // namespace orelog::epcis
