#include "custody/accounting.h"

#include <algorithm>
#include <map>

#include "custody/book_impl.h"
#include "epcis/timestamp.h"

namespace orelog::custody {
namespace {

// Element balance of one flow: inputs as taken, outputs as computed.
ElementBalance FlowElementBalance(const Book::Impl& b, uint32_t flow, const FlowElement& fe, Nano tolerance,
                                  BalanceInput& in) {
  const Flow& fl = b.flows[flow];
  ElementBalance eb;
  eb.element = b.ElementName(fe.element);
  ShareVector taken;
  for (size_t i = 0; i < fl.inputs.size(); ++i) {
    b.TakenInto(flow, i, fe.element, &taken, nullptr);
    in.inputs.push_back(SumShares(taken));
  }
  const auto outputs = b.Outputs(fe);
  for (size_t j = 0; j < fl.outputs.size(); ++j) {
    (fl.outputs[j].loss ? in.losses : in.products).push_back(outputs[j].contained);
    if (!outputs[j].measured) eb.complete = false;
  }
  in.tolerance = tolerance;
  eb.balance = ComputeBalance(in);
  return eb;
}

}  // namespace

std::string MonthOf(int64_t time_ms) {
  // "YYYY-MM" of the instant's UTC form (the repository's one formatter).
  return epcis::FormatUtcMillis(time_ms).value_or("").substr(0, 7);
}

std::vector<FlowBalance> FlowBalances(const Book& book, std::string_view site, int64_t from_ms, int64_t to_ms) {
  const Book::Impl& b = book.impl();
  std::vector<FlowBalance> out;
  for (uint32_t i = 0; i < b.flows.size(); ++i) {
    const Flow& fl = b.flows[i];
    const EventFacts& f = b.facts[fl.fact];
    if (!site.empty() && f.site != site) continue;
    if (f.time_ms < from_ms || f.time_ms >= to_ms) continue;
    FlowBalance fb;
    fb.flow = i;
    fb.event_id = f.event_id;
    fb.site = f.site;
    fb.time_ms = f.time_ms;
    for (const FlowElement& fe : b.Elements(fl)) {
      BalanceInput in;
      fb.elements.push_back(FlowElementBalance(b, i, fe, b.config.balance_tolerance, in));
    }
    out.push_back(std::move(fb));
  }
  return out;
}

std::vector<SitePeriodBalance> SitePeriodBalances(const std::vector<FlowBalance>& flows, const Book& book) {
  const Book::Impl& b = book.impl();
  struct Acc {
    std::vector<std::string> ids;
    std::map<std::string, std::pair<BalanceInput, bool>> elements;  // input, complete
  };
  std::map<std::pair<std::string, std::string>, Acc> acc;
  for (const FlowBalance& fb : flows) {
    Acc& a = acc[{fb.site, MonthOf(fb.time_ms)}];
    a.ids.push_back(fb.event_id);
    const Flow& fl = b.flows[fb.flow];
    for (const FlowElement& fe : b.Elements(fl)) {
      auto& [in, complete] = a.elements.try_emplace(b.ElementName(fe.element), BalanceInput{}, true).first->second;
      BalanceInput one;
      ElementBalance eb = FlowElementBalance(b, fb.flow, fe, b.config.balance_tolerance, one);
      in.inputs.insert(in.inputs.end(), one.inputs.begin(), one.inputs.end());
      in.products.insert(in.products.end(), one.products.begin(), one.products.end());
      in.losses.insert(in.losses.end(), one.losses.begin(), one.losses.end());
      complete = complete && eb.complete;
    }
  }
  std::vector<SitePeriodBalance> out;
  for (auto& [key, a] : acc) {
    SitePeriodBalance sp;
    sp.site = key.first;
    sp.period = key.second;
    sp.event_ids = std::move(a.ids);
    for (auto& [element, v] : a.elements) {
      ElementBalance eb;
      eb.element = element;
      v.first.tolerance = b.config.balance_tolerance;
      eb.balance = ComputeBalance(v.first);
      eb.complete = v.second;
      sp.elements.push_back(std::move(eb));
    }
    out.push_back(std::move(sp));
  }
  return out;
}

Result<ShipmentSettlement> SettleShipment(const Book& book, std::string_view id) {
  const Book::Impl& b = book.impl();
  auto it = b.shipments.find(id);
  if (it == b.shipments.end()) return Status::NotFound("no shipment " + std::string(id));
  ShipmentSettlement out;
  out.shipment = std::string(id);
  // The shipment's lots and wet masses, from its (first) shipping event.
  std::vector<std::pair<uint32_t, Milligrams>> lots;
  if (!it->second.shipped.empty()) {
    for (const LotQuantity& q : b.facts[it->second.shipped.front()].lots) {
      auto lot = b.FindLot(q.lot);
      if (!lot) continue;
      const Milligrams wet = q.wet.value_or(b.lots[*lot].wet);
      lots.emplace_back(*lot, wet);
      out.lots.push_back(q.lot);
      out.wet += wet;
      out.dry += b.DryOf(b.lots[*lot], wet);
    }
  }
  // Latest assay per (element, role) among those naming the shipment.
  std::map<std::string, std::map<std::string, const AssayRecord*>> latest;
  static const std::vector<uint32_t> kNoAssays;
  auto named = b.shipment_assays.find(std::string(id));
  for (uint32_t ai : named == b.shipment_assays.end() ? kNoAssays : named->second) {
    const AssayRecord& a = b.assays[ai];
    if (a.element == "H2O") continue;
    const AssayRecord*& slot = latest[a.element][a.role];
    if (slot == nullptr || std::pair{slot->time_ms, slot->fact} <= std::pair{a.time_ms, a.fact}) slot = &a;
  }
  for (const auto& [element, roles] : latest) {
    ElementSettlement es;
    es.element = element;
    auto pick = [&](const char* role) -> std::optional<Nano> {
      auto r = roles.find(role);
      if (r == roles.end()) return std::nullopt;
      es.evidence.push_back(b.facts[r->second->fact].event_id);
      return r->second->fraction;
    };
    es.seller = pick("seller");
    es.buyer = pick("buyer");
    es.umpire = pick("umpire");
    es.dry = out.dry;
    auto rule = b.config.exchange_rules.find(element);
    es.has_rule = rule != b.config.exchange_rules.end();
    es.settlement = Settle(es.seller, es.buyer, es.umpire, es.has_rule ? rule->second : ExchangeRule{});
    if (es.settlement.final_grade) {
      es.contained = Contained(out.dry, *es.settlement.final_grade);
      if (auto p = b.config.payables.find(element); p != b.config.payables.end()) {
        es.payable_grade = PayableGrade(*es.settlement.final_grade, p->second);
        es.payable = Contained(out.dry, *es.payable_grade);
      }
    }
    out.elements.push_back(std::move(es));
  }
  return out;
}

}  // namespace orelog::custody
