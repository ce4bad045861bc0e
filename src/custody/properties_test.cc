// Property tests of the custody book (rapidcheck; fixed seed and case count
// from CTest): origin attribution sums exactly, metal is conserved through
// splits and blends, incremental equals recompute whatever the arrival
// order, and the mass-balance credit account is overdrawn only with a flag.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "custody/accounting.h"
#include "custody/book.h"
#include "custody/book_impl.h"
#include "custody/testing_figures.h"
#include "custody/flags.h"
#include "custody/testing_facts.h"

namespace orelog::custody {
namespace {

using testing::kPct;
using testing::kTonne;

// ---- Generators ----------------------------------------------------------

struct Scenario {
  std::vector<SiteFacts> sites;
  std::vector<EventFacts> facts;
};

SiteFacts GenSite(const std::string& id) {
  SiteFacts s;
  s.id = id;
  s.name = id;
  s.role = *rc::gen::element<std::string>("mine", "mine", "concentrator", "blending_yard", "refinery",
                                          "separation_plant", "magnet_plant", "port");
  s.country = *rc::gen::element<std::string>("PK", "US", "CN", "AU", "");
  s.high_risk = *rc::gen::inRange(0, 4) == 0;
  return s;
}

std::optional<Milligrams> GenMass(int none_one_in) {
  if (*rc::gen::inRange(0, none_one_in) == 0) return std::nullopt;
  // Whole tonnes, odd milligrams and zero: rounding must never lose a milligram.
  switch (*rc::gen::inRange(0, 4)) {
    case 0: return *rc::gen::inRange<int64_t>(1, 40) * kTonne;
    case 1: return *rc::gen::inRange<int64_t>(0, 40 * kTonne);
    case 2: return *rc::gen::inRange<int64_t>(0, 1000);
    default: return Milligrams{0};
  }
}

std::vector<AssayValue> GenAssay() {
  std::vector<AssayValue> out;
  if (*rc::gen::inRange(0, 2) == 0) out.push_back({"Cu", *rc::gen::inRange<Nano>(0, 40 * kPct)});
  if (*rc::gen::inRange(0, 2) == 0) out.push_back({"Sb", *rc::gen::inRange<Nano>(0, 70 * kPct)});
  if (*rc::gen::inRange(0, 3) == 0) {
    // Reported as Nd2O3 and converted to the element, as extraction does.
    const auto oxide = OxideToElement("Nd2O3");
    out.push_back({"Nd", MulFraction(*rc::gen::inRange<Nano>(0, 90 * kPct), oxide->factor)});
  }
  if (*rc::gen::inRange(0, 2) == 0) out.push_back({"H2O", *rc::gen::inRange<Nano>(0, 30 * kPct)});
  if (out.empty()) out.push_back({"Cu", *rc::gen::inRange<Nano>(0, kOne)});
  return out;
}

// Random custody facts over a small pool of lots (so lots are reused as
// inputs and outputs, which makes blends, splits and occasional cycles), a
// few names never commissioned, and sites some of which are never defined.
Scenario GenScenario() {
  Scenario sc;
  const int defined_sites = *rc::gen::inRange(1, 6);
  for (int i = 0; i < defined_sites; ++i) sc.sites.push_back(GenSite("S" + std::to_string(i)));
  auto site = [&] { return "S" + std::to_string(*rc::gen::inRange(0, defined_sites + 1)); };  // one undefined
  const int pool = *rc::gen::inRange(2, 10);
  int fresh = 0;
  auto lot = [&] {
    if (*rc::gen::inRange(0, 20) == 0) return std::string("UNKNOWN");
    return "L" + std::to_string(*rc::gen::inRange(0, pool));
  };
  auto new_lot = [&] { return "N" + std::to_string(fresh++); };
  testing::FactsBuilder fb;
  // Mines first, so that most scenarios carry metal with a known origin.
  const int mines = *rc::gen::inRange(1, 4);
  for (int i = 0; i < mines; ++i) fb.Commission("L" + std::to_string(i % pool), GenMass(8).value_or(kTonne), site());
  const int n = *rc::gen::inRange(1, 30);
  for (int i = 0; i < n; ++i) {
    switch (*rc::gen::inRange(0, 10)) {
      case 0:
      case 1: {
        EventFacts& f = fb.Next(Step::kExtraction, site());
        f.lots.push_back({lot(), GenMass(6)});
        f.origin_undisclosed = *rc::gen::inRange(0, 8) == 0;
        break;
      }
      case 2:
      case 3:
        fb.Assay(lot(), GenAssay());
        break;
      case 4:
      case 5:
      case 6: {  // blend or process: 1-4 inputs, 1-3 outputs
        std::vector<LotQuantity> in, out;
        const int ni = *rc::gen::inRange(1, 5);
        for (int k = 0; k < ni; ++k) in.push_back({lot(), GenMass(2)});
        const int no = *rc::gen::inRange(1, 4);
        for (int k = 0; k < no; ++k) {
          out.push_back({*rc::gen::inRange(0, 4) == 0 ? lot() : new_lot(), GenMass(10)});
        }
        EventFacts& f = fb.Transform(in, out, site());
        if (no > 1 && *rc::gen::inRange(0, 3) == 0) f.loss_outputs.push_back(out.back().lot);
        if (*rc::gen::inRange(0, 3) == 0) fb.Assay(out.front().lot, GenAssay());
        break;
      }
      case 7:
      case 8: {  // a split: parts of one lot to fresh children, the last taking the rest
        const std::string parent = lot();
        const int parts = *rc::gen::inRange(1, 4);
        for (int k = 0; k < parts; ++k) {
          const std::string child = new_lot();
          std::optional<Milligrams> take = k + 1 == parts ? std::nullopt : GenMass(1000);
          fb.Transform({{parent, take}}, {{child, take.value_or(kTonne)}}, site());
        }
        break;
      }
      default: {  // a single flow splitting one lot into several children
        std::vector<LotQuantity> out;
        const int no = *rc::gen::inRange(2, 5);
        for (int k = 0; k < no; ++k) out.push_back({new_lot(), GenMass(6)});
        fb.Transform({{lot(), std::nullopt}}, out, site());
        break;
      }
    }
  }
  sc.facts = fb.facts();
  return sc;
}

// ---- Helpers --------------------------------------------------------------

Book Incremental(const Scenario& sc, BookConfig config = {}) {
  Book book(std::move(config));
  for (const SiteFacts& s : sc.sites) book.AddSite(s);
  for (const EventFacts& f : sc.facts) book.Apply(f);
  return book;
}

Book Recomputed(const Scenario& sc, BookConfig config = {}) {
  Book book(std::move(config));
  for (const SiteFacts& s : sc.sites) book.AddSite(s, false);
  for (const EventFacts& f : sc.facts) book.Record(f);
  book.Recompute();
  return book;
}

// The same facts with every assay moved after everything else (keeping its
// eventTime, which orders assays of one lot), re-indexed in the new order.
std::vector<EventFacts> AssaysLast(const std::vector<EventFacts>& facts) {
  std::vector<EventFacts> out;
  for (const EventFacts& f : facts) {
    if (f.step != Step::kAssay) out.push_back(f);
  }
  for (const EventFacts& f : facts) {
    if (f.step == Step::kAssay) out.push_back(f);
  }
  for (size_t i = 0; i < out.size(); ++i) out[i].index = i;
  return out;
}

std::optional<ShareVector> TakenFrom(const Book::Impl& b, uint32_t flow, std::string_view element, size_t input) {
  for (const testing::PlainFlowElement& fe : testing::FlowElements(b, flow)) {
    if (fe.element == element) return fe.taken_origin[input];
  }
  return std::nullopt;
}

// ---- Properties -----------------------------------------------------------

RC_GTEST_PROP(CustodyProperties, OriginSumsToContainedExactly, ()) {
  const Scenario sc = GenScenario();
  const Book book = Incremental(sc);
  for (const Lot& lot : book.impl().lots) {
    for (const testing::PlainFigures& f : testing::LotFigures(book.impl(), lot)) {
      RC_ASSERT(f.contained >= 0);
      RC_ASSERT(SumShares(f.origin) == f.contained);
      for (size_t i = 0; i < f.origin.size(); ++i) {
        RC_ASSERT(f.origin[i].second > 0);
        if (i > 0) RC_ASSERT(f.origin[i - 1].first < f.origin[i].first);
      }
      for (const auto& [facet, mg] : f.exposure) RC_ASSERT(mg >= 0 && mg <= f.contained);
    }
  }
}

RC_GTEST_PROP(CustodyProperties, FlowsConserveMetalPerOrigin, ()) {
  const Scenario sc = GenScenario();
  const Book book = Incremental(sc);
  for (uint32_t flow = 0; flow < book.impl().flows.size(); ++flow) {
    const Flow& fl = book.impl().flows[flow];
    for (const testing::PlainFlowElement& fe : testing::FlowElements(book.impl(), flow)) {
      if (fl.outputs.empty()) continue;
      if (std::any_of(fe.outputs.begin(), fe.outputs.end(), [](const auto& o) { return o.measured; })) continue;
      ShareVector taken, given;
      for (const ShareVector& t : fe.taken_origin) AddShares(taken, t);
      for (const auto& o : fe.outputs) AddShares(given, o.origin);
      Milligrams out_total = 0;
      for (const auto& o : fe.outputs) out_total += o.contained;
      RC_ASSERT(out_total == SumShares(taken));
      RC_ASSERT(given == taken);
    }
  }
}

RC_GTEST_PROP(CustodyProperties, WithdrawalsNeverTakeMoreThanTheLotHolds, ()) {
  const Scenario sc = GenScenario();
  const Book book = Incremental(sc);
  const Book::Impl& b = book.impl();
  for (const Lot& lot : b.lots) {
    if (lot.withdrawals.empty()) continue;
    Milligrams wet_taken = 0;
    bool cycle = false;
    for (const Withdrawal& w : lot.withdrawals) {
      const Flow& fl = b.flows[w.flow];
      cycle |= fl.cycle;
      if (!fl.cycle) wet_taken += fl.inputs[w.input].taken;
    }
    if (cycle) continue;
    RC_ASSERT(wet_taken <= lot.wet);
    // Fully withdrawn (by mass, or a lot of unknown mass taken at all): the
    // withdrawals carry exactly the lot's metal of every origin.
    const bool fully = wet_taken == lot.wet;
    for (const testing::PlainFigures& f : testing::LotFigures(b, lot)) {
      ShareVector taken;
      bool all_computed = true;
      for (const Withdrawal& w : lot.withdrawals) {
        const Flow& fl = b.flows[w.flow];
        if (fl.cycle) {
          all_computed = false;
          continue;
        }
        const std::optional<ShareVector> t = TakenFrom(b, w.flow, f.element, w.input);
        RC_ASSERT(t.has_value());
        AddShares(taken, *t);
      }
      if (!all_computed) continue;
      for (const auto& [k, mg] : taken) {
        auto it = std::find_if(f.origin.begin(), f.origin.end(), [&](const Share& s) { return s.first == k; });
        RC_ASSERT(it != f.origin.end());
        RC_ASSERT(mg <= it->second);
      }
      if (fully) RC_ASSERT(SumShares(taken) == f.contained);
    }
  }
}

RC_GTEST_PROP(CustodyProperties, IncrementalEqualsRecompute, ()) {
  const Scenario sc = GenScenario();
  const Book inc = Incremental(sc);
  const auto& lots = inc.impl().lots;
  RC_CLASSIFY(std::any_of(lots.begin(), lots.end(), [](const Lot& l) { return l.cycle; }), "with a cycle");
  RC_ASSERT(CompareFigures(inc, Recomputed(sc)) == "");
}

// Computing threads race to take nodes, so each run computes them in a
// different order and on different threads; the figures must not change.
RC_GTEST_PROP(CustodyProperties, ThreadsGiveTheSameFigures, ()) {
  const Scenario sc = GenScenario();
  BookConfig threaded;
  threaded.compute_threads = *rc::gen::inRange(2, 9);
  threaded.parallel_nodes = 1;
  const Book one = Recomputed(sc);
  Book many = Recomputed(sc, threaded);
  RC_ASSERT(CompareFigures(one, many) == "");
  many.Recompute();  // again, reusing the figures' storage
  RC_ASSERT(CompareFigures(one, many) == "");
  RC_ASSERT(CompareFigures(Incremental(sc), many) == "");
  RC_ASSERT(CompareFigures(Incremental(sc, threaded), many) == "");
  // Flag rules run on threads too (each into its own list, joined in order).
  auto describe = [](const std::vector<Flag>& flags) {
    std::vector<std::string> out;
    for (const Flag& f : flags) {
      std::string evidence;
      for (const std::string& e : f.evidence) evidence += e + ",";
      out.push_back(f.id + " " + f.message + " " + evidence + (f.resolved ? " resolved" : ""));
    }
    return out;
  };
  int64_t until_one = 0, until_many = 0;
  RC_ASSERT(describe(ComputeFlags(one, 0, &until_one)) == describe(ComputeFlags(many, 0, &until_many)));
  RC_ASSERT(until_one == until_many);
  RC_ASSERT(describe(PublicFlags(one, one, 0)) == describe(PublicFlags(many, many, 0)));
}

RC_GTEST_PROP(CustodyProperties, LateAssaysGiveTheSameFigures, ()) {
  const Scenario sc = GenScenario();
  Scenario late = sc;
  late.facts = AssaysLast(sc.facts);
  const Book early = Incremental(sc);
  RC_ASSERT(CompareFigures(Incremental(late), Recomputed(late)) == "");
  RC_ASSERT(CompareFigures(early, Incremental(late)) == "");
}

RC_GTEST_PROP(CustodyProperties, SameFactsSameFigures, ()) {
  const Scenario sc = GenScenario();
  const Book a = Incremental(sc);
  const Book b = Incremental(sc);
  RC_ASSERT(CompareFigures(a, b) == "");
  std::vector<std::string> fa, fb;
  for (const Flag& f : ComputeFlags(a, 0)) fa.push_back(f.id + " " + f.message);
  for (const Flag& f : ComputeFlags(b, 0)) fb.push_back(f.id + " " + f.message);
  RC_ASSERT(fa == fb);
}

// Mass-balance credit accounts. Every flow at the mass-balance plant takes
// fresh, assayed lots whole and makes assayed outputs, so the metal in and
// out is computed here from the units alone; the test keeps its own running
// account per (month, element) and predicts every overdraft.
RC_GTEST_PROP(CustodyProperties, MassBalanceOverdraftIsAlwaysFlagged, ()) {
  std::vector<SiteFacts> sites;
  const int mines = *rc::gen::inRange(1, 5);
  for (int i = 0; i < mines; ++i) {
    SiteFacts s = testing::Site("M" + std::to_string(i), "mine", *rc::gen::element<std::string>("PK", "US", "CN", "RU"),
                                *rc::gen::inRange(0, 3) == 0);
    sites.push_back(s);
  }
  sites.push_back(testing::Site("YARD", "blending_yard", "PK"));  // not a mine: unknown origin
  SiteFacts plant = testing::Site("PLANT", "concentrator", "PK");
  plant.coc_model = *rc::gen::element<std::string>("mass_balance", "");  // "" -> the default, mass balance
  plant.segregation_criteria = *rc::gen::element<std::string>("", "not_high_risk", "no_covered_country");
  sites.push_back(plant);
  const BookConfig config;
  auto compliant = [&](const SiteFacts& site, bool undisclosed) {
    if (site.role != "mine" || undisclosed) return false;
    const auto& cc = config.covered_countries;
    const bool covered = std::find(cc.begin(), cc.end(), site.country) != cc.end();
    if (plant.segregation_criteria == "not_high_risk") return !site.high_risk;
    if (plant.segregation_criteria == "no_covered_country") return !covered;
    return !site.high_risk && !covered;
  };

  testing::FactsBuilder fb;
  std::map<std::pair<std::string, std::string>, Milligrams> account;  // (month, element)
  std::multiset<std::string> expected;  // event IDs, one per overdrawn element
  const std::vector<std::string> elements{"Cu", "Sb"};
  int next_lot = 0;
  const int flows = *rc::gen::inRange(1, 12);
  for (int i = 0; i < flows; ++i) {
    std::map<std::string, Milligrams> in_compliant;
    std::set<std::string> flow_elements;
    const int ni = *rc::gen::inRange(1, 4);
    std::vector<LotQuantity> inputs;
    for (int k = 0; k < ni; ++k) {
      const std::string lot = "I" + std::to_string(next_lot++);
      const SiteFacts& site = sites[*rc::gen::inRange<size_t>(0, sites.size() - 1)];  // a mine or the yard
      const Milligrams wet = *rc::gen::inRange<int64_t>(0, 30 * kTonne);
      EventFacts& c = fb.Commission(lot, wet, site.id);
      c.origin_undisclosed = *rc::gen::inRange(0, 6) == 0;
      const bool ok = compliant(site, c.origin_undisclosed);
      const Nano moisture = *rc::gen::inRange<Nano>(0, 15 * kPct);
      std::vector<AssayValue> assay{{"H2O", moisture}};
      for (const std::string& e : elements) {
        if (*rc::gen::inRange(0, 3) == 0) continue;
        const Nano grade = *rc::gen::inRange<Nano>(0, 60 * kPct);
        assay.push_back({e, grade});
        flow_elements.insert(e);
        if (ok) in_compliant[e] += Contained(DryMass(wet, moisture), grade);
      }
      fb.Assay(lot, assay);
      inputs.push_back({lot, std::nullopt});  // taken whole
    }
    const int no = *rc::gen::inRange(1, 4);
    std::vector<LotQuantity> outputs;
    std::vector<std::vector<AssayValue>> out_assays;
    for (int k = 0; k < no; ++k) {
      outputs.push_back({"O" + std::to_string(next_lot++), *rc::gen::inRange<int64_t>(0, 12 * kTonne)});
      std::vector<AssayValue> assay{{"H2O", *rc::gen::inRange<Nano>(0, 15 * kPct)}};
      for (const std::string& e : elements) {
        assay.push_back({e, *rc::gen::inRange<Nano>(0, 25 * kPct)});
        flow_elements.insert(e);
      }
      out_assays.push_back(assay);
    }
    // Months: most flows share one, some move to the next (a new account).
    if (*rc::gen::inRange(0, 4) == 0) fb.SetTime(fb.facts().back().time_ms + 31LL * 24 * 3'600'000);
    EventFacts& t = fb.Transform(inputs, outputs, "PLANT");
    for (const LotQuantity& o : outputs) {
      if (*rc::gen::inRange(0, 2) == 0) t.claims.push_back(o.lot);
    }
    const std::string event_id = t.event_id;
    const std::string month = MonthOf(t.time_ms);
    const std::vector<std::string> claims = t.claims;
    for (size_t k = 0; k < outputs.size(); ++k) fb.Assay(outputs[k].lot, out_assays[k]);
    // The expected account, in the book's element order (sorted).
    for (const std::string& e : flow_elements) {
      Milligrams& credit = account[{month, e}];
      credit += in_compliant[e];
      for (size_t k = 0; k < outputs.size(); ++k) {
        if (std::find(claims.begin(), claims.end(), outputs[k].lot) == claims.end()) continue;
        Nano moisture = 0, grade = 0;
        for (const AssayValue& a : out_assays[k]) {
          if (a.element == "H2O") moisture = a.fraction;
          if (a.element == e) grade = a.fraction;
        }
        credit -= Contained(DryMass(*outputs[k].wet, moisture), grade);
      }
      if (credit < 0) {
        expected.insert(event_id + "/" + e);  // one flag per overdrawn element
        credit = 0;
      }
    }
  }
  Book book;
  for (const SiteFacts& s : sites) book.AddSite(s);
  for (const EventFacts& f : fb.facts()) book.Apply(f);
  std::multiset<std::string> flagged;
  for (const Flag& f : ComputeFlags(book, 0)) {
    if (f.kind == "coc_breach") flagged.insert(f.subject);
  }
  RC_TAG(expected.empty() ? "no overdraft" : "overdraft");
  RC_ASSERT(flagged == expected);
}

}  // namespace
}  // namespace orelog::custody
