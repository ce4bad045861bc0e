// Test-only: runs the built `orelog` binary (ORELOG_BINARY, defined for the
// CLI tests) with a shell argument string, stderr discarded.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

#ifndef ORELOG_BINARY
#error "run_orelog.h is for tests that run the orelog binary (ORELOG_BINARY)"
#endif

namespace orelog::testing {

// The exit status (-1 if it could not run or did not exit); stdout appended
// to *out if given.
inline int RunOrelog(const std::string& args, std::string* out = nullptr) {
  const std::string cmd = std::string(ORELOG_BINARY) + " " + args + " 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) {
    if (out != nullptr) out->append(buf, n);
  }
  const int st = ::pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

}  // namespace orelog::testing
