// Test-only: what a forked child process of a crash test may call (no
// allocation-free guarantees needed, but no gtest either: it reports through
// raw writes and dies with a distinct exit code).
#pragma once

#include <unistd.h>

#include <cerrno>
#include <string>

#include "orelog/status.h"

namespace orelog::testing {

// Writes all of `data` to `fd`, retrying short writes; exits 12 on failure.
inline void WriteAll(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) ::_exit(12);
    p += w;
    n -= static_cast<size_t>(w);
  }
}

// Reports "<who>: <what>: <status>" on stderr and exits 11.
[[noreturn]] inline void ChildDie(const char* who, const char* what, const Status& st) {
  std::string msg = std::string(who) + ": " + what + ": " + st.ToString() + "\n";
  WriteAll(2, msg.data(), msg.size());
  ::_exit(11);
}

}  // namespace orelog::testing
