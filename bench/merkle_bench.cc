// In-memory Merkle work against the SHA-256 limit of this machine.
//
//   NodeHashLimit/{before,after}  OpenSSL SHA-256 of 65-byte inputs in a tight
//                                 loop, EVP_MD fetched once, one EVP_MD_CTX
//                                 reused: the node-hash rate. Measured before
//                                 and after the rest to expose drift on a
//                                 shared machine. Leaf limit = rate / 2
//                                 (one leaf hash + ~one node hash per leaf).
//   HasherLeaf100, HasherNode     orelog's merkle::Hasher on the same inputs.
//   NodeHashAlt/*                 diagnosis: cheaper ways to drive OpenSSL
//                                 for a 65-byte node (re-init without the
//                                 digest; the deprecated SHA256_* calls).
//   Integrate/<n>                 n leaves of 100 bytes: leaf hash, compact
//                                 range, node tiles via log::Integrator,
//                                 Flush every 64Ki leaves (tiles discarded).
//                                 The label is the root, comparable with
//                                 bench/go-peer's.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "common.h"
#include "log/integrator.h"
#include "merkle/compact_range.h"
#include "merkle/hasher.h"

namespace orelog::bench {
namespace {

constexpr size_t kLeafSize = 100;
constexpr uint64_t kFlushEvery = 64 * 1024;
constexpr size_t kChunk = 4096;  // leaf hashes per Integrator::Add
static_assert(kFlushEvery % kChunk == 0);

void NodeHashLimit(benchmark::State& state) {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Check(md != nullptr && ctx != nullptr, "OpenSSL SHA-256 unavailable");
  std::array<uint8_t, 65> buf{};
  buf[0] = 0x01;
  unsigned len = 0;
  for (auto _ : state) {
    // The digest feeds the next input, so no call can be skipped.
    EVP_DigestInit_ex2(ctx, md, nullptr);
    EVP_DigestUpdate(ctx, buf.data(), buf.size());
    EVP_DigestFinal_ex(ctx, buf.data() + 1, &len);
  }
  benchmark::DoNotOptimize(buf);
  state.SetItemsProcessed(state.iterations());
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
}

// EVP_DigestInit_ex2 with a null digest re-initialises the one already set.
void NodeHashReinitNull(benchmark::State& state) {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Check(md != nullptr && ctx != nullptr && EVP_DigestInit_ex2(ctx, md, nullptr) == 1, "OpenSSL SHA-256");
  std::array<uint8_t, 65> buf{};
  buf[0] = 0x01;
  unsigned len = 0;
  for (auto _ : state) {
    EVP_DigestInit_ex2(ctx, nullptr, nullptr);
    EVP_DigestUpdate(ctx, buf.data(), buf.size());
    EVP_DigestFinal_ex(ctx, buf.data() + 1, &len);
  }
  benchmark::DoNotOptimize(buf);
  state.SetItemsProcessed(state.iterations());
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
void NodeHashLowLevel(benchmark::State& state) {
  std::array<uint8_t, 65> buf{};
  buf[0] = 0x01;
  SHA256_CTX c;
  for (auto _ : state) {
    SHA256_Init(&c);
    SHA256_Update(&c, buf.data(), buf.size());
    SHA256_Final(buf.data() + 1, &c);
  }
  benchmark::DoNotOptimize(buf);
  state.SetItemsProcessed(state.iterations());
}
#pragma GCC diagnostic pop

void HasherLeaf100(benchmark::State& state) {
  merkle::Hasher hasher;
  LeafMaker leaves(kLeafSize);
  uint64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(hasher.HashLeaf(leaves.Leaf(i++)));
  state.SetItemsProcessed(state.iterations());
}

void HasherNode(benchmark::State& state) {
  merkle::Hasher hasher;
  Hash a{}, b{};
  for (auto _ : state) {
    a = hasher.HashChildren(a, b);
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations());
}

void Integrate(benchmark::State& state) {
  const auto n = static_cast<uint64_t>(state.range(0));
  std::string root_hex;
  uint64_t tile_bytes = 0;
  for (auto _ : state) {
    merkle::Hasher hasher;
    LeafMaker leaves(kLeafSize);
    auto no_tiles = [](uint32_t, uint64_t) -> Result<Bytes> { return Bytes{}; };
    auto in = log::Integrator::Resume(merkle::CompactRange{}, no_tiles);
    Check(in.ok(), "Integrator::Resume: " + in.status().ToString());
    std::vector<Hash> chunk(kChunk);
    tile_bytes = 0;
    for (uint64_t begin = 0; begin < n; begin += kChunk) {
      const size_t m = static_cast<size_t>(std::min<uint64_t>(kChunk, n - begin));
      for (size_t j = 0; j < m; ++j) chunk[j] = hasher.HashLeaf(leaves.Leaf(begin + j));
      in->Add(hasher, std::span<const Hash>(chunk.data(), m));
      if ((begin + m) % kFlushEvery == 0) {
        for (const auto& w : in->Flush()) tile_bytes += w.nodes.size();
      }
    }
    for (const auto& w : in->Flush()) tile_bytes += w.nodes.size();
    Check(in->size() == n, "integrated size mismatch");
    Hash root = in->Root(hasher);
    root_hex = HexEncode(AsBytes(root));
  }
  state.SetItemsProcessed(static_cast<int64_t>(n * state.iterations()));
  state.counters["tile_MiB"] = static_cast<double>(tile_bytes) / (1 << 20);
  state.SetLabel("root=" + root_hex);
}

}  // namespace
}  // namespace orelog::bench

int main(int argc, char** argv) {
  using namespace orelog::bench;
  benchmark::Initialize(&argc, argv);
  // Registration order is run order: the limit brackets the measured work.
  // Rates are per wall-clock second throughout, like the Go peer's.
  benchmark::RegisterBenchmark("NodeHashLimit/before", NodeHashLimit)->MinTime(1.0)->UseRealTime();
  benchmark::RegisterBenchmark("HasherLeaf100", HasherLeaf100)->MinTime(1.0)->UseRealTime();
  benchmark::RegisterBenchmark("HasherNode", HasherNode)->MinTime(1.0)->UseRealTime();
  benchmark::RegisterBenchmark("NodeHashAlt/reinit_null_md", NodeHashReinitNull)->MinTime(1.0)->UseRealTime();
  benchmark::RegisterBenchmark("NodeHashAlt/sha256_low_level", NodeHashLowLevel)->MinTime(1.0)->UseRealTime();
  for (int64_t n : {1'000'000, 10'000'000}) {
    benchmark::RegisterBenchmark("Integrate", Integrate)
        ->Arg(n)
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark("NodeHashLimit/after", NodeHashLimit)->MinTime(1.0)->UseRealTime();
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
