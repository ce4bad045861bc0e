#include <gtest/gtest.h>

#include "query/query.h"
#include "query/query_string.h"

namespace orelog::query {
namespace {

constexpr char kDl[] = "https://id.gs1.org/01/09521141012345/21/2017";
constexpr char kUrn[] = "urn:epc:id:sgtin:9521141.001234.2017";

EventQuery Parse(std::string_view q) {
  auto r = ParseQuery(q);
  EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
  return r.ok() ? std::move(r).value() : EventQuery{};
}

// The query is rejected with InvalidArgument whose message starts with `param`.
void ExpectRejected(std::string_view q, std::string_view param) {
  auto r = ParseQuery(q);
  ASSERT_FALSE(r.ok()) << q;
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << q;
  EXPECT_TRUE(r.status().message().starts_with(std::string(param) + ":"))
      << q << " -> " << r.status().message() << " (expected it to name " << param << ")";
}

TEST(QueryString, SplitsAndDecodes) {
  auto p = SplitQueryString("a=1&&b=x%7Cy&c&d=2015-03-15T00%3A00%3A00.000-04%3A00&e=+01:00&");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 5u);
  EXPECT_EQ((*p)[1].value, "x|y");
  EXPECT_EQ((*p)[2].name, "c");
  EXPECT_EQ((*p)[2].value, "");
  EXPECT_EQ((*p)[3].value, "2015-03-15T00:00:00.000-04:00");
  EXPECT_EQ((*p)[4].value, "+01:00");  // '+' is literal
  EXPECT_FALSE(SplitQueryString("a=%2").ok());
  EXPECT_FALSE(SplitQueryString("a=%zz").ok());
  EXPECT_FALSE(SplitQueryString("a=%0A").ok());
  EXPECT_FALSE(SplitQueryString("=1").ok());
  EXPECT_EQ(PercentEncodeQueryValue("a|b:+/ ~"), "a%7Cb%3A%2B%2F%20~");
}

TEST(ParseQuery, EmptyQueryHasDefaults) {
  EventQuery q = Parse("");
  EXPECT_EQ(q.per_page, kDefaultPerPage);
  EXPECT_EQ(q.order_by, OrderBy::kCaptureOrder);
  EXPECT_EQ(q.direction, Direction::kAsc);
  EXPECT_EQ(q.fingerprint.size(), 16u);
  EXPECT_TRUE(q.event_types.empty());
}

TEST(ParseQuery, EventTypeAndAction) {
  EventQuery q = Parse("eventType=ObjectEvent|AggregationEvent&EQ_action=ADD|OBSERVE");
  EXPECT_EQ(q.event_types, (std::vector<std::string>{"ObjectEvent", "AggregationEvent"}));
  EXPECT_EQ(q.actions, (std::vector<std::string>{"ADD", "OBSERVE"}));
  EXPECT_EQ(Parse("eventType=https://example.org/MyEvent").event_types[0], "https://example.org/MyEvent");
  ExpectRejected("eventType=Objectevent", "eventType");
  ExpectRejected("eventType=ObjectEvent||AggregationEvent", "eventType");
  ExpectRejected("eventType=", "eventType");
  ExpectRejected("EQ_action=SHIPPED", "EQ_action");
  ExpectRejected("EQ_action=add", "EQ_action");
}

TEST(ParseQuery, TimesBecomeInstants) {
  EventQuery q = Parse(
      "GE_eventTime=2026-01-01T00:00:00+01:00&LT_eventTime=2025-12-31T23:00:00.001Z&GE_recordTime=1970-01-01T00:00:01Z&"
      "LT_recordTime=2015-03-15T00%3A00%3A00.000-04%3A00");
  EXPECT_EQ(*q.ge_event_time + 1, *q.lt_event_time);
  EXPECT_EQ(*q.ge_record_time, 1000);
  EXPECT_EQ(*q.lt_record_time, 1426392000000);
  ExpectRejected("GE_eventTime=not-a-date", "GE_eventTime");
  ExpectRejected("LT_eventTime=2026-01-01T00:00:00", "LT_eventTime");  // no zone
  ExpectRejected("GE_recordTime=2026-02-30T00:00:00Z", "GE_recordTime");
  ExpectRejected("LT_recordTime=2026-01-01T00:00:00+15:00", "LT_recordTime");
}

TEST(ParseQuery, VocabularySpellingsNormalise) {
  const std::string web = "https://ref.gs1.org/cbv/BizStep-shipping";
  for (std::string spelled : {"shipping", "https://ref.gs1.org/cbv/BizStep-shipping", "urn:epcglobal:cbv:bizstep:shipping",
                              "cbv:BizStep-shipping"}) {
    EXPECT_EQ(Parse("EQ_bizStep=" + PercentEncodeQueryValue(spelled)).biz_steps, std::vector<std::string>{web})
        << spelled;
  }
  EXPECT_EQ(Parse("EQ_disposition=in_transit|urn:epcglobal:cbv:disp:active").dispositions,
            (std::vector<std::string>{"https://ref.gs1.org/cbv/Disp-in_transit", "https://ref.gs1.org/cbv/Disp-active"}));
  EXPECT_EQ(Parse("EQ_bizStep=https://example.org/steps/smelting").biz_steps[0], "https://example.org/steps/smelting");
  ExpectRejected("EQ_bizStep=transforming", "EQ_bizStep");  // not a CBV 2.0 word
  ExpectRejected("EQ_disposition=in_transport", "EQ_disposition");
  ExpectRejected("EQ_bizStep=has space", "EQ_bizStep");
}

TEST(ParseQuery, LocationsNormaliseToDigitalLinks) {
  EventQuery q = Parse("EQ_readPoint=urn:epc:id:sgln:9521141.12345.0&EQ_bizLocation=https://id.gs1.org/414/9521141123454");
  EXPECT_EQ(q.read_points, std::vector<std::string>{"https://id.gs1.org/414/9521141123454"});
  EXPECT_EQ(q.biz_locations, std::vector<std::string>{"https://id.gs1.org/414/9521141123454"});
  EXPECT_EQ(Parse("EQ_readPoint=urn:example:dock:7").read_points[0], "urn:example:dock:7");
  ExpectRejected("EQ_readPoint=dock7", "EQ_readPoint");
  // A wrong check digit (…3; it should be 4) cannot normalise: kept verbatim.
  EXPECT_EQ(Parse("EQ_bizLocation=https://example.org/414/9521141123453").biz_locations[0],
            "https://example.org/414/9521141123453");
}

TEST(ParseQuery, MatchParametersAcceptUrnsDigitalLinksAndPatterns) {
  for (const char* p : {"MATCH_epc", "MATCH_parentID", "MATCH_inputEPC", "MATCH_outputEPC", "MATCH_anyEPC",
                        "MATCH_epcClass", "MATCH_inputEPCClass", "MATCH_outputEPCClass", "MATCH_anyEPCClass"}) {
    EventQuery q = Parse(std::string(p) + "=" + kUrn + "|" + kDl + "|urn:epc:idpat:sgtin:9521141.001234.*");
    std::vector<IdMatch> all[] = {q.match_epc, q.match_parent_id, q.match_input_epc, q.match_output_epc,
                                  q.match_any_epc, q.match_epc_class, q.match_input_epc_class,
                                  q.match_output_epc_class, q.match_any_epc_class};
    size_t filled = 0;
    for (const auto& v : all) {
      if (v.empty()) continue;
      ++filled;
      ASSERT_EQ(v.size(), 3u) << p;
      EXPECT_EQ(v[0], (IdMatch{kDl, false})) << p;
      EXPECT_EQ(v[1], (IdMatch{kDl, false})) << p;
      EXPECT_EQ(v[2], (IdMatch{"https://id.gs1.org/01/09521141012345", true})) << p;
    }
    EXPECT_EQ(filled, 1u) << p;
    ExpectRejected(std::string(p) + "=urn:epc:id:sgtin:9521141.001234.20*", p);
    ExpectRejected(std::string(p) + "=urn:epc:idpat:sgtin:9521141.*.*", p);  // only trailing '*'
    ExpectRejected(std::string(p) + "=not a uri", p);
  }
  EXPECT_EQ(Parse("MATCH_epcClass=urn:epc:class:lgtin:4012345.012345.Lot987").match_epc_class[0].value,
            "https://id.gs1.org/01/04012345123456/10/Lot987");
}

TEST(ParseQuery, TypedParameters) {
  EventQuery q = Parse(
      "EQ_bizTransaction_po=urn:epcglobal:cbv:bt:4012345000016:PO-1|urn:epc:id:gdti:4012345.00001.77&"
      "EQ_source_owning_party=urn:epc:id:pgln:4012345.00001&"
      "EQ_destination_https%3A%2F%2Fref.gs1.org%2Fcbv%2FSDT-location=https://id.gs1.org/414/9521141123454");
  const std::string po = "https://ref.gs1.org/cbv/BTT-po";
  ASSERT_EQ(q.biz_transactions.count(po), 1u);
  EXPECT_EQ(q.biz_transactions[po][0], "urn:epcglobal:cbv:bt:4012345000016:PO-1");
  EXPECT_TRUE(q.biz_transactions[po][1].starts_with("https://id.gs1.org/253/"));
  EXPECT_EQ(q.sources["https://ref.gs1.org/cbv/SDT-owning_party"][0].substr(0, 23), "https://id.gs1.org/417/");
  EXPECT_EQ(q.destinations["https://ref.gs1.org/cbv/SDT-location"][0], "https://id.gs1.org/414/9521141123454");
  ExpectRejected("EQ_bizTransaction_purchase=urn:x:1", "EQ_bizTransaction_purchase");
  ExpectRejected("EQ_bizTransaction_=urn:x:1", "EQ_bizTransaction_");
  ExpectRejected("EQ_source_owner=urn:x:1", "EQ_source_owner");
  ExpectRejected("EQ_destination_location=nope", "EQ_destination_location");
  ExpectRejected("EQ_bizTransaction_po=urn:x:1&EQ_bizTransaction_urn%3Aepcglobal%3Acbv%3Abtt%3Apo=urn:x:2",
                 "EQ_bizTransaction_urn:epcglobal:cbv:btt:po");
}

TEST(ParseQuery, EventIdAndChemicalSubstance) {
  EventQuery q = Parse("EQ_eventID=ni:///sha-256;abc?ver=CBV2.0|urn:uuid:1&EQ_chemicalSubstance=gs1:x|https://identifiers.org/inchikey:A");
  EXPECT_EQ(q.event_ids, (std::vector<std::string>{"ni:///sha-256;abc?ver=CBV2.0", "urn:uuid:1"}));
  EXPECT_EQ(q.chemical_substances,
            (std::vector<std::string>{"https://gs1.org/voc/x", "https://identifiers.org/inchikey:A"}));
  ExpectRejected("EQ_eventID=abc", "EQ_eventID");
  ExpectRejected("EQ_chemicalSubstance=Nd2O3", "EQ_chemicalSubstance");
}

TEST(ParseQuery, Exists) {
  EventQuery q = Parse("EXISTS_errorDeclaration&EXISTS_sensorElementList=true&EXISTS_ilmd=false&EXISTS_gs1:grade=");
  EXPECT_EQ(q.exists, (std::vector<std::string>{"errorDeclaration", "sensorElementList", "https://gs1.org/voc/grade"}));
  ExpectRejected("EXISTS_errordeclaration", "EXISTS_errordeclaration");
  ExpectRejected("EXISTS_bizStep=yes", "EXISTS_bizStep");
  ExpectRejected("EXISTS_ILMD_ex:lot", "EXISTS_ILMD_ex:lot");
  ExpectRejected("EXISTS_", "EXISTS_");
}

TEST(ParseQuery, NumbersAreExactDecimals) {
  EventQuery q = Parse("GE_quantity=1&LT_quantity=500.50&EQ_quantity_KGM=2|3&GT_value_P1=12.5&LE_maxValue_CEL=-4");
  ASSERT_EQ(q.quantity_conditions.size(), 3u);
  EXPECT_EQ(q.quantity_conditions[0].cmp, Cmp::kGe);
  EXPECT_EQ(q.quantity_conditions[1].cmp, Cmp::kLt);
  EXPECT_EQ(ToString(q.quantity_conditions[1].values[0]), "500.5");
  EXPECT_EQ(q.quantity_conditions[2].uom, "KGM");
  EXPECT_EQ(q.quantity_conditions[2].values.size(), 2u);
  ASSERT_EQ(q.sensor_conditions.size(), 2u);
  EXPECT_EQ(q.sensor_conditions[0].field, "value");
  EXPECT_EQ(q.sensor_conditions[0].uom, "P1");
  EXPECT_EQ(q.sensor_conditions[1].field, "maxValue");
  EXPECT_EQ(q.sensor_conditions[1].cmp, Cmp::kLe);
  EXPECT_EQ(Parse("GT_quantity=1e2&LE_quantity=0").quantity_conditions.size(), 2u);
  ExpectRejected("GE_quantity=ten", "GE_quantity");
  ExpectRejected("GE_quantity=1|2", "GE_quantity");
  ExpectRejected("GE_value=5", "GE_value");  // sensor values need a unit
  ExpectRejected("GE_value_kgm=5", "GE_value_kgm");
  ExpectRejected("LT_value_KILOS=5", "LT_value_KILOS");
  ExpectRejected("GE_quantity_K=5", "GE_quantity_K");
  ExpectRejected("EQ_value_P1=", "EQ_value_P1");
}

TEST(ParseQuery, OrderAndPaging) {
  EventQuery q = Parse("orderBy=eventTime&perPage=100&eventCountLimit=250");
  EXPECT_EQ(q.order_by, OrderBy::kEventTime);
  EXPECT_EQ(q.direction, Direction::kDesc);  // the EPCIS default once orderBy is given
  EXPECT_EQ(q.per_page, 100u);
  EXPECT_EQ(q.event_count_limit, 250u);
  EXPECT_EQ(Parse("orderBy=recordTime&orderDirection=ASC").direction, Direction::kAsc);
  EXPECT_EQ(Parse("orderDirection=DESC").direction, Direction::kDesc);
  EXPECT_EQ(Parse("maxEventCount=5").max_event_count, 5u);
  EXPECT_EQ(Parse("perPage=1000").per_page, 1000u);
  ExpectRejected("orderBy=bizStep", "orderBy");
  ExpectRejected("orderDirection=SIDEWAYS", "orderDirection");
  ExpectRejected("orderDirection=asc", "orderDirection");
  for (const char* bad : {"0", "-1", "1001", "01", "1.5", "", "99999999999999999999"}) {
    ExpectRejected(std::string("perPage=") + bad, "perPage");
  }
  ExpectRejected("eventCountLimit=0", "eventCountLimit");
  ExpectRejected("eventCountLimit=5&maxEventCount=5", "maxEventCount");
  ExpectRejected("nextPageToken=garbage!", "nextPageToken");
}

TEST(ParseQuery, UnknownRepeatedAndUnsupportedParametersAreNamed) {
  ExpectRejected("GE_eventDate=2026-01-01T00:00:00Z", "GE_eventDate");
  ExpectRejected("eventType=ObjectEvent&eventType=AggregationEvent", "eventType");
  ExpectRejected("EQ_bizStep=shipping&EQ_bizStep=receiving", "EQ_bizStep");
  ExpectRejected("WD_readPoint=urn:epc:id:sgln:9521141.12345.0", "WD_readPoint");
  ExpectRejected("EQ_type=Temperature", "EQ_type");
  ExpectRejected("eq_action=ADD", "eq_action");
  ExpectRejected("EQ_action=ADD&EQ_action%3D=1", "EQ_action=");
  auto r = ParseQuery("x=%ZZ");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().message().starts_with("x:"));
}

