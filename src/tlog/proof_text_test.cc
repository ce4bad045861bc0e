#include "tlog/proof_text.h"

#include <gtest/gtest.h>

#include <string>

#include "base/bytes.h"

namespace orelog::tlog {
namespace {

// The hash lines of the tlog-proof spec example.
const char* const kSpecHashes[] = {
    "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=", "B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=",
    "EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=", "RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=",
    "AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk="};

// A real signed checkpoint (Tessera test log, size 15). The spec example's
// own checkpoint has elided ("[...]") signatures, so it is not a valid note.
const std::string kCheckpoint =
    "example.com/log/testdata\n15\nrKbDipCvhuX1GZ7g5BBe8sA6BbJ7ja/1nk427v383cs=\n\n"
    "\xe2\x80\x94 example.com/log/testdata "
    "M9e0luh4jTG+UMBqOUo9/q+yAEvx1ilBEniMvjf1zfcBOhg+CKubMt53MvIt/uEWP6zdkdIQzd/fmwlM/dlPWF74ewI=\n";

std::string SpecProof(bool extra) {
  std::string s = "c2sp.org/tlog-proof@v1\n";
  if (extra) s += "extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ\n";
  s += "index 73894\n";
  for (const char* h : kSpecHashes) s += std::string(h) + "\n";
  return s + "\n" + kCheckpoint;
}

TEST(InclusionProofText, ParsesSpecShape) {
  for (bool extra : {true, false}) {
    const std::string text = SpecProof(extra);
    auto p = InclusionProofText::Parse(text);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    EXPECT_EQ(p->index, 73894u);
    EXPECT_EQ(p->extra.has_value(), extra);
    ASSERT_EQ(p->proof.size(), 5u);
    EXPECT_EQ(Base64Encode(AsBytes(p->proof[4])), kSpecHashes[4]);
    EXPECT_EQ(p->checkpoint_note, kCheckpoint);
    EXPECT_EQ(p->Format(), text);
  }
}

TEST(InclusionProofText, RoundTripsEdgeCases) {
  InclusionProofText p{0, Bytes{}, {}, kCheckpoint};  // empty extra, no hashes
  auto back = InclusionProofText::Parse(p.Format());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, p);
  p.extra.reset();
  p.index = (uint64_t{1} << 63) - 1;
  p.proof.assign(kMaxProofHashes, Hash{});
  back = InclusionProofText::Parse(p.Format());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, p);
}

struct Bad {
  std::string text;
  std::string needle;
};

TEST(InclusionProofText, RejectsMalformed) {
  const std::string h = std::string(kSpecHashes[0]) + "\n";
  const std::string head = "c2sp.org/tlog-proof@v1\n";
  const Bad cases[] = {
      {"", "line 1 (header) is missing"},
      {"c2sp.org/tlog-proof@v1", "does not end in a newline"},
      {"c2sp.org/tlog-proof@v2\nindex 1\n\n" + kCheckpoint, "not c2sp.org/tlog-proof@v1"},
      {head, "line 2 (extra or index) is missing"},
      {head + "index 1\n" + h, "(hash or blank line) is missing"},
      {head + "idx 1\n\n" + kCheckpoint, "want \"index <n>\""},
      {head + "index 01\n\n" + kCheckpoint, "leading zero"},
      {head + "index -1\n\n" + kCheckpoint, "not a decimal"},
      {head + "index 9223372036854775808\n\n" + kCheckpoint, "exceeds"},
      {head + "extra !!!!\nindex 1\n\n" + kCheckpoint, "line 2 (extra)"},
      {head + "extra AA=A\nindex 1\n\n" + kCheckpoint, "base64"},
      {head + "extra AA==\n\n" + kCheckpoint, "want \"index <n>\""},
      {head + "index 1\nextra AA==\n\n" + kCheckpoint, "base64"},
      {head + "index 1\n" + h + "AAAA\n\n" + kCheckpoint, "line 4: hash is 3 bytes, want 32"},
      {head + "index 1\n" + h + "\n", "tlog-proof checkpoint"},
      {head + "index 1\n" + h + "\nnot a note\n", "tlog-proof checkpoint"},
      {head + "index 1\n" + h + "\nhello\n\n\xe2\x80\x94 a AAAAAAA=\n", "checkpoint line 2"},
      {head + "index 1\n" + h + "\n" + kCheckpoint.substr(0, kCheckpoint.size() - 1), "newline"},
  };
  size_t checked = 0;
  for (const Bad& c : cases) {
    auto p = InclusionProofText::Parse(c.text);
    ASSERT_FALSE(p.ok()) << "accepted: " << c.text;
    EXPECT_EQ(p.status().code(), Code::kInvalidArgument);
    EXPECT_NE(p.status().message().find(c.needle), std::string::npos)
        << ::testing::PrintToString(c.text) << "\nmessage: " << p.status().message() << "\nwanted: " << c.needle;
    ++checked;
  }
  EXPECT_EQ(checked, std::size(cases));

  std::string too_many = head + "index 1\n";
  for (size_t i = 0; i <= kMaxProofHashes; ++i) too_many += h;
  auto p = InclusionProofText::Parse(too_many + "\n" + kCheckpoint);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("more than 63 hashes"), std::string::npos);
}

// The part of the tlog-witness spec's add-checkpoint example before the blank line.
TEST(ConsistencyProofText, ParsesWitnessExample) {
  const std::string text =
      "old 20852014\n"
      "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
      "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
      "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
      "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n";
  auto p = ConsistencyProofText::Parse(text);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->old_size, 20852014u);
  ASSERT_EQ(p->proof.size(), 4u);
  EXPECT_EQ(p->Format(), text);

  auto empty = ConsistencyProofText::Parse("old 0\n");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->old_size, 0u);
  EXPECT_TRUE(empty->proof.empty());
}

TEST(ConsistencyProofText, RejectsMalformed) {
  const std::string h = "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n";
  const Bad cases[] = {
      {"", "line 1 (old size) is missing"},
      {"old 5", "does not end in a newline"},
      {"new 5\n", "want \"old <size>\""},
      {"old  5\n", "not a decimal"},
      {"old 05\n", "leading zero"},
      {"old 5\n" + h + "\n", "line 3 is empty"},
      {"old 5\n" + h.substr(0, h.size() - 1), "line 2 (hash) does not end in a newline"},
      {"old 5\nAAAA\n", "consistency proof line 2: hash is 3 bytes"},
      {"old 5\n" + h + "\n" + "example.com\n", "line 3 is empty"},
  };
  for (const Bad& c : cases) {
    auto p = ConsistencyProofText::Parse(c.text);
    ASSERT_FALSE(p.ok()) << "accepted: " << c.text;
    EXPECT_NE(p.status().message().find(c.needle), std::string::npos)
        << ::testing::PrintToString(c.text) << "\nmessage: " << p.status().message() << "\nwanted: " << c.needle;
  }
  std::string too_many = "old 1\n";
  for (size_t i = 0; i <= kMaxProofHashes; ++i) too_many += h;
  EXPECT_FALSE(ConsistencyProofText::Parse(too_many).ok());
}

}  // namespace
}  // namespace orelog::tlog
