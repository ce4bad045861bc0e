#include "custody/flags.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "custody/accounting.h"
#include "custody/book_impl.h"

namespace orelog::custody {
namespace {

class FlagSink {
 public:
  explicit FlagSink(const Book::Impl& b) : b_(b) {}

  Flag& Add(std::string kind, int severity, std::string subject_type, std::string subject, std::string message) {
    Flag f;
    f.id = kind + "/" + subject;
    f.kind = std::move(kind);
    f.severity = severity;
    f.subject_type = std::move(subject_type);
    f.subject = std::move(subject);
    f.message = std::move(message);
    flags_.push_back(std::move(f));
    return flags_.back();
  }
  void Evidence(Flag& f, uint32_t fact) {
    const std::string& id = b_.facts[fact].event_id;
    if (std::find(f.evidence.begin(), f.evidence.end(), id) == f.evidence.end()) f.evidence.push_back(id);
  }
  size_t Count() const { return flags_.size(); }
  Flag& At(size_t i) { return flags_[i]; }
  std::vector<Flag> Take() { return std::move(flags_); }

 private:
  const Book::Impl& b_;
  std::vector<Flag> flags_;
};

std::string Hours(int64_t ms) { return std::to_string(ms / 3'600'000) + " h"; }

bool Compliant(const Book::Impl& b, uint32_t origin_key, std::string_view criteria) {
  if (origin_key == kUnknownOrigin) return false;
  const SiteFacts* site = b.Site(origin_key - 1);
  if (site == nullptr) return false;
  const bool covered = std::find(b.config.covered_countries.begin(), b.config.covered_countries.end(),
                                 site->country) != b.config.covered_countries.end();
  if (criteria == "not_high_risk") return !site->high_risk;
  if (criteria == "no_covered_country") return !covered;
  return !site->high_risk && !covered;
}

void OriginFlags(const Book::Impl& b, FlagSink& sink) {
  for (const Lot& lot : b.lots) {
    if (lot.commissionings.size() > 1) {
      Flag& f = sink.Add("duplicate_commissioning", 1, "lot", lot.id,
                         "the lot identifier was commissioned " + std::to_string(lot.commissionings.size()) + " times");
      for (uint32_t fact : lot.commissionings) sink.Evidence(f, fact);
      f.lots.push_back(lot.id);
    }
    if (lot.cycle) {
      Flag& f = sink.Add("cycle", 1, "lot", lot.id, "the lot is, or descends from, its own ancestor through a cycle of transformations");
      for (uint32_t fact : lot.timeline) sink.Evidence(f, fact);
      f.lots.push_back(lot.id);
    }
    if (lot.sources.empty() && !lot.timeline.empty()) {
      Flag& f = sink.Add("unknown_origin", 2, "lot", lot.id,
                         "material with no extraction path: the lot was never commissioned or produced");
      sink.Evidence(f, lot.timeline.front());
      f.lots.push_back(lot.id);
      continue;
    }
    for (const Contribution& c : lot.sources) {
      if (c.flow != kNone) continue;
      const SiteFacts* site = b.Site(c.site);
      std::string why;
      if (b.facts[c.fact].origin_undisclosed) {
        why = "its origin is declared undisclosed";
      } else if (site == nullptr) {
        why = "it was commissioned at an unknown site";
      } else if (site->role != "mine") {
        why = "it was commissioned at " + (site->name.empty() ? site->id : site->name) + ", which is not a mine";
      }
      if (why.empty()) continue;
      Flag& f = sink.Add("unknown_origin", 2, "lot", lot.id, "material with no extraction path: " + why);
      sink.Evidence(f, c.fact);
      f.lots.push_back(lot.id);
    }
  }
}

void BalanceFlags(const Book& book, FlagSink& sink) {
  const Book::Impl& b = book.impl();
  auto flows = FlowBalances(book, "", INT64_MIN, INT64_MAX);
  for (const SitePeriodBalance& sp : SitePeriodBalances(flows, book)) {
    for (const ElementBalance& eb : sp.elements) {
      const auto v = eb.balance.verdict;
      if (!eb.complete || (v != MetalBalance::kUnexplainedLoss && v != MetalBalance::kUnexplainedGain)) continue;
      const bool loss = v == MetalBalance::kUnexplainedLoss;
      Flag& f = sink.Add("mass_balance", 2, "site", sp.site + "@" + sp.period + "/" + eb.element,
                         std::string(loss ? "unexplained loss" : "metal appearing from nowhere") + " of " +
                             eb.element + ": " + FormatPercent(eb.balance.unaccounted_fraction, 2) +
                             " % of check-in unaccounted in " + sp.period + " (tolerance " +
                             FormatPercent(b.config.balance_tolerance, 2) + " %)");
      f.evidence = sp.event_ids;
      for (const FlowBalance& fb : flows) {
        if (fb.site != sp.site || MonthOf(fb.time_ms) != sp.period) continue;
        for (const FlowOutput& o : b.flows[fb.flow].outputs) f.lots.push_back(b.lots[o.lot].id);
      }
    }
  }
}

void CapacityFlags(const Book::Impl& b, FlagSink& sink) {
  // Wet mass commissioned or produced (non-loss outputs) per site and month.
  std::map<std::pair<std::string, std::string>, std::pair<Milligrams, std::vector<uint32_t>>> made;
  for (uint32_t i = 0; i < b.facts.size(); ++i) {
    const EventFacts& f = b.facts[i];
    if (f.site.empty()) continue;
    Milligrams mg = 0;
    if (f.step == Step::kExtraction) {
      for (const LotQuantity& q : f.lots) mg += q.wet.value_or(0);
    } else if (f.step == Step::kTransformation) {
      for (const LotQuantity& q : f.outputs) {
        if (std::find(f.loss_outputs.begin(), f.loss_outputs.end(), q.lot) == f.loss_outputs.end()) {
          mg += q.wet.value_or(0);
        }
      }
    } else {
      continue;
    }
    auto& slot = made[{f.site, MonthOf(f.time_ms)}];
    slot.first += mg;
    slot.second.push_back(i);
  }
  for (const auto& [key, value] : made) {
    auto site_key = b.site_index.find(key.first);
    if (site_key == b.site_index.end()) continue;
    const SiteFacts* site = b.Site(site_key->second);
    if (site == nullptr) continue;
    for (const MonthlyCapacity& cap : site->capacity) {
      if (cap.period != key.second || value.first <= cap.wet) continue;
      Flag& f = sink.Add("capacity", 2, "site", key.first + "@" + key.second,
                         "output " + FormatTonnes(value.first, 3) + " t in " + key.second + " exceeds the declared capacity " +
                             FormatTonnes(cap.wet, 3) + " t");
      for (uint32_t fact : value.second) {
        sink.Evidence(f, fact);
        const EventFacts& ev = b.facts[fact];
        for (const LotQuantity& q : ev.step == Step::kExtraction ? ev.lots : ev.outputs) f.lots.push_back(q.lot);
      }
    }
  }
}

void ShipmentFlags(const Book& book, int64_t now_ms, int64_t& valid_until_ms, FlagSink& sink) {
  const Book::Impl& b = book.impl();
  for (const auto& [id, s] : b.shipments) {
    if (s.shipped.empty()) continue;
    const EventFacts& ship = b.facts[s.shipped.front()];
    std::vector<std::string> lots;
    for (const LotQuantity& q : ship.lots) lots.push_back(q.lot);
    const bool export_leg = !ship.export_licence.empty() || !ship.destination_country.empty();
    const int64_t limit_ms = (export_leg ? b.config.export_transit_hours : b.config.custody_gap_hours) * 3'600'000;
    if (s.received.empty()) {
      // Not flagged yet: it will be once the clock passes the limit.
      if (now_ms - ship.time_ms <= limit_ms) valid_until_ms = std::min(valid_until_ms, ship.time_ms + limit_ms + 1);
      if (now_ms - ship.time_ms > limit_ms) {
        Flag& f = sink.Add("custody_gap", 2, "shipment", id,
                           "shipped " + Hours(now_ms - ship.time_ms) + " ago and not received (limit " + Hours(limit_ms) + ")");
        sink.Evidence(f, s.shipped.front());
        f.lots = lots;
      }
    } else {
      const EventFacts& rec = b.facts[s.received.front()];
      const int64_t took = rec.time_ms - ship.time_ms;
      if (took < 0) {
        Flag& f = sink.Add("time_order", 2, "shipment", id, "received " + Hours(-took) + " before it was shipped");
        sink.Evidence(f, s.shipped.front());
        sink.Evidence(f, s.received.front());
        f.lots = lots;
      } else if (took > limit_ms) {
        Flag& f = sink.Add("custody_gap", 2, "shipment", id,
                           "received " + Hours(took) + " after shipping (limit " + Hours(limit_ms) + ")");
        sink.Evidence(f, s.shipped.front());
        sink.Evidence(f, s.received.front());
        f.lots = lots;
      }
      for (const LotQuantity& r : rec.lots) {
        for (const LotQuantity& q : ship.lots) {
          if (q.lot != r.lot || !q.wet || !r.wet || *q.wet == 0) continue;
          const __int128 diff = *r.wet > *q.wet ? *r.wet - *q.wet : *q.wet - *r.wet;
          if (diff * kOne <= static_cast<__int128>(b.config.quantity_tolerance) * *q.wet) continue;
          Flag& f = sink.Add("quantity_mismatch", 2, "shipment", id + "/" + r.lot,
                             "received " + FormatTonnes(*r.wet, 3) + " t of " + r.lot + ", shipped " +
                                 FormatTonnes(*q.wet, 3) + " t (tolerance " +
                                 FormatPercent(b.config.quantity_tolerance, 2) + " %)");
          sink.Evidence(f, s.shipped.front());
          sink.Evidence(f, s.received.front());
          f.lots.push_back(r.lot);
        }
      }
      std::set<std::string> sent(ship.seals.begin(), ship.seals.end()), got(rec.seals.begin(), rec.seals.end());
      if (!sent.empty() && !got.empty() && sent != got) {
        Flag& f = sink.Add("seal_mismatch", 1, "shipment", id, "the seals received differ from the seals shipped");
        sink.Evidence(f, s.shipped.front());
        sink.Evidence(f, s.received.front());
        f.lots = lots;
      }
    }
    auto settled = SettleShipment(book, id);
    if (!settled.ok()) continue;
    for (const ElementSettlement& es : settled->elements) {
      const auto st = es.settlement.status;
      if (st != Settlement::kUmpireRequired && st != Settlement::kSettledUmpire) continue;
      Flag& f = sink.Add("assay_dispute", 2, "shipment", id + "/" + es.element, es.settlement.explanation);
      f.evidence = es.evidence;
      f.lots = lots;
      f.resolved = st == Settlement::kSettledUmpire;
    }
  }
}

void SiteRiskFlags(const Book::Impl& b, FlagSink& sink) {
  std::map<std::string, size_t> by_lot;  // lot -> its flag's position in the sink
  for (uint32_t i = 0; i < b.facts.size(); ++i) {
    const EventFacts& f = b.facts[i];
    auto key = b.site_index.find(f.site);
    if (key == b.site_index.end()) continue;
    const SiteFacts* site = b.Site(key->second);
    if (site == nullptr || !site->high_risk) continue;
    std::vector<std::string> lots;
    for (const auto* list : {&f.lots, &f.inputs, &f.outputs}) {
      for (const LotQuantity& q : *list) lots.push_back(q.lot);
    }
    for (const std::string& lot : lots) {
      auto [it, inserted] = by_lot.try_emplace(lot, sink.Count());
      if (inserted) {
        sink.Add("high_risk_area", 2, "lot", lot,
                 "the lot's path passes " + (site->name.empty() ? site->id : site->name) + ", a site in a high-risk area")
            .lots.push_back(lot);
      }
      sink.Evidence(sink.At(it->second), i);
    }
  }
}

void CocFlags(const Book::Impl& b, FlagSink& sink) {
  // Mass-balance credit accounts: per site, month and element, in log order.
  std::map<std::tuple<std::string, std::string, std::string>, Milligrams> account;
  ShareVector taken;
  std::vector<Milligrams> compliant_in;  // per element of the flow: compliant metal its inputs took
  for (uint32_t fi = 0; fi < b.flows.size(); ++fi) {
    const Flow& fl = b.flows[fi];
    const EventFacts& f = b.facts[fl.fact];
    const SiteFacts* site = b.Site(fl.site);
    const std::string criteria = site != nullptr ? site->segregation_criteria : "";
    std::set<uint32_t> origins;
    std::set<uint32_t> noncompliant;
    const auto elements = b.Elements(fl);
    compliant_in.assign(elements.size(), 0);
    for (size_t e = 0; e < elements.size(); ++e) {
      for (size_t i = 0; i < fl.inputs.size(); ++i) {
        b.TakenInto(fi, i, elements[e].element, &taken, nullptr);  // (computed, not stored: once per input)
        for (const auto& [k, mg] : taken) {
          origins.insert(k);
          if (Compliant(b, k, criteria)) {
            compliant_in[e] += mg;
          } else {
            noncompliant.insert(k);
          }
        }
      }
    }
    auto add = [&](const std::string& message, const std::string& element = "") {
      Flag& flag = sink.Add("coc_breach", 2, "event", element.empty() ? f.event_id : f.event_id + "/" + element, message);
      sink.Evidence(flag, fl.fact);
      for (const FlowOutput& o : fl.outputs) flag.lots.push_back(b.lots[o.lot].id);
    };
    if (fl.coc_model == "identity_preserved" && origins.size() > 1) {
      add("identity preserved, but the flow mixes material of " + std::to_string(origins.size()) + " origins");
    } else if (fl.coc_model == "segregated" && !noncompliant.empty()) {
      add("segregated, but " + std::to_string(noncompliant.size()) +
          " source(s) do not meet the criteria" + (criteria.empty() ? "" : " " + criteria));
    } else if (fl.coc_model == "mass_balance") {
      const std::string month = MonthOf(f.time_ms);
      for (size_t e = 0; e < elements.size(); ++e) {
        const std::string& element = b.ElementName(elements[e].element);
        Milligrams& credit = account[{f.site, month, element}];
        credit += compliant_in[e];
        const auto outputs = b.Outputs(elements[e]);
        for (size_t j = 0; j < fl.outputs.size(); ++j) {
          const std::string& lot = b.lots[fl.outputs[j].lot].id;
          if (std::find(f.claims.begin(), f.claims.end(), lot) == f.claims.end()) continue;
          credit -= outputs[j].contained;
        }
        if (credit < 0) {
          add("mass balance: compliant claims overdraw the " + element + " credit account of " + month + " by " +
                  FormatKg(-credit, 3) + " kg",
              element);
          credit = 0;  // reported once; the account restarts from empty
        }
      }
    }
  }
}

void ProfileFlags(const Book::Impl& b, FlagSink& sink) {
  for (uint32_t i = 0; i < b.facts.size(); ++i) {
    const EventFacts& f = b.facts[i];
    if (f.problems.empty()) continue;
    std::string message = "not read under the minerals profile: " + f.problems.front();
    if (f.problems.size() > 1) message += " (and " + std::to_string(f.problems.size() - 1) + " more)";
    Flag& flag = sink.Add("profile_violation", 3, "event", f.event_id, std::move(message));
    sink.Evidence(flag, i);
  }
}

}  // namespace

std::vector<Flag> ComputeFlags(const Book& book, int64_t now_ms, int64_t* valid_until_ms) {
  const Book::Impl& b = book.impl();
  int64_t until = INT64_MAX;
  // The rules only read the book: in a large book they run on several
  // threads, each rule into its own sink; the sinks are joined in rule
  // order, so the (stable) sort below gives the same list either way.
  const std::vector<std::function<void(FlagSink&)>> rules = {
      [&](FlagSink& s) { OriginFlags(b, s); },
      [&](FlagSink& s) { BalanceFlags(book, s); },
      [&](FlagSink& s) { CapacityFlags(b, s); },
      [&](FlagSink& s) { ShipmentFlags(book, now_ms, until, s); },
      [&](FlagSink& s) { SiteRiskFlags(b, s); },
      [&](FlagSink& s) { CocFlags(b, s); },
      [&](FlagSink& s) { ProfileFlags(b, s); },
  };
  std::vector<FlagSink> sinks(rules.size(), FlagSink(b));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t r; (r = next.fetch_add(1)) < rules.size();) rules[r](sinks[r]);
  };
  const uint32_t threads = std::min<uint32_t>(b.ThreadsFor(b.lots.size() + b.flows.size()),
                                              static_cast<uint32_t>(rules.size()));
  std::vector<std::thread> helpers;
  for (uint32_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (std::thread& t : helpers) t.join();
  if (valid_until_ms != nullptr) *valid_until_ms = until;
  std::vector<Flag> flags;
  for (FlagSink& s : sinks) {
    std::vector<Flag> part = s.Take();
    flags.insert(flags.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  std::stable_sort(flags.begin(), flags.end(), [](const Flag& x, const Flag& y) { return x.id < y.id; });
  return flags;
}

std::vector<Flag> PublicFlags(const Book& public_book, const Book& full_book, int64_t now_ms,
                              int64_t* valid_until_ms) {
  std::set<std::string> confirmed;
  int64_t full_until = INT64_MAX, public_until = INT64_MAX;
  // The two books' passes are independent: in large books, side by side.
  std::vector<Flag> public_flags;
  const Book::Impl& pb = public_book.impl();
  if (pb.ThreadsFor(pb.lots.size() + pb.flows.size()) > 1) {
    std::thread side([&] { public_flags = ComputeFlags(public_book, now_ms, &public_until); });
    for (const Flag& f : ComputeFlags(full_book, now_ms, &full_until)) confirmed.insert(f.id);
    side.join();
  } else {
    for (const Flag& f : ComputeFlags(full_book, now_ms, &full_until)) confirmed.insert(f.id);
    public_flags = ComputeFlags(public_book, now_ms, &public_until);
  }
  std::vector<Flag> out;
  for (Flag& f : public_flags) {
    if (confirmed.count(f.id)) out.push_back(std::move(f));
  }
  if (valid_until_ms != nullptr) *valid_until_ms = std::min(full_until, public_until);
  return out;
}

}  // namespace orelog::custody
