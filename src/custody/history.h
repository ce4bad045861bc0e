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

// HistoryIndices(book, lot, flags) and SitesOf(book, those indices) in one
// walk (what a passport embeds): the same two lists, without looking each
// index up again.
struct PassportHistory {
  std::vector<uint64_t> indices;
  std::vector<SiteFacts> sites;
};
Result<PassportHistory> HistoryWithSites(const Book& book, std::string_view lot, const std::vector<Flag>& flags);

// Log indices of the events the balances of `site` ("" for every site) over
// [from_ms, to_ms) rest on: each transformation there and every event about
// its input and output lots (their weights and assays). Ascending, unique.
std::vector<uint64_t> BalanceIndices(const Book& book, std::string_view site, int64_t from_ms, int64_t to_ms);

// Log indices of the events a shipment's settlement rests on: its shipping
// and receiving events, its assays, and every event about the lots shipped.
std::vector<uint64_t> SettlementIndices(const Book& book, std::string_view shipment);

// The sites the events at `indices` name (their site, and the sites of the
// lots' commissionings), for embedding.
std::vector<SiteFacts> SitesOf(const Book& book, const std::vector<uint64_t>& indices);

// The `flags` whose lots include `lot` or a lot upstream of it in `book`.
std::vector<Flag> FlagsOfHistory(const Book& book, std::string_view lot, const std::vector<Flag>& flags);

// The figures a passport claims: {"lot": LotJson, "origin": OriginJson}.
// Deterministic: the same facts give the same JSON, whatever else the book holds.
Result<boost::json::object> PassportFigures(const Book& book, std::string_view lot);

}  // namespace orelog::custody
