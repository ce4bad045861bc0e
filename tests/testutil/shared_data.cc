#include "testutil/shared_data.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace orelog::testing {

std::filesystem::path SharedDir() {
  if (const char* env = std::getenv("ORELOG_SHARED")) return env;
  return ORELOG_SHARED_DIR;
}

std::string ReadFileOrDie(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path MakeTempDir(const std::string& prefix) {
  static std::atomic<int> counter{0};
  auto base = std::filesystem::temp_directory_path();
  auto dir = base / (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace orelog::testing
