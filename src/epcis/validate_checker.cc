#include "epcis/validate_checker.h"

#include <algorithm>
#include <vector>

#include <boost/json.hpp>

#include "epcis/gs1_keys.h"

namespace orelog::epcis::validate_internal {
namespace json = boost::json;

namespace {

void AppendEscaped(std::string& out, std::string_view key) {
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

std::string Quoted(std::string_view s) {
  constexpr size_t kMax = 80;  // keep problem details short
  std::string out = "\"";
  out += s.size() > kMax ? std::string(s.substr(0, kMax)) + "..." : std::string(s);
  out += '"';
  return out;
}

// An object whose members all map to strings: the common case, passed on as is.
bool HasExpandedTerms(const json::value& context) {
  if (context.is_array()) {
    return std::any_of(context.get_array().begin(), context.get_array().end(), HasExpandedTerms);
  }
  if (!context.is_object()) return false;
  for (const auto& member : context.get_object()) {
    if (member.value().is_object()) return true;
  }
  return false;
}

json::value WithoutExpandedTerms(const json::value& context) {
  if (context.is_array()) {
    json::array out;
    for (const auto& item : context.get_array()) out.push_back(WithoutExpandedTerms(item));
    return out;
  }
  if (!context.is_object()) return context;
  json::object out;
  for (const auto& member : context.get_object()) {
    if (!member.value().is_object()) out.emplace(member.key(), member.value());
  }
  return out;
}

}  // namespace

const char* KindName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
  }
  return "?";
}

Status AddContextPrefixes(const json::value& context, Namespaces& ns) {
  if (!HasExpandedTerms(context)) return AddContextNamespaces(context, ns);
  return AddContextNamespaces(WithoutExpandedTerms(context), ns);  // rare: allocation is fine
}

std::string Checker::Pointer(const Path& at) const {
  const Path* chain[2 * kMaxNesting + 8];  // paths never go deeper than the nesting limit
  size_t n = 0;
  for (const Path* p = &at; p != nullptr && !p->IsRoot(); p = p->up) {
    if (n == std::size(chain)) break;
    chain[n++] = p;
  }
  std::string out(base_);
  while (n > 0) {
    const Path* p = chain[--n];
    out += '/';
    if (p->index != Path::kMember) {
      out += std::to_string(p->index);
    } else {
      AppendEscaped(out, p->key);
    }
  }
  return out;
}

bool Checker::Fail(const Path& at, std::string message) {
  if (!violation_) violation_ = Violation{Pointer(at), std::move(message)};
  return false;
}

bool Checker::FailSemantic(const Path& at, std::string message) {
  if (!semantic_) semantic_ = Violation{Pointer(at), std::move(message)};
  return true;
}

std::optional<Violation> Checker::Outcome() { return violation_ ? violation_ : semantic_; }

bool Checker::Require(const json::object& obj, const Path& at, std::string_view name) {
  if (obj.contains(name)) return true;
  return Fail(at.Member(name), "required member \"" + std::string(name) + "\" is missing");
}

bool Checker::String(const json::value& v, const Path& at) {
  if (v.is_string()) return true;
  return Fail(at, std::string("must be a string, not ") + KindName(v));
}

bool Checker::Number(const json::value& v, const Path& at) {
  if (v.is_number()) return true;
  return Fail(at, std::string("must be a number, not ") + KindName(v));
}

bool Checker::Uri(const json::value& v, const Path& at, Id id) {
  if (!v.is_string()) return Fail(at, std::string("must be a URI string, not ") + KindName(v));
  const std::string_view s = v.get_string();
  if (!IsUriFormat(s)) return Fail(at, Quoted(s) + " is not a URI (RFC 3986: scheme \":\" ...)");
  if (!CuriePrefixDeclared(s, *ns_)) {
    FailSemantic(at, "the prefix of " + Quoted(s) + " is not declared in @context");
  }
  return id == Id::kPlain || Gs1Key(s, at);
}

bool Checker::Gs1Key(std::string_view s, const Path& at) {
  if (!s.starts_with("urn:epc:") && !LooksLikeDigitalLink(s)) return true;
  Result<std::string> canonical = NormalizeIdentifier(s);
  if (canonical.ok()) return true;
  return FailSemantic(at, canonical.status().message());
}

bool Checker::UriList(const json::value& v, const Path& at, bool unique, Id id) {
  if (!v.is_array()) return Fail(at, std::string("must be an array of URIs, not ") + KindName(v));
  const json::array& a = v.get_array();
  for (size_t i = 0; i < a.size(); ++i) {
    if (!Uri(a[i], at.Item(i), id)) return false;
  }
  return !unique || Unique(a, at);
}

