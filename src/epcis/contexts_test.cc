#include "epcis/contexts.h"

#include <gtest/gtest.h>

#include <filesystem>

#include <boost/json.hpp>

#include "epcis/canonical_json.h"
#include "testutil/shared_data.h"

namespace orelog::epcis {
namespace {
namespace json = boost::json;

TEST(Contexts, OnlyKnownContextUrlsAreAccepted) {
  EXPECT_TRUE(IsKnownContextUrl("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"));
  EXPECT_TRUE(IsKnownContextUrl("https://ref.gs1.org/standards/epcis/epcis-context.jsonld"));
  EXPECT_TRUE(IsKnownContextUrl("https://gs1.github.io/EPCIS/epcis-context.jsonld"));
  EXPECT_FALSE(IsKnownContextUrl("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld/"));
  EXPECT_FALSE(IsKnownContextUrl("http://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"));
  auto ctx = json::parse(R"(["https://gs1.github.io/EPCIS/epcis-context.jsonld",{"ex":"https://ns.example.com/"},
                             "https://evil.example/context.jsonld"])");
  auto u = FindUnknownContextUrl(ctx, "/@context");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->pointer, "/@context/2");
  EXPECT_EQ(u->url, "https://evil.example/context.jsonld");
  EXPECT_FALSE(FindUnknownContextUrl(json::parse(R"("https://ref.gs1.org/standards/epcis/epcis-context.jsonld")"), ""));
  EXPECT_TRUE(FindUnknownContextUrl(json::parse(R"("https://example.org/x.jsonld")"), ""));
}

// Every context URL the conformance corpus uses is known: none of its
// documents needs a fetch.
TEST(Contexts, TheCorpusNeedsNoFetch) {
  int urls = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(orelog::testing::SharedDir() / "conformance/epcis")) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".json" && ext != ".jsonld")) continue;
    if (entry.path().string().find("JSON-LD-Context") != std::string::npos ||
        entry.path().string().find("Ontology") != std::string::npos ||
        entry.path().filename().string().find("context") != std::string::npos ||
        entry.path().string().find("/Queries/") != std::string::npos) {
      continue;  // the context documents themselves, and query-language files
    }
    auto v = ParseJson(orelog::testing::ReadFileOrDie(entry.path()));
    if (!v.ok() || !v->is_object()) continue;
    if (const json::value* ctx = v->get_object().if_contains("@context")) {
      ++urls;
      auto u = FindUnknownContextUrl(*ctx, "/@context");
      EXPECT_FALSE(u) << entry.path() << ": " << (u ? u->url : "");
    }
  }
  EXPECT_GT(urls, 100);
}

}  // namespace
}  // namespace orelog::epcis
