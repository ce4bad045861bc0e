// Splitting an integer total in proportion to integer weights, exactly.
// Pure, no I/O.
//
// Used wherever metal or mass is divided among outputs, origins or owners:
// the parts must add up to the total to the milligram, or a chain of splits
// would create or lose metal. See docs/metal-accounting.md.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "orelog/status.h"

namespace orelog::custody {

// Largest-remainder (Hamilton) apportionment. Each part first gets
// floor(total x w_i / W) (W = sum of weights, products in 128 bits); the
// units left over (fewer than the number of weights) go one each to the
// parts with the largest remainders, ties to the lower index.
//
// Guarantees, for OK results:
//  - the parts sum exactly to `total`;
//  - floor(total x w_i / W) <= part_i <= ceil(total x w_i / W), so a part
//    is within 1 of its exact share and a zero weight gets 0;
//  - w_i > w_j implies part_i >= part_j; equal weights differ by at most 1,
//    the lower index never getting less;
//  - with total <= W, part_i <= w_i (taking a part of a lot never takes more
//    of a component than the lot holds).
// Errors (InvalidArgument): a negative total or weight; no weights; all
// weights zero while total > 0 (there is no proportion to follow, and
// inventing an equal split would invent an attribution). All weights zero
// with total 0 gives all zeros.
Result<std::vector<int64_t>> Apportion(int64_t total, std::span<const int64_t> weights);

// value x num / den rounded half to even, the product in 128 bits.
// Preconditions (asserted): den > 0; the result fits in int64.
int64_t ScaleRounded(int64_t value, int64_t num, int64_t den);

}  // namespace orelog::custody