bool Checker::Time(const json::value& v, const Path& at) {
  if (!v.is_string()) return Fail(at, std::string("must be a date-time string, not ") + KindName(v));
  if (IsDateTime(v.get_string())) return true;
  return Fail(at, Quoted(v.get_string()) +
                      " is not a date-time (YYYY-MM-DDThh:mm:ss[.fff] with Z or an offset up to ±14:00)");
}

bool Checker::Vocabulary(const json::value& v, const Path& at, Terms terms) {
  if (!v.is_string()) return Fail(at, std::string("must be a string, not ") + KindName(v));
  const std::string_view s = v.get_string();
  if (IsTerm(terms, s)) return true;
  if (!IsVocabularyUri(terms, s)) {
    return Fail(at, Quoted(s) + " is neither a standard term nor an allowed URI (other values must be URIs)");
  }
  if (!CuriePrefixDeclared(s, *ns_)) {
    return FailSemantic(at, "the prefix of " + Quoted(s) + " is not declared in @context");
  }
  return true;
}

bool Checker::Context(const json::value& v, const Path& at) {
  auto item = [&](const json::value& x, const Path& p) {
    if (x.is_object()) return true;
    if (x.is_string()) {
      return IsUriFormat(x.get_string()) || Fail(p, Quoted(x.get_string()) + " is not a context URI");
    }
    return Fail(p, std::string("a context must be a URI or an object, not ") + KindName(x));
  };
  if (!v.is_array()) return item(v, at);
  const json::array& a = v.get_array();
  for (size_t i = 0; i < a.size(); ++i) {
    if (!item(a[i], at.Item(i))) return false;
  }
  return Unique(a, at);
}

bool Checker::ExtensionName(std::string_view name, const Path& at) {
  if (!IsUriFormat(name)) {
    return Fail(at, "member " + Quoted(name) +
                        " is not defined here; extension members must be named by a URI or CURIE");
  }
  if (!CuriePrefixDeclared(name, *ns_)) {
    return FailSemantic(at, "the prefix of member " + Quoted(name) + " is not declared in @context");
  }
  return true;
}

bool Checker::ExtensionValue(const json::value& v, const Path& at) {
  if (v.is_array()) {
    const json::array& a = v.get_array();
    for (size_t i = 0; i < a.size(); ++i) {
      if (!ExtensionValue(a[i], at.Item(i))) return false;
    }
    return true;
  }
  return !v.is_object() || FreeMembers(v.get_object(), at);
}

bool Checker::FreeMembers(const json::object& obj, const Path& at) {
  for (const auto& member : obj) {
    if (!FreeMember(member.key(), member.value(), at.Member(member.key()))) return false;
  }
  return true;
}

bool Checker::FreeMember(std::string_view name, const json::value& v, const Path& at) {
  if (!CuriePrefixDeclared(name, *ns_)) {
    FailSemantic(at, "the prefix of member " + Quoted(name) + " is not declared in @context");
  }
  return ExtensionValue(v, at);
}

bool Checker::Depth(const json::value& v, const Path& at, size_t budget, const json::value* skip) {
  if (v.is_object()) return Depth(v.get_object(), at, budget, skip);
  if (!v.is_array()) return true;
  if (budget == 0) return Fail(at, "nested deeper than " + std::to_string(kMaxNesting) + " levels");
  if (&v == skip) return true;
  const json::array& a = v.get_array();
  for (size_t i = 0; i < a.size(); ++i) {
    if (!Depth(a[i], at.Item(i), budget - 1, skip)) return false;
  }
  return true;
}

bool Checker::Depth(const json::object& obj, const Path& at, size_t budget, const json::value* skip) {
  if (budget == 0) return Fail(at, "nested deeper than " + std::to_string(kMaxNesting) + " levels");
  for (const auto& member : obj) {
    if (!Depth(member.value(), at.Member(member.key()), budget - 1, skip)) return false;
  }
  return true;
}

bool Checker::Unique(const json::array& a, const Path& at) {
  constexpr size_t kPairwise = 16;
  auto duplicate = [&](size_t i) {
    return Fail(at.Item(i), "duplicate array element (the schema requires unique items)");
  };
  const bool all_strings =
      std::all_of(a.begin(), a.end(), [](const json::value& x) { return x.is_string(); });
  if (a.size() <= kPairwise || !all_strings) {
    for (size_t i = 1; i < a.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (a[i] == a[j]) return duplicate(i);
      }
    }
    return true;
  }
  // Long string arrays (epcList): sort views in a per-thread scratch vector.
  thread_local std::vector<std::pair<std::string_view, size_t>> scratch;
  scratch.clear();
  for (size_t i = 0; i < a.size(); ++i) scratch.emplace_back(a[i].get_string(), i);
  std::sort(scratch.begin(), scratch.end());
  for (size_t k = 1; k < scratch.size(); ++k) {
    if (scratch[k].first == scratch[k - 1].first) return duplicate(scratch[k].second);
  }
  return true;
}

}  // namespace orelog::epcis::validate_internal
