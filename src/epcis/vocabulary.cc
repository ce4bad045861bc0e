#include "epcis/vocabulary.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <boost/json.hpp>

#include "epcis/cbv_terms.h"

namespace orelog::epcis {
namespace {

using cbv::kBizSteps;
using cbv::kBizTransactionTypes;
using cbv::kDispositions;
using cbv::kErrorReasons;
using cbv::kSourceDestTypes;

struct VocabInfo {
  std::string_view name;       // for messages
  std::string_view urn;        // CBV 1.x URN prefix
  std::string_view web;        // Web URI prefix
  const std::string_view* terms;  // nullptr: not enumerated here
  size_t n_terms;
};

VocabInfo Info(Vocab v) {
  switch (v) {
    case Vocab::kBizStep:
      return {"bizStep", "urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-",
              kBizSteps.data(), kBizSteps.size()};
    case Vocab::kDisposition:
      return {"disposition", "urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-",
              kDispositions.data(), kDispositions.size()};
    case Vocab::kBizTransactionType:
      return {"bizTransaction type", "urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-",
              kBizTransactionTypes.data(), kBizTransactionTypes.size()};
    case Vocab::kSourceDestType:
      return {"source/destination type", "urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-",
              kSourceDestTypes.data(), kSourceDestTypes.size()};
    case Vocab::kErrorReason:
      return {"error reason", "urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-",
              kErrorReasons.data(), kErrorReasons.size()};
    case Vocab::kMeasurement:
      return {"sensor type", "", "https://gs1.org/voc/", nullptr, 0};
    case Vocab::kComponent:
      return {"component", "", "https://ref.gs1.org/cbv/Comp-", nullptr, 0};
  }
  return {"?", "", "", nullptr, 0};
}

// Whether `word` is one of the vocabulary's terms (first byte checked
// before comparing: the lists are short, most candidates differ there).
bool IsTerm(const VocabInfo& info, std::string_view word) {
  for (size_t i = 0; i < info.n_terms; ++i) {
    std::string_view t = info.terms[i];
    if (t.size() == word.size() && t[0] == word[0] && t == word) return true;
  }
  return false;
}

bool IsBareWord(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

}  // namespace

const Namespaces& StandardNamespaces() {
  static const Namespaces kNs = {
      {"epcis", "https://ref.gs1.org/epcis/"},
      {"cbv", "https://ref.gs1.org/cbv/"},
      {"cbvmda", "urn:epcglobal:cbv:mda:"},
      {"gs1", "https://gs1.org/voc/"},
      {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
      {"owl", "http://www.w3.org/2002/07/owl#"},
      {"xsd", "http://www.w3.org/2001/XMLSchema#"},
      {"dcterms", "http://purl.org/dc/terms/"},
  };
  return kNs;
}

namespace {

// Rule shared by AddContextNamespaces and PrefixScope::Add: calls
// declare(prefix, iri) for every inline prefix of `context`, after checking
// that it is a plain IRI and does not redefine a standard prefix.
template <typename Declare>
Status ForEachContextPrefix(const boost::json::value& context, Declare&& declare) {
  if (context.is_string()) return Status::Ok();  // a context URL: not fetched
  if (context.is_array()) {
    for (const auto& item : context.get_array()) {
      ORELOG_RETURN_IF_ERROR(ForEachContextPrefix(item, declare));
    }
    return Status::Ok();
  }
  if (!context.is_object()) return Status::Invalid("@context must be a string, object or array");
  for (const auto& [key, iri] : context.get_object()) {
    if (key.starts_with("@")) continue;  // @vocab, @version, ...: not prefixes
    auto std_it = StandardNamespaces().find(std::string_view(key));
    if (iri.is_object()) {
      // An expanded term definition ({"@type": "@id"}, {"@id": ..., "@type": ...})
      // types a term; it declares no CURIE prefix the hash expands with. It may
      // not redefine a standard prefix (the standard context is @protected).
      if (std_it != StandardNamespaces().end()) {
        const boost::json::value* id = iri.get_object().if_contains("@id");
        if (id == nullptr || !id->is_string() || id->get_string() != std_it->second) {
          return Status::Invalid("@context redefines the standard prefix \"" + std::string(key) + "\"");
        }
      }
      continue;
    }
    if (!iri.is_string()) {
      return Status::Invalid("@context term \"" + std::string(key) + "\" is not a plain IRI prefix");
    }
    std::string_view value = iri.get_string();
    if (std_it != StandardNamespaces().end() && std_it->second != value) {
      return Status::Invalid("@context redefines the standard prefix \"" + std::string(key) + "\"");
    }
    if (!declare(std::string_view(key), value)) {
      return Status::Invalid("@context declares prefix \"" + std::string(key) + "\" twice");
    }
  }
  return Status::Ok();
}

}  // namespace

Status AddContextNamespaces(const boost::json::value& context, Namespaces& ns) {
  return ForEachContextPrefix(context, [&](std::string_view prefix, std::string_view iri) {
    auto [it, inserted] = ns.emplace(std::string(prefix), std::string(iri));
    return inserted || it->second == iri;
  });
}

PrefixScope::PrefixScope(const Namespaces& base) : base_(&base) {
  for (const auto& [prefix, iri] : base) NoteFirstByte(prefix);
}

Status PrefixScope::Add(const boost::json::value& context) {
  return ForEachContextPrefix(context, [&](std::string_view prefix, std::string_view iri) {
    if (std::optional<std::string_view> known = Find(prefix)) return *known == iri;
    added_.emplace_back(prefix, iri);
    NoteFirstByte(prefix);
    return true;
  });
}

std::optional<std::string_view> PrefixScope::Find(std::string_view prefix) const {
  const auto c = static_cast<unsigned char>(prefix.empty() ? 0 : prefix[0]);
  if ((first_bytes_[c / 64] >> (c % 64) & 1) == 0) return std::nullopt;
  for (const auto& [p, iri] : added_) {
    if (p == prefix) return iri;
  }
  auto it = base_->find(prefix);
  if (it == base_->end()) return std::nullopt;
  return std::string_view(it->second);
}

void AppendExpandedCurie(std::string_view value, const PrefixScope& ns, std::string& out) {
  size_t colon = value.find(':');
  if (colon != std::string_view::npos && colon != 0 &&
      !value.substr(colon + 1).starts_with("//")) {  // not an absolute IRI
    if (std::optional<std::string_view> iri = ns.Find(value.substr(0, colon))) {
      out.append(*iri);
      out.append(value.substr(colon + 1));
      return;
    }
  }
  out.append(value);
}

std::string ExpandCurie(std::string_view value, const Namespaces& ns) {
  std::string out;
  AppendExpandedCurie(value, PrefixScope(ns), out);
  return out;
}

Status AppendNormalizedVocabulary(Vocab vocab, std::string_view value, const PrefixScope& ns,
                                  std::string& out) {
  VocabInfo info = Info(vocab);
  if (!info.urn.empty() && value.starts_with(info.urn)) {
    out.append(info.web);
    out.append(value.substr(info.urn.size()));
    return Status::Ok();
  }
  if (value.find(':') != std::string_view::npos) {
    AppendExpandedCurie(value, ns, out);
    return Status::Ok();
  }
  if (!IsBareWord(value)) {
    return Status::Invalid(std::string(info.name) + " \"" + std::string(value) +
                           "\" is neither a CBV term nor a URI");
  }
  if (info.terms != nullptr && !IsTerm(info, value)) {
    return Status::Invalid(std::string(info.name) + " \"" + std::string(value) +
                           "\" is not a CBV 2.0 term; use a URI for other values");
  }
  out.append(info.web);
  out.append(value);
  return Status::Ok();
}

Result<std::string> NormalizeVocabulary(Vocab vocab, std::string_view value, const Namespaces& ns) {
  std::string out;
  ORELOG_RETURN_IF_ERROR(AppendNormalizedVocabulary(vocab, value, PrefixScope(ns), out));
  return out;
}

void AppendNumber(const boost::json::value& v, std::string& out) {
  char buf[64];
  std::to_chars_result res;
  if (v.is_int64()) {
    res = std::to_chars(buf, buf + sizeof buf, v.get_int64());
  } else if (v.is_uint64()) {
    res = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
  } else {
    res = std::to_chars(buf, buf + sizeof buf, v.get_double());  // shortest round trip
  }
  out.append(buf, res.ptr);
}

std::string FormatNumber(const boost::json::value& v) {
  std::string out;
  AppendNumber(v, out);
  return out;
}

}  // namespace orelog::epcis
