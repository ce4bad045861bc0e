// The large ledger: building it (peak RSS while appending), reopening it, and
// serving inclusion proofs from it. Each mode is its own process, so each
// VmHWM (peak RSS) belongs to that phase alone.
//
//   proof_bench build  --dir D --n N [--entry BYTES] [--threads T] [--per-call E]
//       Creates a ledger in D (replacing it) and appends N entries of BYTES
//       bytes, E entries per AppendEntries call, default options (publish
//       cadence on); then Publish(). With T = 1 (default) entry i is leaf i
//       of common.h, so the root equals bench/go-peer's; with T > 1 threads
//       the order of their batches is up to the ledger. Writes
//       D/bench-complete when done, for scripts/bench's cache.
//   proof_bench reopen --dir D
//       Times Ledger::Open (to ready), the first Checkpoint() and the close.
//   proof_bench prove  --dir D --k K
//       Opens the ledger, then times K Ledger::InclusionProof calls for
//       uniformly random indices against the published size, on one thread;
//       afterwards verifies the first 2,000 proofs (leaf = the stored entry)
//       against the checkpoint's root.
//   proof_bench diag   --dir D --k K [--variant NAME]
//       Diagnosis, not a figure of the issue: the same proofs through
//       variants of the read path (proof_diag.cc).
// Prints one key=value line per figure.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common.h"
#include "merkle/hasher.h"
#include "merkle/verify.h"
#include "orelog/ledger.h"
#include "proof_diag.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"

