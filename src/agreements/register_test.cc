#include "agreements/register.h"

#include <gtest/gtest.h>

#include "agreements/record_json.h"
#include "agreements/release.h"
#include "agreements/testing_releases.h"

namespace orelog::agreements {
namespace {

using testing::Mou;

TEST(RegisterTest, FoldsReleasesIntoACompiledRecord) {
  Register reg;
  ASSERT_TRUE(reg.ApplyRelease(3, Mou("r1", Tag::kProposed, "2025-08-01")).ok());
  EXPECT_FALSE(reg.Find("AGR-1")->in_force());
  Release signed_release = Mou("r2", Tag::kSigned, "2025-09-08");
  signed_release.value = "US$500 M";
  ASSERT_TRUE(reg.ApplyRelease(7, signed_release).ok());
  ASSERT_TRUE(reg.ApplyRelease(9, Mou("r3", Tag::kAmended, "2025-10-01")).ok());
  const Agreement* a = reg.Find("AGR-1");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->in_force());
  EXPECT_EQ(a->current.release, "r3");
  EXPECT_EQ(a->current.value, "~US$500 M (reported)");  // the latest release restates everything
  EXPECT_EQ(a->signed_date, "2025-09-08");
  ASSERT_EQ(a->history.size(), 3u);
  EXPECT_EQ(a->history[1], (ReleaseRef{"r2", 7, "2025-09-08", Tag::kSigned}));
  boost::json::object view = RecordJson(*a);
  EXPECT_EQ(view.at("status"), "amended");
  EXPECT_EQ(view.at("releases").as_array().size(), 3u);
  EXPECT_EQ(view.at("signedDate"), "2025-09-08");
  EXPECT_FALSE(view.contains("release"));
}

TEST(RegisterTest, TransitionsFollowTheDocument) {
  using enum Tag;
  EXPECT_TRUE(TransitionAllowed(std::nullopt, kProposed));
  EXPECT_TRUE(TransitionAllowed(std::nullopt, kSigned));
  EXPECT_FALSE(TransitionAllowed(std::nullopt, kAmended));
  EXPECT_FALSE(TransitionAllowed(std::nullopt, kTerminated));
  EXPECT_TRUE(TransitionAllowed(kProposed, kProposed));
  EXPECT_TRUE(TransitionAllowed(kProposed, kSigned));
  EXPECT_TRUE(TransitionAllowed(kProposed, kTerminated));
  EXPECT_FALSE(TransitionAllowed(kProposed, kAmended));
  EXPECT_FALSE(TransitionAllowed(kSigned, kSigned));
  EXPECT_FALSE(TransitionAllowed(kSigned, kProposed));
  EXPECT_TRUE(TransitionAllowed(kSigned, kAmended));
  EXPECT_TRUE(TransitionAllowed(kAmended, kAmended));
  EXPECT_TRUE(TransitionAllowed(kAmended, kTerminated));
  for (Tag t : {kProposed, kSigned, kAmended, kTerminated}) EXPECT_FALSE(TransitionAllowed(kTerminated, t));
}

TEST(RegisterTest, RefusalsChangeNothing) {
  Register reg;
  ASSERT_TRUE(reg.ApplyRelease(1, Mou("r1")).ok());
  const Register before = reg;
  EXPECT_EQ(reg.ApplyRelease(2, Mou("r1", Tag::kAmended)).code(), Code::kAlreadyExists);
  EXPECT_EQ(reg.ApplyRelease(2, Mou("r2", Tag::kSigned)).code(), Code::kFailedPrecondition);
  EXPECT_EQ(reg.ApplyRelease(2, Mou("r2", Tag::kAmended, "2025-09-07")).code(), Code::kFailedPrecondition);
  Release retyped = Mou("r2", Tag::kAmended);
  retyped.type = "offtake";
  EXPECT_EQ(reg.ApplyRelease(2, retyped).code(), Code::kFailedPrecondition);
  EXPECT_EQ(reg.ApplyRelease(1, Mou("r2", Tag::kAmended)).code(), Code::kInvalidArgument);  // index order
  Release bad = Mou("r2", Tag::kAmended);
  bad.date = "soon";
  EXPECT_EQ(reg.ApplyRelease(2, bad).code(), Code::kInvalidArgument);
  EXPECT_EQ(reg, before);
  ASSERT_TRUE(reg.ApplyRelease(2, Mou("r2", Tag::kTerminated, "2026-01-01")).ok());
  EXPECT_FALSE(reg.Find("AGR-1")->in_force());
  EXPECT_EQ(reg.ApplyRelease(3, Mou("r3", Tag::kAmended, "2026-02-01")).code(), Code::kFailedPrecondition);
}

TEST(RegisterTest, ApplyDecodesPayloads) {
  Register reg;
  auto payload = EncodeRelease(Mou());
  ASSERT_TRUE(payload.ok());
  ASSERT_TRUE(reg.Apply(5, *payload).ok());
  EXPECT_EQ(reg.Agreements().size(), 1u);
  boost::json::object bad = *payload;
  bad["tag"] = "maybe";
  EXPECT_EQ(reg.Apply(6, bad).code(), Code::kInvalidArgument);
  EXPECT_EQ(reg.last_index(), 5u);
}

}  // namespace
}  // namespace orelog::agreements
