#include "base/random.h"

#include <openssl/rand.h>

namespace orelog {

Result<Bytes> RandomBytes(size_t n) {
  Bytes out(n);
  if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1) return Status::Internal("CSPRNG failure");
  return out;
}

Result<std::string> RandomUuidUrn() {
  ORELOG_ASSIGN_OR_RETURN(Bytes b, RandomBytes(16));
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);  // variant 10
  std::string hex = HexEncode(b);
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
         "-" + hex.substr(20);
}

}  // namespace orelog
