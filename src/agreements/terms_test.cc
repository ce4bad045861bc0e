#include "agreements/terms.h"

#include <gtest/gtest.h>

#include "epcis/disclosure.h"

namespace orelog::agreements {
namespace {

TEST(TermsTest, CommitsAndVerifies) {
  const Term t{"royalty rate", "5 % of FOB value (illustrative)"};
  auto a = MakeTermDisclosure(t);
  auto b = MakeTermDisclosure(t);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->commitment, b->commitment);  // fresh salts
  EXPECT_EQ(a->commitment.size(), 43u);
  auto back = VerifyTermDisclosure(a->disclosure, a->commitment);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, t);
  EXPECT_EQ(VerifyTermDisclosure(a->disclosure, b->commitment).status().code(), Code::kVerificationFailed);
}

TEST(TermsTest, RefusesOtherDisclosuresAndBadTerms) {
  EXPECT_FALSE(MakeTermDisclosure(Term{"", "x"}).ok());
  EXPECT_FALSE(MakeTermDisclosure(Term{"x", std::string(257, 'y')}).ok());
  auto other = epcis::MakeDisclosure("beneficialOwner", boost::json::object{{"term", "a"}, {"text", "b"}});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(VerifyTermDisclosure(*other, epcis::DisclosureDigest(*other)).status().code(), Code::kInvalidArgument);
  auto extra = epcis::MakeDisclosure(kTermDisclosureName, boost::json::object{{"term", "a"}, {"text", "b"}, {"x", "c"}});
  ASSERT_TRUE(extra.ok());
  EXPECT_EQ(VerifyTermDisclosure(*extra, epcis::DisclosureDigest(*extra)).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace orelog::agreements
