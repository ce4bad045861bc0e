// The pre-hash renderer: walks an event in canonical property order.
//
// Grammar of the output (no separators anywhere):
//   leaf       = key "=" value
//   list       = listName element*            (elements sorted, name once)
//   object     = name field* extension*       (readPoint, sensorMetadata, ...)
//   extension  = "{" nsIRI "}" local ( "=" value | extension* )
// Elements of every list and the extensions of every object are sorted by
// byte (= code point) order of their rendered strings.
//
// Everything is appended to one output buffer. A sorted group (list
// elements, extensions, the top-level tail) is rendered in place, each
// element recorded as an Entry (offset, size); the group is then reordered
// in place if it is not already sorted. Each object's members are walked once
// and bucketed by key, so no member is looked up by name.
#include "epcis/prehash.h"
#include "epcis/prehash_fields.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <span>

#include <boost/json.hpp>

#include "epcis/gs1_keys.h"
#include "epcis/timestamp.h"

namespace orelog::epcis {
namespace {

namespace json = boost::json;

using namespace prehash;  // NOLINT: the tables are this file's vocabulary

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// An extension key resolved: "{ns}local", or the key verbatim.
struct ExtensionName {
  std::string_view ns, local;
  bool verbatim = false;
};

// One element of a sorted group: out[begin, begin + size).
struct Entry {
  size_t begin, size;
};

class Renderer {
 public:
  Renderer(const PrefixScope& ns, std::string& out) : ns_(ns), out_(out) {}

  // Appends a scalar JSON value, normalised.
  Status Value(std::string_view key, const json::value& v, Norm norm) {
    if (v.is_number()) {
      if (norm != Norm::kPlain) return Status::Invalid("field \"" + std::string(key) + "\" must be a string");
      AppendNumber(v, out_);
      return Status::Ok();
    }
    if (v.is_bool()) {
      if (norm != Norm::kPlain) return Status::Invalid("field \"" + std::string(key) + "\" must be a string");
      out_.append(v.get_bool() ? "true" : "false");
      return Status::Ok();
    }
    if (!v.is_string()) {
      return Status::Invalid("field \"" + std::string(key) + "\" must be a string or number");
    }
    std::string_view s = Trim(v.get_string());
    Status st;
    switch (norm) {
      case Norm::kPlain: st = Plain(s); break;
      case Norm::kTime: st = AppendNormalizedTimestamp(s, out_); break;
      case Norm::kOffset:
        ORELOG_RETURN_IF_ERROR(ValidateTimeZoneOffset(s));
        out_.append(s);
        break;
      case Norm::kAction:
        if (s != "ADD" && s != "OBSERVE" && s != "DELETE") {
          return Status::Invalid("action \"" + std::string(s) + "\" must be ADD, OBSERVE or DELETE");
        }
        out_.append(s);
        break;
      case Norm::kBizStep: st = AppendNormalizedVocabulary(Vocab::kBizStep, s, ns_, out_); break;
      case Norm::kDisp: st = AppendNormalizedVocabulary(Vocab::kDisposition, s, ns_, out_); break;
      case Norm::kBtt: st = AppendNormalizedVocabulary(Vocab::kBizTransactionType, s, ns_, out_); break;
      case Norm::kSdt: st = AppendNormalizedVocabulary(Vocab::kSourceDestType, s, ns_, out_); break;
      case Norm::kMeas: st = AppendNormalizedVocabulary(Vocab::kMeasurement, s, ns_, out_); break;
      case Norm::kComp: st = AppendNormalizedVocabulary(Vocab::kComponent, s, ns_, out_); break;
    }
    if (!st.ok()) return st.With(std::string(key));
    return Status::Ok();
  }

  // A plain string: CURIE expanded, then identifiers normalised.
  Status Plain(std::string_view s) {
    size_t colon = s.find(':');
    if (colon == std::string_view::npos) {  // neither a CURIE, a URN nor a URI
      out_.append(s);
      return Status::Ok();
    }
    if (colon != 0 && !s.substr(colon + 1).starts_with("//")) {
      if (std::optional<std::string_view> iri = ns_.Find(s.substr(0, colon))) {
        std::string expanded;  // rare: a CURIE value
        expanded.reserve(iri->size() + s.size() - colon - 1);
        expanded.append(*iri);
        expanded.append(s.substr(colon + 1));
        return AppendNormalizedIdentifier(expanded, out_);
      }
    }
    return AppendNormalizedIdentifier(s, out_);
  }

