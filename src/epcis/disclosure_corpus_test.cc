// The default disclosure policy over every event of the GS1 EPCIS 2.0 JSON
// examples: public forms fit in a leaf, and every disclosure verifies
// against the payload decoded from the leaf bytes.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "epcis/canonical_json.h"
#include "epcis/disclosure.h"
#include "epcis/leaf.h"
#include "testutil/shared_data.h"

namespace orelog::epcis {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const json::array* EventList(const json::object& doc) {
  const json::value* body = doc.if_contains("epcisBody");
  if (body == nullptr || !body->is_object()) return nullptr;
  const json::value* list = body->get_object().if_contains("eventList");
  if (list == nullptr) {
    const json::value* qr = body->get_object().if_contains("queryResults");
    if (qr == nullptr || !qr->is_object()) return nullptr;
    const json::value* rb = qr->get_object().if_contains("resultsBody");
    if (rb == nullptr || !rb->is_object()) return nullptr;
    list = rb->get_object().if_contains("eventList");
  }
  return list != nullptr && list->is_array() ? &list->get_array() : nullptr;
}

TEST(DisclosureCorpusTest, Gs1ExamplesUnderDefaultPolicy) {
  fs::path dir = testing::SharedDir() / "conformance/epcis/gs1-EPCIS/JSON";
  if (!fs::exists(dir)) GTEST_SKIP() << "no shared conformance data at " << dir;
  size_t events = 0, withheld = 0, files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".jsonld") continue;
    auto doc = ParseJson(testing::ReadFileOrDie(entry.path()));
    ASSERT_TRUE(doc.ok()) << entry.path();
    if (!doc->is_object()) continue;
    const json::array* list = EventList(doc->get_object());
    if (list == nullptr) continue;
    ++files;
    for (const json::value& ev : *list) {
      ASSERT_TRUE(ev.is_object());
      ++events;
      auto pf = ApplyDisclosurePolicy(ev.get_object(), DefaultDisclosurePolicy());
      ASSERT_TRUE(pf.ok()) << entry.path() << ": " << pf.status().ToString();
      withheld += pf->disclosures.size();
      Envelope e;
      e.policy_version = "1";
      e.public_id = "urn:uuid:00000000-0000-4000-8000-000000000000";
      e.submitter = "urn:epc:id:pgln:4012345.00000";
      e.received_at = "2026-11-28T00:00:00.000Z";
      e.payload = pf->event;
      auto bytes = EncodeLeaf(e);
      ASSERT_TRUE(bytes.ok()) << entry.path() << ": " << bytes.status().ToString();
      auto back = DecodeLeaf(*bytes);
      ASSERT_TRUE(back.ok()) << entry.path() << ": " << back.status().ToString();
      EXPECT_EQ(*EncodeLeaf(*back), *bytes);
      for (const std::string& d : pf->disclosures) {
        EXPECT_TRUE(VerifyDisclosure(back->payload, d).ok()) << entry.path();
      }
    }
  }
  RecordProperty("events", static_cast<int>(events));
  RecordProperty("disclosures", static_cast<int>(withheld));
  std::printf("gs1 examples: %zu files, %zu events, %zu disclosures\n", files, events, withheld);
  EXPECT_GT(events, 40u);
  EXPECT_GT(withheld, 20u);
}

}  // namespace
}  // namespace orelog::epcis
