#include "agreements/terms.h"

#include <boost/json.hpp>

#include "base/bytes.h"
#include "epcis/disclosure.h"

namespace orelog::agreements {

Status CheckTerm(const Term& t) {
  if (t.term.empty() || t.term.size() > 256) return Status::Invalid("withheld term: \"term\" must have 1 to 256 bytes");
  if (t.text.empty() || t.text.size() > 256) return Status::Invalid("withheld term: \"text\" must have 1 to 256 bytes");
  return Status::Ok();
}

Result<TermDisclosure> MakeTermDisclosure(const Term& t) {
  ORELOG_RETURN_IF_ERROR(CheckTerm(t));
  TermDisclosure out;
  ORELOG_ASSIGN_OR_RETURN(out.disclosure, epcis::MakeDisclosure(kTermDisclosureName,
                                                                boost::json::object{{"term", t.term}, {"text", t.text}}));
  out.commitment = epcis::DisclosureDigest(out.disclosure);
  return out;
}

Result<Term> VerifyTermDisclosure(std::string_view disclosure, std::string_view commitment) {
  ORELOG_ASSIGN_OR_RETURN(epcis::Disclosed d, epcis::DecodeDisclosure(disclosure));
  if (d.name != kTermDisclosureName) return Status::Invalid("not an agreement-term disclosure");
  const boost::json::object* o = d.value.if_object();
  if (o == nullptr || o->size() != 2 || !o->contains("term") || !o->contains("text") || !o->at("term").is_string() ||
      !o->at("text").is_string()) {
    return Status::Invalid("agreement-term disclosure: the value must be {\"term\": string, \"text\": string}");
  }
  Term t{std::string(o->at("term").get_string()), std::string(o->at("text").get_string())};
  ORELOG_RETURN_IF_ERROR(CheckTerm(t));
  const std::string digest = epcis::DisclosureDigest(disclosure);
  if (!ConstantTimeEqual(AsBytes(digest), AsBytes(commitment))) {
    return Status::Unverified("the disclosure does not match the commitment");
  }
  return t;
}

}  // namespace orelog::agreements
