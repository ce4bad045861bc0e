#include "base/file.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "testutil/shared_data.h"
#include "testutil/status_matchers.h"

namespace orelog {
namespace {

namespace fs = std::filesystem;
using testing::StatusIs;

unsigned ModeOf(const fs::path& p) {
  struct stat st;
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

std::vector<std::string> Listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = orelog::testing::MakeTempDir("orelog-file-test"); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// Restores the process umask at scope exit.
struct UmaskScope {
  explicit UmaskScope(mode_t m) : old(::umask(m)) {}
  ~UmaskScope() { ::umask(old); }
  mode_t old;
};

TEST_F(FileTest, WriteThenReadBack) {
  fs::path p = dir_ / "a.txt";
  ASSERT_OK(WriteFileAtomic(p, AsBytes("hello\n")));
  Result<std::string> got = ReadFile(p);
  ASSERT_OK(got);
  EXPECT_EQ(*got, "hello\n");
  // No temporary file is left behind.
  EXPECT_EQ(Listing(dir_), std::vector<std::string>{"a.txt"});
}

TEST_F(FileTest, BinaryAndLargeContentsSurviveIntact) {
  std::string data;
  for (int i = 0; i < 200000; ++i) data.push_back(static_cast<char>(i * 131 % 256));  // NULs included
  fs::path p = dir_ / "big.bin";
  ASSERT_OK(WriteFileAtomic(p, AsBytes(data)));
  Result<std::string> got = ReadFile(p);
  ASSERT_OK(got);
  EXPECT_EQ(got->size(), data.size());
  EXPECT_TRUE(*got == data);
}

TEST_F(FileTest, EmptyFile) {
  fs::path p = dir_ / "empty";
  ASSERT_OK(WriteFileAtomic(p, {}));
  EXPECT_EQ(fs::file_size(p), 0u);
  ASSERT_OK(ReadFile(p));
  EXPECT_EQ(*ReadFile(p), "");
}

TEST_F(FileTest, ModeIsExactlyWhatWasAskedRegardlessOfUmask) {
  UmaskScope umask(077);
  fs::path secret = dir_ / "signing.key";
  ASSERT_OK(WriteFileAtomic(secret, AsBytes("k"), 0600, /*exclusive=*/true));
  EXPECT_EQ(ModeOf(secret), 0600u);
  fs::path shared = dir_ / "public";
  ASSERT_OK(WriteFileAtomic(shared, AsBytes("p"), 0644));
  EXPECT_EQ(ModeOf(shared), 0644u);  // fchmod, not the umask-filtered open mode
}

TEST_F(FileTest, DefaultModeIs0644) {
  UmaskScope umask(022);
  fs::path p = dir_ / "f";
  ASSERT_OK(WriteFileAtomic(p, AsBytes("x")));
  EXPECT_EQ(ModeOf(p), 0644u);
}

TEST_F(FileTest, ReplaceSwapsContentsAndMode) {
  fs::path p = dir_ / "f";
  ASSERT_OK(WriteFileAtomic(p, AsBytes("old contents, longer"), 0644));
  ASSERT_OK(WriteFileAtomic(p, AsBytes("new"), 0600));
  EXPECT_EQ(*ReadFile(p), "new");
  EXPECT_EQ(ModeOf(p), 0600u);
  EXPECT_EQ(Listing(dir_), std::vector<std::string>{"f"});
}

TEST_F(FileTest, ExclusiveRefusesToReplace) {
  fs::path p = dir_ / "signing.key";
  ASSERT_OK(WriteFileAtomic(p, AsBytes("first"), 0600, true));
  EXPECT_TRUE(StatusIs(WriteFileAtomic(p, AsBytes("second"), 0600, true), Code::kAlreadyExists, "already exists"));
  EXPECT_EQ(*ReadFile(p), "first");
  EXPECT_EQ(Listing(dir_), std::vector<std::string>{"signing.key"});
}

TEST_F(FileTest, ExclusiveWritersRaceExactlyOneWins) {
  fs::path p = dir_ / "contested";
  constexpr int kThreads = 8;
  std::atomic<int> wins{0}, exists{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string data = "writer " + std::to_string(t);
      Status st = WriteFileAtomic(p, AsBytes(data), 0600, true);
      if (st.ok()) ++wins;
      else if (st.code() == Code::kAlreadyExists) ++exists;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(exists.load(), kThreads - 1);
  EXPECT_EQ(ReadFile(p)->rfind("writer ", 0), 0u);
  EXPECT_EQ(Listing(dir_), std::vector<std::string>{"contested"});
}

TEST_F(FileTest, WriteIntoMissingDirectoryFails) {
  fs::path p = dir_ / "no-such-dir" / "f";
  EXPECT_TRUE(StatusIs(WriteFileAtomic(p, AsBytes("x")), Code::kIOError, "no-such-dir"));
  EXPECT_FALSE(fs::exists(dir_ / "no-such-dir"));
}

TEST_F(FileTest, ReadMissingFileIsNotFound) {
  EXPECT_TRUE(StatusIs(ReadFile(dir_ / "absent"), Code::kNotFound, "absent"));
}

TEST_F(FileTest, ReadEnforcesTheSizeCap) {
  fs::path p = dir_ / "f";
  std::string data(100000, 'x');
  ASSERT_OK(WriteFileAtomic(p, AsBytes(data)));
  EXPECT_OK(ReadFile(p, 100000));
  EXPECT_TRUE(StatusIs(ReadFile(p, 99999), Code::kInvalidArgument, "larger than 99999"));
  EXPECT_TRUE(StatusIs(ReadFile(p, 0), Code::kInvalidArgument, "larger than 0"));
}

TEST_F(FileTest, ReadingADirectoryIsAnError) {
  Result<std::string> r = ReadFile(dir_);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(StatusIs(r, Code::kIOError, dir_.string()));
}

}  // namespace
}  // namespace orelog