  // Appends one standard field (nothing if absent or empty).
  Status RenderField(const Field& f, const json::value& v) {
    if (v.is_null()) return Status::Ok();
    const size_t start = out_.size();
    switch (f.shape) {
      case Shape::kScalar:
        if (v.is_array() || v.is_object()) {
          return Status::Invalid("field \"" + std::string(f.name) + "\" must be a single value");
        }
        out_.append(f.name);
        out_.push_back('=');
        return Value(f.name, v, f.norm);
      case Shape::kRepeated:
      case Shape::kList: {
        if (!v.is_array() && f.shape == Shape::kList) {
          return Status::Invalid("field \"" + std::string(f.name) + "\" must be an array");
        }
        if (f.shape == Shape::kList) out_.append(f.name);
        const std::string_view elem = f.shape == Shape::kList ? f.elem : f.name;
        const size_t group = entries_.size();
        auto add = [&](const json::value& item) -> Status {
          if (item.is_null()) return Status::Ok();
          if (item.is_array() || item.is_object()) {
            return Status::Invalid("elements of \"" + std::string(f.name) + "\" must be single values");
          }
          const size_t begin = out_.size();
          out_.append(elem);
          out_.push_back('=');
          ORELOG_RETURN_IF_ERROR(Value(f.name, item, f.norm));
          entries_.push_back({begin, out_.size() - begin});
          return Status::Ok();
        };
        if (v.is_array()) {
          for (const auto& item : v.get_array()) ORELOG_RETURN_IF_ERROR(add(item));
        } else {
          ORELOG_RETURN_IF_ERROR(add(v));
        }
        if (entries_.size() == group) {
          out_.resize(start);
          return Status::Ok();
        }
        SortGroup(group, nullptr);
        return Status::Ok();
      }
      case Shape::kObject:
      case Shape::kIlmd: {
        if (!v.is_object()) return Status::Invalid("field \"" + std::string(f.name) + "\" must be an object");
        out_.append(f.name);
        ORELOG_RETURN_IF_ERROR(Object(f.name, v.get_object(), f.sub));
        if (out_.size() == start + f.name.size()) out_.resize(start);
        return Status::Ok();
      }
      case Shape::kObjectList: {
        if (!v.is_array()) return Status::Invalid("field \"" + std::string(f.name) + "\" must be an array");
        if (f.list_name) out_.append(f.name);
        const size_t group = entries_.size();
        for (const auto& item : v.get_array()) {
          if (!item.is_object()) {
            return Status::Invalid("elements of \"" + std::string(f.name) + "\" must be objects");
          }
          const size_t begin = out_.size();
          out_.append(f.elem);
          ORELOG_RETURN_IF_ERROR(Object(f.name, item.get_object(), f.sub));
          if (out_.size() == begin + f.elem.size()) {
            out_.resize(begin);  // an empty element
          } else {
            entries_.push_back({begin, out_.size() - begin});
          }
        }
        if (entries_.size() == group) {
          out_.resize(start);
          return Status::Ok();
        }
        SortGroup(group, nullptr);
        return Status::Ok();
      }
    }
    return Status::Internal("unknown field shape");
  }

  // Appends the fields of a standard object in `spec` order, then its
  // extensions sorted. One walk over the members buckets them by field.
  Status Object(std::string_view where, const json::object& obj, std::span<const Field> spec) {
    std::array<const json::value*, kMaxSpec> slot{};
    size_t extensions = 0;
    for (const auto& member : obj) {
      int i = SpecIndex(spec, member.key());
      if (i < 0) {
        ++extensions;
      } else {
        slot[static_cast<size_t>(i)] = &member.value();
      }
    }
    for (size_t i = 0; i < spec.size(); ++i) {
      if (slot[i] == nullptr) continue;
      if (Status st = RenderField(spec[i], *slot[i]); !st.ok()) return st.With(std::string(where));
    }
    if (extensions == 0) return Status::Ok();
    const size_t group = entries_.size();
    for (const auto& member : obj) {
      if (SpecIndex(spec, member.key()) >= 0) continue;
      ORELOG_RETURN_IF_ERROR(Extension(where, member.key(), member.value(), 0));
    }
    SortGroup(group, nullptr);
    return Status::Ok();
  }

