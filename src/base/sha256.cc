#include "base/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <cstdio>

namespace orelog {
namespace {

// Fetched once; EVP_MD objects from EVP_MD_fetch are immutable and may be
// shared between threads.
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = [] {
    EVP_MD* m = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (m == nullptr) {
      std::fputs("orelog: OpenSSL cannot provide SHA-256\n", stderr);
      std::abort();
    }
    return m;
  }();
  return md;
}

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "orelog: OpenSSL %s failed\n", what);
  std::abort();
}

}  // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) Die("EVP_MD_CTX_new");
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }

void Sha256::Begin() {
  if (EVP_DigestInit_ex2(ctx_, Sha256Md(), nullptr) != 1) Die("DigestInit");
}

void Sha256::Add(ByteView data) {
  if (EVP_DigestUpdate(ctx_, data.data(), data.size()) != 1) Die("DigestUpdate");
}

Hash Sha256::Finish() {
  Hash out;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_, out.data(), &len) != 1 || len != out.size()) Die("DigestFinal");
  return out;
}

}  // namespace orelog
