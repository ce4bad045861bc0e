// Test helpers: locating and reading the shared conformance data, which the
// tests read in place (it is never copied into the repository).
#pragma once

#include <filesystem>
#include <string>

#include "base/bytes.h"

namespace orelog::testing {

// The shared/ folder: $ORELOG_SHARED if set, else the path baked in at build time.
std::filesystem::path SharedDir();

// Whole file contents; fails the calling test (ADD_FAILURE) and returns "" if unreadable.
std::string ReadFileOrDie(const std::filesystem::path& path);

// A fresh empty directory under the test temp dir, removed by the caller if wanted.
std::filesystem::path MakeTempDir(const std::string& prefix);

}  // namespace orelog::testing