  // Resolves an extension key to "{ns}local", or InvalidArgument.
  // Inside an extension (depth > 0) a key without a prefix is a child
  // element without a namespace (as in XML) and is written verbatim.
  Status ResolveName(std::string_view where, std::string_view key, int depth, ExtensionName& name) const {
    if (key.starts_with("http://") || key.starts_with("https://")) {
      size_t cut = key.find_last_of("/#");
      name = {key.substr(0, cut + 1), key.substr(cut + 1)};
      return Status::Ok();
    }
    size_t colon = key.find(':');
    if (colon == std::string_view::npos && depth > 0 && !key.empty() && key[0] != '@') {
      name = {{}, key, true};
      return Status::Ok();
    }
    if (colon == std::string_view::npos || colon == 0) {
      return Status::Invalid(std::string(where) + ": unknown field \"" + std::string(key) +
                             "\" (extensions need a namespace prefix)");
    }
    std::optional<std::string_view> iri = ns_.Find(key.substr(0, colon));
    if (!iri) {
      return Status::Invalid(std::string(where) + ": field \"" + std::string(key) +
                             "\" uses an undeclared namespace prefix");
    }
    name = {*iri, key.substr(colon + 1)};
    return Status::Ok();
  }

  void AppendName(const ExtensionName& name) {
    if (name.verbatim) {
      out_.append(name.local);
      return;
    }
    out_.push_back('{');
    out_.append(name.ns);
    out_.push_back('}');
    out_.append(name.local);
  }

  // Appends the rendering(s) of one extension member, each as an entry of
  // the enclosing group (an array gives one entry per element).
  Status Extension(std::string_view where, std::string_view key, const json::value& v, int depth) {
    if (depth > 64) return Status::Invalid("extension nesting too deep");
    ExtensionName name;
    ORELOG_RETURN_IF_ERROR(ResolveName(where, key, depth, name));
    if (v.is_null()) return Status::Ok();
    if (v.is_array()) {
      for (const auto& item : v.get_array()) ORELOG_RETURN_IF_ERROR(Extension(where, key, item, depth + 1));
      return Status::Ok();
    }
    const size_t begin = out_.size();
    AppendName(name);
    if (v.is_object()) {
      const size_t group = entries_.size();
      for (const auto& child : v.get_object()) {
        ORELOG_RETURN_IF_ERROR(Extension(where, child.key(), child.value(), depth + 1));
      }
      if (entries_.size() == group) {  // no children: nothing at all
        out_.resize(begin);
        return Status::Ok();
      }
      SortGroup(group, nullptr);
    } else {
      out_.push_back('=');
      ORELOG_RETURN_IF_ERROR(Value(key, v, Norm::kPlain));
    }
    entries_.push_back({begin, out_.size() - begin});
    return Status::Ok();
  }

  size_t GroupStart() const { return entries_.size(); }
  void AddEntry(size_t begin) { entries_.push_back({begin, out_.size() - begin}); }

  // The entries pushed since `group` lie back to back at the end of out_:
  // puts them in byte order in place and drops them. If `ends` is not null,
  // appends the end offset of each entry after sorting.
  void SortGroup(size_t group, std::vector<size_t>* ends) {
    const auto first = entries_.begin() + static_cast<std::ptrdiff_t>(group);
    auto view = [this](const Entry& e) { return std::string_view(out_).substr(e.begin, e.size); };
    auto less = [&](const Entry& a, const Entry& b) { return view(a) < view(b); };
    if (!std::is_sorted(first, entries_.end(), less)) {
      const size_t region = first->begin;
      std::sort(first, entries_.end(), less);
      scratch_.assign(out_, region, std::string::npos);
      size_t pos = region;
      for (auto e = first; e != entries_.end(); ++e) {
        std::memcpy(out_.data() + pos, scratch_.data() + (e->begin - region), e->size);
        e->begin = pos;
        pos += e->size;
      }
    }
    if (ends != nullptr) {
      for (auto e = first; e != entries_.end(); ++e) ends->push_back(e->begin + e->size);
    }
    entries_.erase(first, entries_.end());
  }

