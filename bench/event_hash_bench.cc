// CBV 2.0 event hashing (issue #3 §9): events/s for ~1 KiB mineral-style
// ObjectEvents on one core, parse + pre-hash + SHA-256, beside the SHA-256
// of the same pre-hash strings alone (the floor of any implementation).
#include <benchmark/benchmark.h>
#include <boost/json.hpp>

#include <string>
#include <vector>

#include "base/sha256.h"
#include "epcis/event_hash.h"

namespace {

// A shipping event of a concentrate lot: six SGTINs, a quantity, a purchase
// order, source/destination, and a minerals extension in ILMD-like members.
std::string MineralEvent(int i) {
  std::string n = std::to_string(i);
  return R"({"@context":["https://ref.gs1.org/standards/epcis/epcis-context.jsonld",)"
         R"({"ore":"https://orelog.example/voc/"}],)"
         R"("type":"ObjectEvent","eventTime":"2026-11-27T10:1)" + std::to_string(i % 10) +
         R"(:00.1234+05:00","eventTimeZoneOffset":"+05:00","epcList":[)"
         R"("urn:epc:id:sgtin:0614141.107346.)" + n + R"(1","urn:epc:id:sgtin:0614141.107346.)" + n +
         R"(2","urn:epc:id:sgtin:0614141.107346.)" + n + R"(3","urn:epc:id:sgtin:0614141.107346.)" + n +
         R"(4","urn:epc:id:sgtin:0614141.107346.)" + n + R"(5","urn:epc:id:sgtin:0614141.107346.)" + n +
         R"(6"],"quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.LOT)" + n +
         R"(","quantity":24000.50,"uom":"KGM"}],"action":"OBSERVE","bizStep":"shipping",)"
         R"("disposition":"in_transit","readPoint":{"id":"urn:epc:id:sgln:0614141.07346.1234"},)"
         R"("bizLocation":{"id":"urn:epc:id:sgln:0614141.07346.0"},)"
         R"("bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:0614141073467:PO-)" + n +
         R"("}],"sourceList":[{"type":"owning_party","source":"urn:epc:id:pgln:0614141.00000"}],)"
         R"("destinationList":[{"type":"owning_party","destination":"urn:epc:id:pgln:4012345.00000"}],)"
         R"("ore:assay":{"ore:Sb_pct":"41.2","ore:moisture_pct":"3.1","ore:lab":"PK-LAB-07",)"
         R"("ore:method":"ICP-OES"},"ore:mine":"Chagai-)" + n + R"("})";
}

std::vector<std::string> Corpus() {
  std::vector<std::string> events;
  for (int i = 0; i < 1024; ++i) events.push_back(MineralEvent(i));
  return events;
}

void BM_ParseAndHash(benchmark::State& state) {
  const auto events = Corpus();
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& e = events[i++ % events.size()];
    auto hashed = orelog::epcis::HashEventsInJson(e, orelog::epcis::HashOptions::kDocumented);
    if (!hashed.ok()) state.SkipWithError(hashed.status().ToString().c_str());
    benchmark::DoNotOptimize(hashed);
    bytes += e.size();
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["avg_event_bytes"] = static_cast<double>(bytes) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ParseAndHash);

void BM_HashParsed(benchmark::State& state) {
  const auto texts = Corpus();
  std::vector<boost::json::object> events;
  for (const auto& t : texts) events.push_back(boost::json::parse(t).as_object());
  orelog::epcis::HashOptions options;
  size_t i = 0;
  for (auto _ : state) {
    auto h = orelog::epcis::EventHash(events[i++ % events.size()], options);
    if (!h.ok()) state.SkipWithError(h.status().ToString().c_str());
    benchmark::DoNotOptimize(h);
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HashParsed);

// The limit: SHA-256 of the same pre-hash strings, nothing else.
void BM_Sha256OfPreHash(benchmark::State& state) {
  const auto texts = Corpus();
  std::vector<std::string> pre;
  orelog::epcis::HashOptions options;
  for (const auto& t : texts) pre.push_back(*orelog::epcis::PreHashString(boost::json::parse(t).as_object(), options));
  orelog::Sha256 sha;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& p = pre[i++ % pre.size()];
    benchmark::DoNotOptimize(sha.Digest(orelog::AsBytes(p)));
    bytes += p.size();
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["avg_prehash_bytes"] = static_cast<double>(bytes) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Sha256OfPreHash);

}  // namespace

BENCHMARK_MAIN();
