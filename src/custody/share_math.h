// Integer arithmetic on share lists (sorted (key, milligrams) vectors), the
// internal toolkit of the figures (figures.cc), flows' takes and views. Pure.
// Not an API.
//
// The *Into helpers write into `out` (its old contents replaced, its
// capacity kept: a recompute of a computed book allocates almost nothing)
// and leave out zero shares.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "custody/book_impl.h"

namespace orelog::custody {

// floor(v × num / den) for v, num >= 0, den > 0 (0 if den <= 0).
Milligrams FloorScale(Milligrams v, Milligrams num, Milligrams den);

// Component-wise floor(v × after / whole) - floor(v × before / whole): what
// a withdrawal of the lot's [before, after) takes of each share.
void TakenSharesInto(std::span<const Share> v, Milligrams before, Milligrams after, Milligrams whole, ShareVector& out);

// Component-wise floor(v × num / den).
void FloorScaleSharesInto(std::span<const Share> v, Milligrams num, Milligrams den, ShareVector& out);

// Adds `mg` to key `key` of the sorted vector `a`.
void AddOne(ShareVector& a, uint32_t key, Milligrams mg);

// Apportion (apportion.h) into `out`, for weights the callers have checked
// (non-negative, not all zero); an error would be a bug, and leaves every
// part zero. Without division or allocation when the total is the weights'
// sum or there is one positive weight (the parts Apportion would give).
void PartsInto(int64_t total, std::span<const int64_t> weights, std::vector<int64_t>& out);

// `total` split over the keys of `weights` in proportion (largest
// remainder); all to kUnknownOrigin if the weights sum to zero.
void ApportionSharesInto(Milligrams total, std::span<const Share> weights, ShareVector& out);

void DropZeros(ShareVector& v);

// Raises facet `key` of `v` to at least `mg` (a facet counts metal that
// passed a stage in a country; it is never more than the whole).
void RaiseFacet(ShareVector& v, uint32_t key, Milligrams mg);

}  // namespace orelog::custody
