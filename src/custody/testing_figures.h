// Tests only: plain copies of a book's computed figures (book_impl.h keeps
// them in runs of shared arenas), with element names instead of keys and
// the per-input takes a flow computes on demand.
#pragma once

#include <string>
#include <vector>

#include "custody/book_impl.h"

namespace orelog::custody::testing {

struct PlainFigures {
  std::string element;
  bool measured = false;
  Milligrams contained = 0;
  ShareVector origin, exposure;
};

inline PlainFigures Plain(const Book::Impl& b, const ElementFigures& f) {
  return {b.ElementName(f.element), f.measured, f.contained, b.Shares(f.origin), b.Shares(f.exposure)};
}

inline std::vector<PlainFigures> LotFigures(const Book::Impl& b, const Lot& lot) {
  std::vector<PlainFigures> out;
  for (const ElementFigures& f : b.Figures(lot)) out.push_back(Plain(b, f));
  return out;
}

struct PlainFlowElement {
  std::string element;
  std::vector<ShareVector> taken_origin;  // per input
  std::vector<PlainFigures> outputs;      // per output
};

inline std::vector<PlainFlowElement> FlowElements(const Book::Impl& b, uint32_t flow) {
  std::vector<PlainFlowElement> out;
  const Flow& fl = b.flows[flow];
  for (const FlowElement& fe : b.Elements(fl)) {
    PlainFlowElement p;
    p.element = b.ElementName(fe.element);
    p.taken_origin.resize(fl.inputs.size());
    for (size_t i = 0; i < fl.inputs.size(); ++i) b.TakenInto(flow, i, fe.element, &p.taken_origin[i], nullptr);
    for (const ElementFigures& o : b.Outputs(fe)) p.outputs.push_back(Plain(b, o));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace orelog::custody::testing
