// The pieces of the single-buffer renderer: PrefixScope, the Append* forms
// of the normalisers, in-place sorting and per-event @context scoping.
#include "epcis/prehash.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "epcis/gs1_keys.h"
#include "epcis/timestamp.h"

namespace orelog::epcis {
namespace {

namespace json = boost::json;

TEST(PrefixScope, FindsBaseThenAddedPrefixesAndForgetsAfterTruncate) {
  PrefixScope scope(StandardNamespaces());
  EXPECT_EQ(scope.Find("gs1"), std::optional<std::string_view>("https://gs1.org/voc/"));
  EXPECT_EQ(scope.Find("urn"), std::nullopt);
  EXPECT_EQ(scope.Find(""), std::nullopt);
  const json::value ctx = json::parse(R"([{"ex":"https://ns.example.com/"},"https://ignored.example/ctx"])");
  const size_t mark = scope.Mark();
  ASSERT_TRUE(scope.Add(ctx).ok());
  EXPECT_EQ(scope.Find("ex"), std::optional<std::string_view>("https://ns.example.com/"));
  EXPECT_EQ(scope.Find("e"), std::nullopt);  // same first byte, not declared
  scope.Truncate(mark);
  EXPECT_EQ(scope.Find("ex"), std::nullopt);
  EXPECT_EQ(scope.Find("epcis"), std::optional<std::string_view>("https://ref.gs1.org/epcis/"));
}

// PrefixScope::Add must accept and reject exactly what AddContextNamespaces
// does, with the same message, and declare the same prefixes.
TEST(PrefixScope, AddFollowsTheContextRules) {
  const char* contexts[] = {
      R"("https://ref.gs1.org/standards/epcis/epcis-context.jsonld")",
      R"({"ex":"https://ns.example.com/","@vocab":"https://x.example/"})",
      R"({"gs1":"https://gs1.org/voc/"})",                                   // same IRI: fine
      R"({"gs1":"https://evil.example/"})",                                  // redefines a standard prefix
      R"([{"ex":"https://ns.example.com/"},{"ex":"https://ns.example.com/"}])",  // twice, same IRI
      R"([{"ex":"https://ns.example.com/"},{"ex":"https://other.example/"}])",   // twice, different
      R"({"ex":{"@id":"https://ns.example.com/"}})",                          // expanded term: skipped
      R"({"cbvmda":{"@id":"https://evil.example/"}})",                       // redefines a standard prefix
      R"({"ex":"https://ns.example.com/","ex:n":{"@type":"xsd:integer"}})",  // typed term: skipped
      R"({"ex":["https://ns.example.com/"]})",                                // not an IRI
      R"(42)",
      R"({"":"https://empty.example/","a":"https://a.example/"})",
  };
  for (const char* text : contexts) {
    const json::value ctx = json::parse(text);
    Namespaces ns = StandardNamespaces();
    Status want = AddContextNamespaces(ctx, ns);
    PrefixScope scope(StandardNamespaces());
    Status got = scope.Add(ctx);
    EXPECT_EQ(got.ok(), want.ok()) << text;
    EXPECT_EQ(got.message(), want.message()) << text;
    if (!want.ok()) continue;
    for (const auto& [prefix, iri] : ns) EXPECT_EQ(scope.Find(prefix), std::optional<std::string_view>(iri)) << text;
    EXPECT_EQ(scope.Find("undeclared"), std::nullopt);
  }
}

TEST(AppendForms, AppendWhatTheResultFormsReturn) {
  const std::string kBefore = "kept|";
  for (std::string_view id : {"urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sscc:0614141.1234567890",
                              "urn:epc:id:grai:0614141.12345.400", "urn:epc:idpat:sgtin:4012345.012345.*",
                              "urn:epc:class:lgtin:4012345.012345.L%2F1", "urn:epc:id:sgln:0614141.07346.0",
                              "https://example.com/gtin/9520123456788/ser/1?x=1", "plain text",
                              "urn:epc:id:sgtin:0614141.107346", "https://id.gs1.org/01/10614141073465/21/1"}) {
    std::string out = kBefore;
    Status st = AppendNormalizedIdentifier(id, out);
    auto want = NormalizeIdentifier(id);
    ASSERT_EQ(st.ok(), want.ok()) << id;
    if (want.ok()) {
      EXPECT_EQ(out, kBefore + *want) << id;
    } else {
      EXPECT_EQ(st.message(), want.status().message()) << id;
    }
  }
  for (std::string_view ts : {"2023-12-31T23:59:59.9995Z", "2020-01-01T00:30:00+14:00", "2020-01-01T00:30:00"}) {
    std::string out = kBefore;
    Status st = AppendNormalizedTimestamp(ts, out);
    auto want = NormalizeTimestamp(ts);
    ASSERT_EQ(st.ok(), want.ok()) << ts;
    EXPECT_EQ(out, want.ok() ? kBefore + *want : kBefore) << ts;  // unchanged on error
  }
  const Namespaces& ns = StandardNamespaces();
  const PrefixScope scope(ns);
  for (std::string_view word : {"shipping", "urn:epcglobal:cbv:bizstep:receiving", "gs1:x", "smelting", "a b"}) {
    std::string out = kBefore;
    Status st = AppendNormalizedVocabulary(Vocab::kBizStep, word, scope, out);
    auto want = NormalizeVocabulary(Vocab::kBizStep, word, ns);
    ASSERT_EQ(st.ok(), want.ok()) << word;
    if (want.ok()) EXPECT_EQ(out, kBefore + *want) << word;
  }
  for (std::string_view curie : {"cbvmda:lotNumber", "https://ex:a", "undeclared:a", "nocolon"}) {
    std::string out = kBefore;
    AppendExpandedCurie(curie, scope, out);
    EXPECT_EQ(out, kBefore + ExpandCurie(curie, ns)) << curie;
  }
  for (const json::value& n : {json::value(452.0), json::value(-3), json::value(18446744073709551615u), json::value(1e-7)}) {
    std::string out = kBefore;
    AppendNumber(n, out);
    EXPECT_EQ(out, kBefore + FormatNumber(n));
  }
}

TEST(RenderPreHash, AppendsToTheBufferAndReportsPartEnds) {
  // Extensions and list elements out of order: the renderer sorts them in
  // place inside the buffer.
  const json::object event = json::parse(R"({"type":"ObjectEvent","eventTime":"2024-01-01T00:00:00Z",
      "ex:z":1,"ex:obj":{"ex:b":"2","ex:a":["y","x"]},"epcList":["urn:x:2","urn:x:1"],
      "@context":{"ex":"https://ns.example.com/"}})").as_object();
  PrefixScope scope(StandardNamespaces());
  std::string out = "prefix";
  std::vector<size_t> ends;
  ASSERT_TRUE(RenderPreHash(event, HashOptions::kDocumented, scope, out, &ends).ok());
  const std::string want =
      "eventType=ObjectEvent" "eventTime=2024-01-01T00:00:00.000Z" "epcListepc=urn:x:1epc=urn:x:2"
      "{https://ns.example.com/}obj{https://ns.example.com/}a=x{https://ns.example.com/}a=y"
      "{https://ns.example.com/}b=2" "{https://ns.example.com/}z=1";
  EXPECT_EQ(out, "prefix" + want);
  std::vector<std::string> parts;
  size_t begin = 6;
  for (size_t end : ends) {
    parts.push_back(out.substr(begin, end - begin));
    begin = end;
  }
  auto expected = PreHashParts(event, HashOptions{});
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(parts, *expected);
  EXPECT_EQ(scope.Find("ex"), std::nullopt);  // the event's own prefix is gone again
}

TEST(HashEventsInDocument, EventContextsDoNotLeakToLaterEvents) {
  const std::string doc_ctx = R"({"type":"EPCISDocument","@context":[{"ex":"https://ns.example.com/"}],
      "epcisBody":{"eventList":[)";
  const std::string ev0 = R"({"type":"ObjectEvent","eventTime":"2024-01-01T00:00:00Z","@context":{"own":"https://own.example/"},"own:a":1,"ex:b":2})";
  const std::string ev1_doc_prefix = R"({"type":"ObjectEvent","eventTime":"2024-01-01T00:00:00Z","ex:b":2})";
  const std::string ev1_own_prefix = R"({"type":"ObjectEvent","eventTime":"2024-01-01T00:00:00Z","own:a":1})";

  auto ok = HashEventsInJson(doc_ctx + ev0 + "," + ev1_doc_prefix + "]}}", HashOptions::kDocumented);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].pre_hash,
            "eventType=ObjectEventeventTime=2024-01-01T00:00:00.000Z{https://ns.example.com/}b=2{https://own.example/}a=1");
  EXPECT_EQ((*ok)[1].pre_hash, "eventType=ObjectEventeventTime=2024-01-01T00:00:00.000Z{https://ns.example.com/}b=2");

  auto leaked = HashEventsInJson(doc_ctx + ev0 + "," + ev1_own_prefix + "]}}", HashOptions::kDocumented);
  ASSERT_FALSE(leaked.ok());
  EXPECT_NE(leaked.status().message().find("event 1"), std::string::npos) << leaked.status().message();
  EXPECT_NE(leaked.status().message().find("undeclared"), std::string::npos) << leaked.status().message();
}

}  // namespace
}  // namespace orelog::epcis
