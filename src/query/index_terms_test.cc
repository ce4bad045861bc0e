#include "query/index_terms.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <boost/json.hpp>

namespace orelog::query {
namespace {

EventQuery Parse(std::string_view q) {
  auto r = ParseQuery(q);
  EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
  return r.ok() ? std::move(r).value() : EventQuery{};
}

bool Has(const std::vector<std::string>& v, std::string_view t) { return std::find(v.begin(), v.end(), t) != v.end(); }

TEST(IndexTerms, NormalisedTermsOfAnEvent) {
  auto e = boost::json::parse(R"({"type":"AggregationEvent","eventID":"urn:uuid:1","action":"ADD",
      "bizStep":"urn:epcglobal:cbv:bizstep:packing","disposition":"in_progress",
      "parentID":"urn:epc:id:sscc:4012345.0000000001",
      "childEPCs":["urn:epc:id:sgtin:9521141.001234.2017","https://id.gs1.org/01/09521141012345/21/2017"],
      "childQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.Lot987","quantity":1}],
      "readPoint":{"id":"urn:epc:id:sgln:9521141.12345.0"},
      "bizTransactionList":[{"type":"po","bizTransaction":"urn:x:po:1"},{"bizTransaction":"urn:x:any"}],
      "sourceList":[{"type":"location","source":"urn:epc:id:sgln:9521141.12345.0"}],
      "sensorElementList":[{"sensorReport":[{"type":"Mass","chemicalSubstance":"gs1:Nd","value":1,"uom":"KGM"}]}]})")
               .as_object();
  auto t = IndexTerms(e, epcis::StandardNamespaces());
  EXPECT_TRUE(std::is_sorted(t.begin(), t.end()));
  EXPECT_EQ(std::adjacent_find(t.begin(), t.end()), t.end());
  for (std::string want :
       {"eventType:AggregationEvent", "eventID:urn:uuid:1", "bizStep:https://ref.gs1.org/cbv/BizStep-packing",
        "disposition:https://ref.gs1.org/cbv/Disp-in_progress", "epc:https://id.gs1.org/01/09521141012345/21/2017",
        "class:https://id.gs1.org/01/04012345123456/10/Lot987", "readPoint:https://id.gs1.org/414/9521141123454",
        "bt:https://ref.gs1.org/cbv/BTT-po urn:x:po:1", "bt: urn:x:any",
        "src:https://ref.gs1.org/cbv/SDT-location https://id.gs1.org/414/9521141123454", "chem:https://gs1.org/voc/Nd"}) {
    EXPECT_TRUE(Has(t, want)) << want;
  }
  EXPECT_EQ(std::count_if(t.begin(), t.end(), [](const std::string& s) { return s.starts_with("epc:"); }), 1);
  EXPECT_EQ(std::count_if(t.begin(), t.end(), [](const std::string& s) { return s.starts_with("parent:"); }), 1);
}

TEST(ProbeTerms, PicksTheMostSelectiveIndexableParameter) {
  using Terms = std::vector<std::string>;
  EXPECT_EQ(ProbeTerms(Parse("")), std::nullopt);
  EXPECT_EQ(ProbeTerms(Parse("EQ_action=ADD&GE_quantity=1&EXISTS_ilmd&GE_eventTime=2020-01-01T00:00:00Z")), std::nullopt);
  EXPECT_EQ(ProbeTerms(Parse("eventType=ObjectEvent&EQ_bizStep=shipping")),
            Terms{"bizStep:https://ref.gs1.org/cbv/BizStep-shipping"});
  EXPECT_EQ(ProbeTerms(Parse("eventType=ObjectEvent")), Terms{"eventType:ObjectEvent"});
  EXPECT_EQ(ProbeTerms(Parse("EQ_bizStep=shipping&MATCH_epc=urn:epc:id:sgtin:9521141.001234.2017&EQ_eventID=urn:x:1")),
            Terms{"eventID:urn:x:1"});
  EXPECT_EQ(ProbeTerms(Parse("EQ_bizStep=shipping&MATCH_epc=urn:epc:id:sgtin:9521141.001234.2017")),
            Terms{"epc:https://id.gs1.org/01/09521141012345/21/2017"});
  // A pattern cannot be probed; the next rank is used.
  EXPECT_EQ(ProbeTerms(Parse("EQ_bizStep=shipping&MATCH_epc=urn:epc:idpat:sgtin:9521141.001234.*")),
            Terms{"bizStep:https://ref.gs1.org/cbv/BizStep-shipping"});
  EXPECT_EQ(ProbeTerms(Parse("MATCH_epc=urn:epc:idpat:sgtin:9521141.001234.*|urn:x:1")), std::nullopt);
  EXPECT_EQ(ProbeTerms(Parse("MATCH_anyEPC=urn:x:1")), (Terms{"epc:urn:x:1", "in:urn:x:1", "out:urn:x:1", "parent:urn:x:1"}));
  // Within a rank the fewest terms win.
  EXPECT_EQ(ProbeTerms(Parse("MATCH_epc=urn:x:1|urn:x:2&MATCH_parentID=urn:x:3")), Terms{"parent:urn:x:3"});
  EXPECT_EQ(ProbeTerms(Parse("EQ_bizTransaction_po=urn:x:1|urn:x:2&EQ_bizTransaction_inv=urn:x:3")),
            Terms{"bt:https://ref.gs1.org/cbv/BTT-inv urn:x:3"});
  EXPECT_EQ(ProbeTerms(Parse("EQ_chemicalSubstance=urn:x:c&EQ_readPoint=urn:x:r")), Terms{"chem:urn:x:c"});
}

}  // namespace
}  // namespace orelog::query