TEST(ParseQuery, Limits) {
  std::string many = "eventType=ObjectEvent";
  for (size_t i = 0; i < kMaxAlternatives; ++i) many += "|ObjectEvent";
  ExpectRejected(many, "eventType");
  std::string params;
  for (size_t i = 0; i <= kMaxParameters; ++i) params += "EXISTS_gs1:f" + std::to_string(i) + "&";
  ExpectRejected(params, "EXISTS_gs1:f" + std::to_string(kMaxParameters));
  EXPECT_FALSE(ParseQuery(std::string(kMaxQueryText + 1, 'a')).ok());
}

TEST(ParseQuery, FingerprintIgnoresParameterOrderAndPageSize) {
  EXPECT_EQ(Parse("EQ_action=ADD&eventType=ObjectEvent").fingerprint,
            Parse("eventType=ObjectEvent&perPage=5&EQ_action=ADD").fingerprint);
  EXPECT_NE(Parse("EQ_action=ADD").fingerprint, Parse("EQ_action=OBSERVE").fingerprint);
  EXPECT_NE(Parse("EQ_action=ADD").fingerprint, Parse("EQ_action=ADD&orderBy=eventTime").fingerprint);
}

TEST(ParseQuery, ClientNamespacesExpandCuries) {
  epcis::Namespaces ns = epcis::StandardNamespaces();
  ns["ex"] = "https://ns.example.com/epcis/";
  auto q = ParseQuery("EQ_bizStep=ex:smelting&EXISTS_ex:grade", ns);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->biz_steps[0], "https://ns.example.com/epcis/smelting");
  EXPECT_EQ(q->exists[0], "https://ns.example.com/epcis/grade");
}

}  // namespace
}  // namespace orelog::query
