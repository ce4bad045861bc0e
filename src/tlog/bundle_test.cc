#include "tlog/bundle.h"

#include <gtest/gtest.h>

#include <string>

namespace orelog::tlog {
namespace {

Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }

TEST(Bundle, RoundTrip) {
  Bytes bundle;
  ASSERT_TRUE(AppendBundleEntry(bundle, B("one")).ok());
  ASSERT_TRUE(AppendBundleEntry(bundle, B("")).ok());
  ASSERT_TRUE(AppendBundleEntry(bundle, Bytes(kMaxEntrySize, 0xab)).ok());
  EXPECT_EQ(bundle.size(), 2 + 3 + 2 + 0 + 2 + kMaxEntrySize);
  EXPECT_EQ(bundle[0], 0);
  EXPECT_EQ(bundle[1], 3);
  EXPECT_EQ(bundle[7], 0xff);
  EXPECT_EQ(bundle[8], 0xff);
  auto entries = ParseBundle(bundle);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0], B("one"));
  EXPECT_TRUE((*entries)[1].empty());
  EXPECT_EQ((*entries)[2].size(), kMaxEntrySize);
  auto empty = ParseBundle({});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(Bundle, OversizeEntry) {
  Bytes bundle = {1, 2};
  Status st = AppendBundleEntry(bundle, Bytes(kMaxEntrySize + 1));
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(st.message(), "entry of 65536 bytes exceeds 65,535-byte limit");
  EXPECT_EQ(bundle, (Bytes{1, 2}));  // unchanged
  EXPECT_EQ(AppendBundleEntry(bundle, Bytes(1234567)).message(),
            "entry of 1234567 bytes exceeds 65,535-byte limit");
}

TEST(Bundle, RejectsTruncation) {
  Bytes bundle;
  ASSERT_TRUE(AppendBundleEntry(bundle, B("one")).ok());
  ASSERT_TRUE(AppendBundleEntry(bundle, B("three")).ok());
  // Every proper prefix that does not end on an entry boundary is truncated.
  size_t rejected = 0;
  for (size_t n = 1; n < bundle.size(); ++n) {
    if (n == 5) continue;  // the boundary after "one"
    auto r = ParseBundle(ByteView(bundle.data(), n));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    ++rejected;
  }
  EXPECT_EQ(rejected, bundle.size() - 2);
  EXPECT_EQ(ParseBundle(ByteView(bundle.data(), 6)).status().message(),
            "bundle entry 1 at byte 5: truncated length prefix");
  EXPECT_EQ(ParseBundle(ByteView(bundle.data(), 9)).status().message(),
            "bundle entry 1 at byte 5: entry of 5 bytes is truncated to 2");
  Bytes trailing = bundle;
  trailing.push_back(0);
  EXPECT_FALSE(ParseBundle(trailing).ok());
}

TEST(Bundle, AtMost256Entries) {
  Bytes bundle;
  for (int i = 0; i < 256; ++i) ASSERT_TRUE(AppendBundleEntry(bundle, B("x")).ok());
  auto full = ParseBundle(bundle);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->size(), 256u);
  ASSERT_TRUE(AppendBundleEntry(bundle, B("x")).ok());
  auto over = ParseBundle(bundle);
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.status().message().find("more than 256 entries"), std::string::npos);
}

}  // namespace
}  // namespace orelog::tlog
