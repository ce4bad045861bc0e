#include "tlog/bundle.h"

#include <string>

namespace orelog::tlog {

static_assert(kMaxEntrySize == 65535);  // the uint16 length prefix

Status AppendBundleEntry(Bytes& bundle, ByteView entry) {
  if (entry.size() > kMaxEntrySize) {
    return Status::Invalid("entry of " + std::to_string(entry.size()) + " bytes exceeds 65,535-byte limit");
  }
  bundle.push_back(static_cast<uint8_t>(entry.size() >> 8));
  bundle.push_back(static_cast<uint8_t>(entry.size()));
  bundle.insert(bundle.end(), entry.begin(), entry.end());
  return Status::Ok();
}

Result<std::vector<Bytes>> ParseBundle(ByteView bundle) {
  std::vector<Bytes> entries;
  size_t pos = 0;
  while (pos < bundle.size()) {
    const std::string where = "bundle entry " + std::to_string(entries.size()) + " at byte " + std::to_string(pos);
    if (entries.size() == kMaxBundleEntries) {
      return Status::Invalid(where + ": bundle holds more than " + std::to_string(kMaxBundleEntries) +
                             " entries (trailing bytes?)");
    }
    if (bundle.size() - pos < 2) return Status::Invalid(where + ": truncated length prefix");
    size_t len = size_t{bundle[pos]} << 8 | bundle[pos + 1];
    pos += 2;
    if (bundle.size() - pos < len) {
      return Status::Invalid(where + ": entry of " + std::to_string(len) + " bytes is truncated to " +
                             std::to_string(bundle.size() - pos));
    }
    entries.emplace_back(bundle.begin() + static_cast<std::ptrdiff_t>(pos),
                         bundle.begin() + static_cast<std::ptrdiff_t>(pos + len));
    pos += len;
  }
  return entries;
}

}  // namespace orelog::tlog
