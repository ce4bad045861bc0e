// What a provenance passport (docs/passport-format.md) embeds and claims
// about a lot, read off the custody book. Pure.
#pragma once

#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "custody/book.h"
#include "custody/flags.h"

namespace orelog::custody {

// Lot `lot` and every lot upstream of it.
Result<std::vector<std::string>> UpstreamLots(const Book& book, std::string_view lot);

// Log indices of the events the passport of `lot` embeds ("Which leaves"),
// plus those of the `flags`' evidence; ascending, unique.
Result<std::vector<uint64_t>> HistoryIndices(const Book& book, std::string_view lot, const std::vector<Flag>& flags);

// The sites the events at `indices` name (their site, and the sites of the
// lots' commissionings), for embedding.
std::vector<SiteFacts> SitesOf(const Book& book, const std::vector<uint64_t>& indices);

// The `flags` whose lots include `lot` or a lot upstream of it in `book`.
std::vector<Flag> FlagsOfHistory(const Book& book, std::string_view lot, const std::vector<Flag>& flags);

// The figures a passport claims: {"lot": LotJson, "origin": OriginJson}.
// Deterministic: the same facts give the same JSON, whatever else the book holds.
Result<boost::json::object> PassportFigures(const Book& book, std::string_view lot);

}  // namespace orelog::custody
