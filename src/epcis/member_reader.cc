#include "epcis/member_reader.h"

#include <algorithm>

namespace orelog::epcis {
namespace json = boost::json;

Status MemberError(std::string_view member, std::string_view what) {
  return Status::Invalid(std::string("\"").append(member).append("\" ").append(what));
}

Result<const json::value*> MemberReader::Get(std::string_view name) {
  const json::value* v = o_.if_contains(name);
  if (v == nullptr) return Status::Invalid("missing member \"" + prefix_ + std::string(name) + "\"");
  read_.emplace_back(name);
  return v;
}

Result<std::string> MemberReader::String(std::string_view name) {
  ORELOG_ASSIGN_OR_RETURN(const json::value* v, Get(name));
  if (!v->is_string()) return MemberError(prefix_ + std::string(name), "must be a string");
  return std::string(v->get_string());
}

Result<bool> MemberReader::Bool(std::string_view name) {
  ORELOG_ASSIGN_OR_RETURN(const json::value* v, Get(name));
  if (!v->is_bool()) return MemberError(prefix_ + std::string(name), "must be true or false");
  return v->get_bool();
}

Result<std::vector<std::string>> MemberReader::Strings(std::string_view name) {
  ORELOG_ASSIGN_OR_RETURN(const json::array* a, Array(name));
  std::vector<std::string> out;
  for (const json::value& v : *a) {
    if (!v.is_string()) return MemberError(prefix_ + std::string(name), "must hold strings only");
    out.emplace_back(v.get_string());
  }
  return out;
}

Result<const json::array*> MemberReader::Array(std::string_view name) {
  ORELOG_ASSIGN_OR_RETURN(const json::value* v, Get(name));
  if (!v->is_array()) return MemberError(prefix_ + std::string(name), "must be an array");
  return &v->get_array();
}

Result<const json::object*> MemberReader::Object(std::string_view name) {
  ORELOG_ASSIGN_OR_RETURN(const json::value* v, Get(name));
  if (!v->is_object()) return MemberError(prefix_ + std::string(name), "must be an object");
  return &v->get_object();
}

Status MemberReader::Finish() const {
  for (const json::key_value_pair& kv : o_) {
    if (std::find(read_.begin(), read_.end(), kv.key()) == read_.end()) {
      return Status::Invalid("unknown member \"" + prefix_ + std::string(kv.key()) + "\"");
    }
  }
  return Status::Ok();
}

}  // namespace orelog::epcis
