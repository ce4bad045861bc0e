// Entry bundles (c2sp.org/tlog-tiles, "tile/entries/<N>[.p/<W>]").
//
//   bundle = *(length entry)          ; at most 256 entries
//   length = uint16 big-endian        ; so an entry is 0..65,535 bytes
//   entry  = length bytes
//
// Entry i of bundle n is leaf n*256+i; its RFC 6962 leaf hash is entry i of
// level-0 tile n. A full bundle has 256 entries, a partial one 1..255. The
// encoding is fixed by the spec and written once per bundle: never change it.
#pragma once

#include <cstddef>
#include <vector>

#include "base/bytes.h"
#include "orelog/status.h"

namespace orelog::tlog {

inline constexpr size_t kMaxEntrySize = 65535;
inline constexpr size_t kMaxBundleEntries = 256;

// Appends length || entry to `bundle`. InvalidArgument ("entry of <N> bytes
// exceeds 65,535-byte limit", N in plain decimal) if the entry is too big;
// `bundle` is then unchanged.
Status AppendBundleEntry(Bytes& bundle, ByteView entry);

// Splits a bundle into its entries. InvalidArgument naming the entry and byte
// offset if a length prefix or an entry is truncated, or there are more than
// kMaxBundleEntries entries. Empty input yields no entries (a caller that
// expects W entries checks the count). Re-encoding the result with
// AppendBundleEntry reproduces the input exactly.
Result<std::vector<Bytes>> ParseBundle(ByteView bundle);

}  // namespace orelog::tlog
