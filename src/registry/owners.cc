#include "registry/owners.h"

#include <algorithm>

#include <boost/json.hpp>

#include "base/bytes.h"
#include "epcis/disclosure.h"
#include "registry/entries.h"

namespace orelog::registry {
namespace {

namespace json = boost::json;

Status CheckText(std::string_view member, std::string_view s) {
  if (s.empty() || s.size() > kMaxTextBytes) {
    return Status::Invalid("beneficial owner: \"" + std::string(member) + "\" must have 1 to 256 bytes");
  }
  return Status::Ok();
}

// A percentage "0".."100" with at most two decimals and no superfluous
// leading zero ("25", "25.5", "25.00", "0.01").
bool IsLevel(std::string_view s) {
  const size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 3 || !digits(whole) || (whole.size() > 1 && whole[0] == '0')) return false;
  if (dot != std::string_view::npos && (frac.empty() || frac.size() > 2 || !digits(frac))) return false;
  const int w = std::stoi(std::string(whole));
  if (w > 100) return false;
  return w < 100 || std::all_of(frac.begin(), frac.end(), [](char c) { return c == '0'; });
}

json::object OwnerJson(const BeneficialOwner& o) {
  return json::object{{"control", o.control}, {"level", o.level}, {"name", o.name}, {"nationality", o.nationality}};
}

}  // namespace

Status CheckBeneficialOwner(const BeneficialOwner& o) {
  ORELOG_RETURN_IF_ERROR(CheckText("name", o.name));
  if (!IsCountryCode(o.nationality)) {
    return Status::Invalid("beneficial owner: \"nationality\" must be an ISO 3166-1 alpha-2 code in upper case");
  }
  if (!IsLevel(o.level)) {
    return Status::Invalid("beneficial owner: \"level\" must be a percentage from 0 to 100 with at most two decimals");
  }
  return CheckText("control", o.control);
}

Result<OwnerDisclosure> MakeOwnerDisclosure(const BeneficialOwner& owner) {
  ORELOG_RETURN_IF_ERROR(CheckBeneficialOwner(owner));
  OwnerDisclosure out;
  ORELOG_ASSIGN_OR_RETURN(out.disclosure, epcis::MakeDisclosure(kOwnerDisclosureName, OwnerJson(owner)));
  out.commitment = epcis::DisclosureDigest(out.disclosure);
  return out;
}

Result<BeneficialOwner> VerifyOwnerDisclosure(std::string_view disclosure, std::string_view commitment) {
  ORELOG_ASSIGN_OR_RETURN(epcis::Disclosed d, epcis::DecodeDisclosure(disclosure));
  if (d.name != kOwnerDisclosureName) return Status::Invalid("not a beneficial-owner disclosure");
  if (!d.value.is_object()) return Status::Invalid("beneficial-owner disclosure: the value is not an object");
  const json::object& o = d.value.get_object();
  BeneficialOwner owner;
  for (const json::key_value_pair& kv : o) {
    std::string* field = kv.key() == "name"          ? &owner.name
                         : kv.key() == "nationality" ? &owner.nationality
                         : kv.key() == "level"       ? &owner.level
                         : kv.key() == "control"     ? &owner.control
                                                     : nullptr;
    if (field == nullptr) return Status::Invalid("beneficial-owner disclosure: unknown member \"" + std::string(kv.key()) + "\"");
    if (!kv.value().is_string()) return Status::Invalid("beneficial-owner disclosure: \"" + std::string(kv.key()) + "\" is not a string");
    *field = kv.value().get_string();
  }
  if (o.size() != 4) return Status::Invalid("beneficial-owner disclosure: control, level, name and nationality are required");
  ORELOG_RETURN_IF_ERROR(CheckBeneficialOwner(owner));
  const std::string digest = epcis::DisclosureDigest(disclosure);
  if (!ConstantTimeEqual(AsBytes(digest), AsBytes(commitment))) {
    return Status::Unverified("the disclosure does not match the commitment");
  }
  return owner;
}

}  // namespace orelog::registry
