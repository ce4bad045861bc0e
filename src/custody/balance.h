// AMIRA P754 check-in / check-out metal balance for one element over one
// accounting period at one site. Pure.
//
// check-in  = metal in the measured inputs (dry mass x assay each);
// check-out = metal in the products + metal in losses (tailings, slag,
//             declared losses; a change of in-process inventory is given
//             as an input (drawn down) or a loss (built up));
// unaccounted = check-in - check-out, positive when metal went missing.
// See docs/metal-accounting.md for the worked concentrator example.
#pragma once

#include <vector>

#include "custody/units.h"

namespace orelog::custody {

struct BalanceInput {
  std::vector<Milligrams> inputs;    // contained metal in each feed
  std::vector<Milligrams> products;  // contained metal in each product
  std::vector<Milligrams> losses;    // tailings, slag, declared losses
  Nano tolerance = 0;                // largest |unaccounted| / check-in accepted; >= 0
};

struct MetalBalance {
  Milligrams check_in = 0;
  Milligrams check_out = 0;           // products + losses
  Milligrams unaccounted = 0;         // check_in - check_out; negative is a gain
  Nano unaccounted_fraction = 0;      // unaccounted / check_in, signed, half-even; 0 if no input
  Nano recovery = 0;                  // sum(products) / check_in, half-even; 0 if no input
  enum Verdict {
    kWithinTolerance,  // |unaccounted| / check_in <= tolerance
    kUnexplainedLoss,  // unaccounted / check_in > tolerance
    kUnexplainedGain,  // -unaccounted / check_in > tolerance: more metal out than in
    kNoInput,          // check_in <= 0: no ratio exists (output from nothing is for the caller to flag)
  };
  Verdict verdict = kNoInput;
};

// The verdict compares the exact ratio (|unaccounted| x 1e9 against
// tolerance x check_in, in 128 bits), not the rounded fraction, so a
// balance exactly at the tolerance passes and one a hair above it fails.
// Precondition: every sum fits in int64 (about 9.2e9 t of metal).
MetalBalance ComputeBalance(const BalanceInput& in);

}  // namespace orelog::custody
