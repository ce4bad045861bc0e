#include "agreements/release.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "agreements/testing_releases.h"
#include "epcis/canonical_json.h"

namespace orelog::agreements {
namespace {

namespace json = boost::json;
using testing::Mou;

json::object Parse(std::string_view text) {
  auto v = epcis::ParseJson(text);
  EXPECT_TRUE(v.ok() && v->is_object()) << text;
  return v.ok() && v->is_object() ? v->get_object() : json::object();
}

// A release written as JSON without any check (what a bad writer could log).
json::object Unchecked(const Release& r) {
  json::object o{{"agreement", r.agreement}, {"release", r.release}, {"date", r.date},
                 {"tag", TagName(r.tag)},    {"type", r.type},       {"title", r.title},
                 {"scope", r.scope},         {"value", r.value}};
  json::array parties, minerals, documents, terms;
  for (const AgreementParty& p : r.parties) {
    json::array roles;
    for (const std::string& role : p.roles) roles.emplace_back(role);
    parties.emplace_back(json::object{{"party", p.party}, {"roles", roles}});
  }
  for (const std::string& m : r.minerals) minerals.emplace_back(m);
  for (const Document& d : r.documents) {
    documents.emplace_back(json::object{{"title", d.title}, {"disclosure", d.is_public ? "public" : "withheld"},
                                        {"sha256", d.sha256}});
  }
  for (const std::string& c : r.withheld_terms) terms.emplace_back(json::object{{"commitment", c}});
  o["parties"] = parties;
  o["minerals"] = minerals;
  o["documents"] = documents;
  o["withheldTerms"] = terms;
  return o;
}

// The example of docs/participants.md §6.1 with real hashes.
constexpr char kDocExample[] = R"json({"agreement": "AGR-USSM-FWO-2025",
 "release": "AGR-USSM-FWO-2025-r1", "date": "2025-09-08", "tag": "signed", "type": "mou",
 "title": "Memorandum of understanding USSM - FWO (illustrative)",
 "parties": [{"party": "urn:epc:id:pgln:0614141.00010", "roles": ["buyer", "signatory"]},
             {"party": "urn:epc:id:pgln:0614141.00020", "roles": ["seller", "signatory"]}],
 "minerals": ["Cu", "REE", "Sb"],
 "scope": "exports of antimony, copper and rare-earth concentrates; a poly-metallic refinery",
 "value": "~US$500 M (reported)",
 "documents": [{"title": "MoU full text", "disclosure": "withheld",
                "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}],
 "withheldTerms": [{"commitment": "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"}]})json";

TEST(ReleaseTest, DocExampleRoundTrips) {
  const json::object payload = Parse(kDocExample);
  auto r = DecodeRelease(payload);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->tag, Tag::kSigned);
  EXPECT_EQ(r->parties.size(), 2u);
  EXPECT_FALSE(r->documents[0].is_public);
  auto back = EncodeRelease(*r);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*epcis::CanonicalJson(json::value(*back)), *epcis::CanonicalJson(json::value(payload)));
}

TEST(ReleaseTest, UncheckedWriterMatchesEncode) {
  // So that the refusals below test the rules, not a different writer.
  EXPECT_EQ(Unchecked(Mou()), *EncodeRelease(Mou()));
}

TEST(ReleaseTest, DecodeRefusesWhatEncodeRefuses) {
  struct Case {
    const char* what;
    void (*bend)(Release&);
  };
  const Case cases[] = {
      {"bad agreement ID", [](Release& r) { r.agreement = "-x"; }},
      {"long agreement ID", [](Release& r) { r.agreement = std::string(65, 'a'); }},
      {"bad release ID", [](Release& r) { r.release = "r 1"; }},
      {"bad date", [](Release& r) { r.date = "2025-13-01"; }},
      {"unknown type", [](Release& r) { r.type = "loan"; }},
      {"empty title", [](Release& r) { r.title.clear(); }},
      {"no parties", [](Release& r) { r.parties.clear(); }},
      {"bad party ID", [](Release& r) { r.parties[0].party = "fwo"; }},
      {"unknown role", [](Release& r) { r.parties[0].roles = {"owner"}; }},
      {"roles not ascending", [](Release& r) { r.parties[0].roles = {"signatory", "buyer"}; }},
      {"parties not ascending", [](Release& r) { std::swap(r.parties[0], r.parties[1]); }},
      {"minerals not ascending", [](Release& r) { r.minerals = {"Sb", "Cu"}; }},
      {"bad mineral", [](Release& r) { r.minerals = {"Cu-Au"}; }},
      {"long value", [](Release& r) { r.value = std::string(257, 'v'); }},
      {"upper-case hash", [](Release& r) { r.documents[0].sha256 = std::string(64, 'A'); }},
      {"short commitment", [](Release& r) { r.withheld_terms = {"abc"}; }},
  };
  for (const Case& c : cases) {
    Release r = Mou();
    c.bend(r);
    EXPECT_FALSE(EncodeRelease(r).ok()) << c.what;
    EXPECT_FALSE(DecodeRelease(Unchecked(r)).ok()) << c.what;
  }
}

TEST(ReleaseTest, DecodeRefusesUnknownAndMissingMembers) {
  json::object payload = *EncodeRelease(Mou());
  json::object extra = payload;
  extra["price"] = "secret";
  EXPECT_EQ(DecodeRelease(extra).status().code(), Code::kInvalidArgument);
  json::object missing = payload;
  missing.erase("value");
  EXPECT_EQ(DecodeRelease(missing).status().code(), Code::kInvalidArgument);
  json::object bad_tag = payload;
  bad_tag["tag"] = "draft";
  EXPECT_EQ(DecodeRelease(bad_tag).status().code(), Code::kInvalidArgument);
  json::object bad_doc = payload;
  bad_doc["documents"].as_array()[0].as_object()["disclosure"] = "secret";
  EXPECT_EQ(DecodeRelease(bad_doc).status().code(), Code::kInvalidArgument);
  json::object doc_extra = payload;
  doc_extra["documents"].as_array()[0].as_object()["url"] = "https://x.example";
  EXPECT_EQ(DecodeRelease(doc_extra).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace orelog::agreements
