// Agreement release payloads (docs/participants.md §6.1). The member names
// and value rules below are written to the log and must not change.
#include "agreements/release.h"

#include <algorithm>

#include <boost/json.hpp>

#include "base/bytes.h"
#include "epcis/member_reader.h"
#include "registry/entries.h"

namespace orelog::agreements {
namespace {

namespace json = boost::json;

Status Invalid(std::string_view member, std::string_view what) { return epcis::MemberError(member, what); }

Status CheckText(std::string_view member, std::string_view s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) {
    return Invalid(member, "must have " + std::to_string(min) + " to " + std::to_string(max) + " bytes");
  }
  return Status::Ok();
}

template <typename T, typename Key>
bool StrictlyAscending(const std::vector<T>& v, Key key) {
  for (size_t i = 1; i < v.size(); ++i) {
    if (!(key(v[i - 1]) < key(v[i]))) return false;
  }
  return true;
}

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool IsSha256Hex(std::string_view s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool IsCommitment(std::string_view s) {
  if (s.size() != 43) return false;
  auto bytes = Base64UrlDecode(s);
  return bytes.ok() && bytes->size() == 32;
}

bool IsMineral(std::string_view s) {
  return !s.empty() && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

using Reader = epcis::MemberReader;

Result<const json::object*> AsObject(const json::value& v, std::string_view member) {
  if (!v.is_object()) return Invalid(member, "must hold objects");
  return &v.get_object();
}

json::array StringArray(const std::vector<std::string>& v) {
  json::array a;
  for (const std::string& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

bool IsAgreementId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto alnum = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alnum(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

std::string_view TagName(Tag tag) {
  switch (tag) {
    case Tag::kProposed: return "proposed";
    case Tag::kSigned: return "signed";
    case Tag::kAmended: return "amended";
    case Tag::kTerminated: return "terminated";
  }
  return "";
}

Status CheckRelease(const Release& r) {
  if (!IsAgreementId(r.agreement)) return Invalid("agreement", "must be 1 to 64 bytes of A-Z a-z 0-9 . _ -, first a letter or digit");
  if (!IsAgreementId(r.release)) return Invalid("release", "must be 1 to 64 bytes of A-Z a-z 0-9 . _ -, first a letter or digit");
  if (!IsDate(r.date)) return Invalid("date", "must be YYYY-MM-DD");
  if (std::find(kTypes.begin(), kTypes.end(), r.type) == kTypes.end()) {
    return Invalid("type", "must be export-licence, mou, offtake or royalty-agreement");
  }
  ORELOG_RETURN_IF_ERROR(CheckText("title", r.title, 1, 256));
  if (r.parties.empty()) return Invalid("parties", "must not be empty");
  for (const AgreementParty& p : r.parties) {
    Status id = registry::CheckParticipantId(p.party);
    if (!id.ok()) return Status::Invalid("\"parties[].party\": " + id.message());
    if (p.roles.empty()) return Invalid("parties[].roles", "must not be empty");
    for (const std::string& role : p.roles) {
      if (std::find(kPartyRoles.begin(), kPartyRoles.end(), role) == kPartyRoles.end()) {
        return Invalid("parties[].roles", "holds unknown role \"" + role + "\"");
      }
    }
    if (!StrictlyAscending(p.roles, [](const std::string& s) { return s; })) {
      return Invalid("parties[].roles", "must be strictly ascending");
    }
  }
  if (!StrictlyAscending(r.parties, [](const AgreementParty& p) { return p.party; })) {
    return Invalid("parties", "must be strictly ascending by party");
  }
  for (const std::string& m : r.minerals) {
    if (!IsMineral(m)) return Invalid("minerals", "must hold 1 to 32 ASCII letters or digits each");
  }
  if (!StrictlyAscending(r.minerals, [](const std::string& s) { return s; })) {
    return Invalid("minerals", "must be strictly ascending");
  }
  ORELOG_RETURN_IF_ERROR(CheckText("scope", r.scope, 0, 1024));
  ORELOG_RETURN_IF_ERROR(CheckText("value", r.value, 0, 256));
  for (const Document& d : r.documents) {
    ORELOG_RETURN_IF_ERROR(CheckText("documents[].title", d.title, 1, 256));
    if (!IsSha256Hex(d.sha256)) return Invalid("documents[].sha256", "must be 64 lowercase hex digits");
  }
  if (!StrictlyAscending(r.documents, [](const Document& d) { return d.sha256; })) {
    return Invalid("documents", "must be strictly ascending by sha256");
  }
  for (const std::string& c : r.withheld_terms) {
    if (!IsCommitment(c)) return Invalid("withheldTerms[].commitment", "must be 43 base64url characters of a SHA-256 hash");
  }
  if (!StrictlyAscending(r.withheld_terms, [](const std::string& s) { return s; })) {
    return Invalid("withheldTerms", "must be strictly ascending by commitment");
  }
  return Status::Ok();
}

Result<json::object> EncodeRelease(const Release& r) {
  ORELOG_RETURN_IF_ERROR(CheckRelease(r));
  json::object o;
  o["agreement"] = r.agreement;
  o["release"] = r.release;
  o["date"] = r.date;
  o["tag"] = TagName(r.tag);
  o["type"] = r.type;
  o["title"] = r.title;
  json::array parties, documents, terms;
  for (const AgreementParty& p : r.parties) {
    parties.emplace_back(json::object{{"party", p.party}, {"roles", StringArray(p.roles)}});
  }
  for (const Document& d : r.documents) {
    documents.emplace_back(json::object{
        {"title", d.title}, {"disclosure", d.is_public ? "public" : "withheld"}, {"sha256", d.sha256}});
  }
  for (const std::string& c : r.withheld_terms) terms.emplace_back(json::object{{"commitment", c}});
  o["parties"] = std::move(parties);
  o["minerals"] = StringArray(r.minerals);
  o["scope"] = r.scope;
  o["value"] = r.value;
  o["documents"] = std::move(documents);
  o["withheldTerms"] = std::move(terms);
  return o;
}

Result<Release> DecodeRelease(const json::object& payload) {
  Reader rd(payload, "");
  Release r;
  ORELOG_ASSIGN_OR_RETURN(r.agreement, rd.String("agreement"));
  ORELOG_ASSIGN_OR_RETURN(r.release, rd.String("release"));
  ORELOG_ASSIGN_OR_RETURN(r.date, rd.String("date"));
  ORELOG_ASSIGN_OR_RETURN(std::string tag, rd.String("tag"));
  if (tag == "proposed") {
    r.tag = Tag::kProposed;
  } else if (tag == "signed") {
    r.tag = Tag::kSigned;
  } else if (tag == "amended") {
    r.tag = Tag::kAmended;
  } else if (tag == "terminated") {
    r.tag = Tag::kTerminated;
  } else {
    return Invalid("tag", "must be proposed, signed, amended or terminated");
  }
  ORELOG_ASSIGN_OR_RETURN(r.type, rd.String("type"));
  ORELOG_ASSIGN_OR_RETURN(r.title, rd.String("title"));
  ORELOG_ASSIGN_OR_RETURN(const json::array* parties, rd.Array("parties"));
  for (const json::value& v : *parties) {
    ORELOG_ASSIGN_OR_RETURN(const json::object* po, AsObject(v, "parties"));
    Reader pr(*po, "parties[].");
    AgreementParty p;
    ORELOG_ASSIGN_OR_RETURN(p.party, pr.String("party"));
    ORELOG_ASSIGN_OR_RETURN(p.roles, pr.Strings("roles"));
    ORELOG_RETURN_IF_ERROR(pr.Finish());
    r.parties.push_back(std::move(p));
  }
  ORELOG_ASSIGN_OR_RETURN(r.minerals, rd.Strings("minerals"));
  ORELOG_ASSIGN_OR_RETURN(r.scope, rd.String("scope"));
  ORELOG_ASSIGN_OR_RETURN(r.value, rd.String("value"));
  ORELOG_ASSIGN_OR_RETURN(const json::array* documents, rd.Array("documents"));
  for (const json::value& v : *documents) {
    ORELOG_ASSIGN_OR_RETURN(const json::object* dobj, AsObject(v, "documents"));
    Reader dr(*dobj, "documents[].");
    Document d;
    ORELOG_ASSIGN_OR_RETURN(d.title, dr.String("title"));
    ORELOG_ASSIGN_OR_RETURN(std::string disclosure, dr.String("disclosure"));
    if (disclosure != "public" && disclosure != "withheld") {
      return Invalid("documents[].disclosure", "must be public or withheld");
    }
    d.is_public = disclosure == "public";
    ORELOG_ASSIGN_OR_RETURN(d.sha256, dr.String("sha256"));
    ORELOG_RETURN_IF_ERROR(dr.Finish());
    r.documents.push_back(std::move(d));
  }
  ORELOG_ASSIGN_OR_RETURN(const json::array* terms, rd.Array("withheldTerms"));
  for (const json::value& v : *terms) {
    ORELOG_ASSIGN_OR_RETURN(const json::object* to, AsObject(v, "withheldTerms"));
    Reader tr(*to, "withheldTerms[].");
    ORELOG_ASSIGN_OR_RETURN(std::string c, tr.String("commitment"));
    ORELOG_RETURN_IF_ERROR(tr.Finish());
    r.withheld_terms.push_back(std::move(c));
  }
  ORELOG_RETURN_IF_ERROR(rd.Finish());
  ORELOG_RETURN_IF_ERROR(CheckRelease(r));
  return r;
}

}  // namespace orelog::agreements
