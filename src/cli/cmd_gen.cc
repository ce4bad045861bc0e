// gen: a new ledger filled with a synthetic custody chain (cli/gen_chain.h)
// through the real capture path.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/gen_chain.h"
#include "cli/json_text.h"
#include "orelog/ledger.h"
#include "repo/capture.h"
#include "repo/schema.h"

namespace orelog::cli {
namespace {

constexpr char kSubmitter[] = "urn:epc:id:pgln:0614141.00000";

}  // namespace

int Gen(const Common& c, uint64_t lots, uint64_t seed) {
  if (lots == 0) return Fail("gen", Status::Invalid("--lots must be positive"));
  auto vkey = Ledger::Init(c.dir, fmt::format("orelog.example/gen-{}", seed));
  if (!vkey.ok()) return Fail("gen", vkey.status());
  if (Status st = repo::EnsureRepoSchema(c.dir); !st.ok()) return Fail("gen", st);
  auto ledger = Ledger::Open(c.dir);
  if (!ledger.ok()) return Fail("gen", ledger.status());

  ChainGenerator gen(ChainOptions{lots, seed, 100});
  // A fixed receive clock: one minute after the last event of the document,
  // so that the same seed records the same times.
  repo::CaptureOptions options;
  options.now = [&gen] { return gen.ReceiveTime(); };
  repo::Capturer capturer(**ledger, options);
  auto progress = TerminalProgress("gen");
  uint64_t events = 0;
  while (auto doc = gen.NextDocument()) {
    repo::CaptureOutcome out = capturer.CaptureDocument(*doc, kSubmitter, repo::ErrorBehaviour::kRollback);
    if (!out.status.ok()) {
      return Fail("gen", out.status.With(fmt::format("document after event {} ({})", events, out.pointer)));
    }
    events += out.job.captured;
    if (progress) progress(events, gen.total_events());
  }
  if (auto note = (*ledger)->Publish(); !note.ok()) return Fail("gen", note.status());
  const std::string deepest = gen.DeepestLot();
  const uint64_t upstream = gen.UpstreamLots(kChainLayers - 1, gen.width() / 2);
  if (c.json) {
    fmt::print("{{\"dir\": {}, \"vkey\": {}, \"events\": {}, \"lots\": {}, \"columns\": {}, \"deepestLot\": {}, "
               "\"deepestUpstreamLots\": {}, \"maxUpstreamLots\": {}}}\n",
               JsonString(c.dir), JsonString(*vkey), events, gen.total_lots(), gen.width(), JsonString(deepest),
               upstream, gen.MaxUpstreamLots());
  } else {
    fmt::print("{} events, {} lots in {} columns of {} layers\ndeepest lot {} ({} lots upstream; at most {})\n", events,
               gen.total_lots(), gen.width(), kChainLayers, deepest, upstream, gen.MaxUpstreamLots());
  }
  return kExitOk;
}

}  // namespace orelog::cli