 private:
  const PrefixScope& ns_;
  std::string& out_;
  std::vector<Entry> entries_;  // a stack of sorted groups under construction
  std::string scratch_;         // a copy of the group being reordered
};

Status RenderEvent(const json::object& event, HashOptions::Order order, PrefixScope& scope,
                   std::string& out, std::vector<size_t>* part_ends) {
  std::array<const json::value*, kNumTopFields> slot{};
  const json::value* type = nullptr;
  const json::value* context = nullptr;
  size_t extensions = 0;
  for (const auto& member : event) {
    const uint8_t what = ClassifyTopMember(member.key());
    switch (what) {
      case kExtensionMember: ++extensions; break;
      case kIgnoredMember: break;
      case kTypeMember: type = &member.value(); break;
      case kContextMember: context = &member.value(); break;
      default: slot[what] = &member.value(); break;
    }
  }
  if (context != nullptr) ORELOG_RETURN_IF_ERROR(scope.Add(*context));
  if (type == nullptr || !type->is_string()) return Status::Invalid("event has no \"type\"");
  std::string_view type_name = type->get_string();
  if (std::find(std::begin(kEventTypes), std::end(kEventTypes), type_name) == std::end(kEventTypes)) {
    return Status::Invalid("unknown event type \"" + std::string(type_name) + "\"");
  }
  if (slot[kEventTimeIndex] == nullptr) return Status::Invalid("event has no \"eventTime\"");

  Renderer r(scope, out);
  auto end_part = [&](size_t start) {
    if (part_ends != nullptr && out.size() > start) part_ends->push_back(out.size());
  };
  size_t start = out.size();
  out.append("eventType=");
  out.append(type_name);
  end_part(start);

  const bool python = order == HashOptions::kPythonReference;
  auto render = [&](uint8_t i) -> Status {
    return slot[i] == nullptr ? Status::Ok() : r.RenderField(kDocumentedOrder[i], *slot[i]);
  };
  if (python) {
    for (uint8_t i : kPythonOrder) {
      start = out.size();
      ORELOG_RETURN_IF_ERROR(render(i));
      end_part(start);
    }
  } else {
    for (uint8_t i = 0; i < kNumTopFields; ++i) {
      start = out.size();
      ORELOG_RETURN_IF_ERROR(render(i));
      end_part(start);
    }
  }
  const size_t tail = r.GroupStart();  // sorted together
  if (python) {
    for (uint8_t i : kPythonRemainder) {
      start = out.size();
      ORELOG_RETURN_IF_ERROR(render(i));
      if (out.size() > start) r.AddEntry(start);
    }
  }
  if (extensions > 0) {
    for (const auto& member : event) {
      if (ClassifyTopMember(member.key()) != kExtensionMember) continue;
      ORELOG_RETURN_IF_ERROR(r.Extension("event", member.key(), member.value(), 0));
    }
  }
  r.SortGroup(tail, part_ends);
  return Status::Ok();
}

}  // namespace

Status RenderPreHash(const json::object& event, HashOptions::Order order, PrefixScope& scope,
                     std::string& out, std::vector<size_t>* part_ends) {
  const size_t mark = scope.Mark();
  Status st = RenderEvent(event, order, scope, out, part_ends);
  scope.Truncate(mark);
  return st;
}

Result<std::vector<std::string>> PreHashParts(const json::object& event, const HashOptions& options) {
  PrefixScope scope(options.namespaces);
  std::string out;
  out.reserve(kPreHashReserve);
  std::vector<size_t> ends;
  ORELOG_RETURN_IF_ERROR(RenderPreHash(event, options.order, scope, out, &ends));
  std::vector<std::string> parts;
  parts.reserve(ends.size());
  size_t begin = 0;
  for (size_t end : ends) {
    parts.emplace_back(out, begin, end - begin);
    begin = end;
  }
  return parts;
}

Result<std::string> PreHashString(const json::object& event, const HashOptions& options) {
  PrefixScope scope(options.namespaces);
  std::string out;
  out.reserve(kPreHashReserve);
  ORELOG_RETURN_IF_ERROR(RenderPreHash(event, options.order, scope, out, nullptr));
  return out;
}

}  // namespace orelog::epcis