namespace orelog::bench {
namespace {

namespace fs = std::filesystem;

struct Options {
  std::string mode;
  fs::path dir;
  uint64_t n = 10'000'000;
  size_t entry = 100;
  int threads = 1;
  int per_call = 4096;
  uint64_t k = 200'000;
  std::string variant;  // diag: run only this variant
};

std::unique_ptr<Ledger> OpenLedger(const fs::path& dir) {
  auto ledger = Ledger::Open(dir);
  Check(ledger.ok(), "Ledger::Open: " + ledger.status().ToString());
  return std::move(*ledger);
}

tlog::Checkpoint CurrentCheckpoint(Ledger& ledger) {
  auto note_text = ledger.Checkpoint();
  Check(note_text.ok(), "Checkpoint: " + note_text.status().ToString());
  auto note = tlog::ParseNote(*note_text);
  Check(note.ok(), "ParseNote: " + note.status().ToString());
  auto cp = tlog::ParseCheckpoint(note->text);
  Check(cp.ok(), "ParseCheckpoint: " + cp.status().ToString());
  return *cp;
}

void Build(const Options& o) {
  fs::remove_all(o.dir);
  auto vkey = Ledger::Init(o.dir, "bench.orelog.example/proofs");
  Check(vkey.ok(), "Ledger::Init: " + vkey.status().ToString());
  auto ledger = OpenLedger(o.dir);

  std::atomic<uint64_t> next{0};
  Stopwatch sw;
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&] {
      LeafMaker maker(o.entry);
      std::vector<Bytes> batch;
      while (true) {
        // Claim a range of leaf numbers (with several threads, the ledger
        // may sequence the claimed ranges in another order).
        uint64_t begin = next.fetch_add(static_cast<uint64_t>(o.per_call));
        if (begin >= o.n) break;
        uint64_t end = std::min<uint64_t>(o.n, begin + static_cast<uint64_t>(o.per_call));
        batch.clear();
        for (uint64_t i = begin; i < end; ++i) batch.push_back(maker.Copy(i));
        auto r = ledger->AppendEntries(batch);
        while (!r.ok() && r.status().code() == Code::kUnavailable) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          r = ledger->AppendEntries(batch);
        }
        Check(r.ok(), "AppendEntries: " + r.status().ToString());
        if (begin % 1'000'000 < static_cast<uint64_t>(o.per_call) && begin > 0) {
          std::fprintf(stderr, "proof_bench build: %llu entries, %.0f s, VmHWM %ld MiB\n",
                       static_cast<unsigned long long>(begin), sw.Seconds(), ReadMemory().hwm_kib / 1024);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  const double append_secs = sw.Seconds();
  auto published = ledger->Publish();
  Check(published.ok(), "Publish: " + published.status().ToString());
  const double total_secs = sw.Seconds();
  const tlog::Checkpoint cp = CurrentCheckpoint(*ledger);
  Check(cp.size == o.n, "published size " + std::to_string(cp.size) + " != " + std::to_string(o.n));
  ledger.reset();
  const Memory mem = ReadMemory();
  uintmax_t bytes = 0;
  for (const auto& f : fs::directory_iterator(o.dir)) bytes += f.file_size();
  std::printf("figure=build n=%llu entry_bytes=%zu threads=%d per_call=%d append_seconds=%.1f "
              "entries_per_s=%.0f publish_seconds=%.2f vm_hwm_mib=%.1f disk_mib=%.0f root=%s\n",
              static_cast<unsigned long long>(o.n), o.entry, o.threads, o.per_call, append_secs,
              static_cast<double>(o.n) / append_secs, total_secs - append_secs, mem.hwm_kib / 1024.0,
              static_cast<double>(bytes) / (1 << 20), HexEncode(AsBytes(cp.root)).c_str());
  std::ofstream(o.dir / "bench-complete") << "n=" << o.n << " entry=" << o.entry << "\n";
}

void Reopen(const Options& o) {
  Stopwatch sw;
  auto ledger = OpenLedger(o.dir);
  const double open_ms = sw.Seconds() * 1e3;
  Stopwatch sw2;
  const tlog::Checkpoint cp = CurrentCheckpoint(*ledger);
  const double checkpoint_ms = sw2.Seconds() * 1e3;
  Stopwatch sw3;
  ledger.reset();
  const double close_ms = sw3.Seconds() * 1e3;
  std::printf("figure=reopen size=%llu open_ms=%.2f first_checkpoint_ms=%.2f close_ms=%.2f vm_hwm_mib=%.1f\n",
              static_cast<unsigned long long>(cp.size), open_ms, checkpoint_ms, close_ms,
              ReadMemory().hwm_kib / 1024.0);
}

std::vector<uint64_t> RandomIndices(uint64_t size, uint64_t k) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<uint64_t> pick(0, size - 1);
  std::vector<uint64_t> indices(k);
  for (auto& i : indices) i = pick(rng);
  return indices;
}

void Prove(const Options& o) {
  auto ledger = OpenLedger(o.dir);
  const tlog::Checkpoint cp = CurrentCheckpoint(*ledger);
  const Memory opened = ReadMemory();
  const std::vector<uint64_t> indices = RandomIndices(cp.size, o.k);

  size_t hashes = 0;
  Stopwatch sw;
  for (uint64_t i : indices) {
    auto proof = ledger->InclusionProof(i, cp.size);
    Check(proof.ok(), "InclusionProof: " + proof.status().ToString());
    hashes += proof->size();
  }
  const double secs = sw.Seconds();
  const Memory after = ReadMemory();

  // Outside the timing: the proofs are right.
  merkle::Hasher hasher;
  const size_t verify = std::min<size_t>(indices.size(), 2000);
  for (size_t j = 0; j < verify; ++j) {
    auto proof = ledger->InclusionProof(indices[j], cp.size);
    Check(proof.ok(), "InclusionProof: " + proof.status().ToString());
    auto entry = ledger->Entry(indices[j]);
    Check(entry.ok(), "Entry: " + entry.status().ToString());
    Status st = merkle::VerifyInclusion(hasher, indices[j], cp.size, hasher.HashLeaf(*entry), *proof, cp.root);
    Check(st.ok(), "proof of " + std::to_string(indices[j]) + " does not verify: " + st.ToString());
  }
  std::printf("figure=prove size=%llu k=%llu seconds=%.3f proofs_per_s=%.0f avg_hashes=%.1f verified=%zu "
              "rss_open_mib=%.1f vm_rss_mib=%.1f vm_hwm_mib=%.1f root=%s\n",
              static_cast<unsigned long long>(cp.size), static_cast<unsigned long long>(o.k), secs,
              static_cast<double>(o.k) / secs, static_cast<double>(hashes) / static_cast<double>(o.k), verify,
              opened.rss_kib / 1024.0, after.rss_kib / 1024.0, after.hwm_kib / 1024.0,
              HexEncode(AsBytes(cp.root)).c_str());
}

Options Parse(int argc, char** argv) {
  Options o;
  const char* usage =
      "usage: proof_bench build|reopen|prove|diag --dir D [--n N] [--entry BYTES] [--threads T] [--per-call E] [--k K] [--variant NAME]";
  Check(argc >= 2, usage);
  o.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    Check(i + 1 < argc, usage);
    std::string v = argv[++i];
    if (a == "--dir") o.dir = v;
    else if (a == "--n") o.n = std::stoull(v);
    else if (a == "--entry") o.entry = std::stoul(v);
    else if (a == "--threads") o.threads = std::stoi(v);
    else if (a == "--per-call") o.per_call = std::stoi(v);
    else if (a == "--k") o.k = std::stoull(v);
    else if (a == "--variant") o.variant = v;
    else Check(false, usage);
  }
  Check(!o.dir.empty(), usage);
  return o;
}

}  // namespace
}  // namespace orelog::bench

int main(int argc, char** argv) {
  using namespace orelog::bench;
  Options o = Parse(argc, argv);
  if (o.mode == "build") Build(o);
  else if (o.mode == "reopen") Reopen(o);
  else if (o.mode == "prove") Prove(o);
  else if (o.mode == "diag") RunProofDiag(o.dir, o.k, o.variant);
  else Check(false, "unknown mode " + o.mode);
  return 0;
}
