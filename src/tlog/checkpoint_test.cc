#include "tlog/checkpoint.h"

#include <gtest/gtest.h>

#include <string>

#include "base/bytes.h"

namespace orelog::tlog {
namespace {

const std::string kRoot = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

TEST(Checkpoint, ParsesSpecExample) {
  const std::string body = "example.com/behind-the-sofa\n20852163\n" + kRoot + "\n";
  auto cp = ParseCheckpoint(body);
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(cp->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(cp->size, 20852163u);
  EXPECT_EQ(Base64Encode(AsBytes(cp->root)), kRoot);
  EXPECT_TRUE(cp->extensions.empty());
  EXPECT_EQ(cp->Marshal(), body);
  EXPECT_TRUE(cp->Validate().ok());
}

TEST(Checkpoint, ExtensionsAndLimits) {
  const std::string body = "o\n0\n" + kRoot + "\next one\n— ext two\n";
  auto cp = ParseCheckpoint(body);
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  ASSERT_EQ(cp->extensions.size(), 2u);
  EXPECT_EQ(cp->extensions[1], "— ext two");
  EXPECT_EQ(cp->Marshal(), body);

  auto max = ParseCheckpoint("o\n9223372036854775807\n" + kRoot + "\n");
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->size, kMaxTreeSize);
}

struct Bad {
  std::string body;
  std::string needle;
};

TEST(Checkpoint, RejectsMalformed) {
  const std::string r = kRoot + "\n";
  const Bad cases[] = {
      {"", "line 1 (origin) is missing"},
      {"origin", "line 1 (origin) does not end in a newline"},
      {"\n1\n" + r, "line 1 (origin) is empty"},
      {"o\n", "line 2 (tree size) is missing"},
      {"o\n1\n", "line 3 (root hash) is missing"},
      {"o\n1\n" + kRoot, "line 3 (root hash) does not end in a newline"},
      {"o\n\n" + r, "line 2 (tree size): empty number"},
      {"o\n01\n" + r, "leading zero"},
      {"o\n00\n" + r, "leading zero"},
      {"o\n+1\n" + r, "not a decimal"},
      {"o\n-1\n" + r, "not a decimal"},
      {"o\n1 \n" + r, "not a decimal"},
      {"o\n 1\n" + r, "not a decimal"},
      {"o\n0x10\n" + r, "leading zero"},
      {"o\n1x\n" + r, "not a decimal"},
      {"o\n9223372036854775808\n" + r, "exceeds 9223372036854775807"},
      {"o\n99999999999999999999999\n" + r, "exceeds"},
      {"o\n1\n\n", "line 3 (root hash): hash is 0 bytes"},
      {"o\n1\nYmFuYW5hcw==\n", "hash is 7 bytes, want 32"},
      {"o\n1\n" + kRoot.substr(0, 43) + "\n", "line 3 (root hash): base64"},
      {"o\n1\n" + kRoot.substr(0, 42) + "J=\n", "non-canonical"},
      {"o\n1\n" + kRoot + " \n", "base64"},
      {"o\n1\n" + r + "\n", "line 4 (extension) is empty"},
      {"o\n1\n" + r + "ext", "line 4 (extension) does not end in a newline"},
      {"o\n1\n" + r + "ext\n\n— sig AAAA\n", "line 5 (extension) is empty"},
      {"o\x01\n1\n" + r, "control character 0x01 at byte 1"},
      {"o\r\n1\n" + r, "control character 0x0d"},
      {"o\xc3\n1\n" + r, "invalid UTF-8 at byte 1"},
      {"o\n1\n" + r + "\xf4\x90\x80\x80\n", "invalid UTF-8"},  // > U+10FFFF
  };
  size_t checked = 0;
  for (const Bad& c : cases) {
    auto cp = ParseCheckpoint(c.body);
    ASSERT_FALSE(cp.ok()) << "accepted: " << c.body;
    EXPECT_EQ(cp.status().code(), Code::kInvalidArgument);
    EXPECT_NE(cp.status().message().find(c.needle), std::string::npos)
        << "body " << ::testing::PrintToString(c.body) << "\nmessage: " << cp.status().message()
        << "\nwanted: " << c.needle;
    ++checked;
  }
  EXPECT_EQ(checked, std::size(cases));
}

TEST(Checkpoint, ValidateCatchesUnmarshalableFields) {
  Checkpoint cp{"o", 1, {}, {}};
  EXPECT_TRUE(cp.Validate().ok());
  EXPECT_FALSE(Checkpoint({"", 1, {}, {}}).Validate().ok());
  EXPECT_FALSE(Checkpoint({"a\nb", 1, {}, {}}).Validate().ok());
  EXPECT_FALSE(Checkpoint({"o", kMaxTreeSize + 1, {}, {}}).Validate().ok());
  EXPECT_FALSE(Checkpoint({"o", 1, {}, {""}}).Validate().ok());
  EXPECT_FALSE(Checkpoint({"o", 1, {}, {"x\ty"}}).Validate().ok());
  EXPECT_FALSE(Checkpoint({"o", 1, {}, {"\xff"}}).Validate().ok());
  Checkpoint ext{"o", 7, {}, {"a", "b"}};
  ASSERT_TRUE(ext.Validate().ok());
  auto back = ParseCheckpoint(ext.Marshal());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, ext);
}

}  // namespace
}  // namespace orelog::tlog
