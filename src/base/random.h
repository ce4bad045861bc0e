// Random identifiers and secrets from the OS CSPRNG (OpenSSL RAND_bytes).
#pragma once

#include <cstddef>
#include <string>

#include "base/bytes.h"
#include "orelog/status.h"

namespace orelog {

// `n` random bytes; Internal if the CSPRNG fails (never silently weak).
Result<Bytes> RandomBytes(size_t n);

// "urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (RFC 9562 version 4).
Result<std::string> RandomUuidUrn();

}  // namespace orelog
