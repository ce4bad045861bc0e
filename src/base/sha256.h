// SHA-256 through OpenSSL's EVP interface, with the digest fetched once per
// process and one context reused per Sha256 object (a one-shot EVP_Digest
// re-fetches the provider on every call and is ~3x slower for short inputs).
//
// Thread safety: a Sha256 object is not thread-safe; give each thread its own.
#pragma once

#include <array>
#include <cstdint>

#include "base/bytes.h"

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace orelog {

using Hash = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  // Streaming use: Begin, any number of Add, then Finish.
  void Begin();
  void Add(ByteView data);
  void Add(uint8_t byte) { Add(ByteView(&byte, 1)); }
  Hash Finish();

  Hash Digest(ByteView data) {
    Begin();
    Add(data);
    return Finish();
  }

 private:
  EVP_MD_CTX* ctx_;
};

inline ByteView AsBytes(const Hash& h) { return {h.data(), h.size()}; }

}  // namespace orelog
