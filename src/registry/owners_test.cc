#include "registry/owners.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "base/bytes.h"
#include "epcis/canonical_json.h"
#include "epcis/disclosure.h"

namespace orelog::registry {
namespace {

namespace json = boost::json;

BeneficialOwner Owner() { return {"A. Person", "PK", "25.00", "shares"}; }

TEST(OwnersTest, DisclosureCommitsToTheOwner) {
  auto a = MakeOwnerDisclosure(Owner());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->commitment.size(), 43u);
  EXPECT_EQ(a->commitment, epcis::DisclosureDigest(a->disclosure));
  auto owner = VerifyOwnerDisclosure(a->disclosure, a->commitment);
  ASSERT_TRUE(owner.ok()) << owner.status().ToString();
  EXPECT_EQ(*owner, Owner());
  // The §1.1 layout: [salt, "beneficialOwner", {control, level, name, nationality}].
  auto text = Base64UrlDecode(a->disclosure);
  ASSERT_TRUE(text.ok());
  const std::string s(AsChars(*text));
  EXPECT_NE(s.find(R"(,"beneficialOwner",{"control":"shares","level":"25.00","name":"A. Person","nationality":"PK"}])"),
            std::string::npos) << s;
}

TEST(OwnersTest, FreshSaltEveryTime) {
  auto a = MakeOwnerDisclosure(Owner());
  auto b = MakeOwnerDisclosure(Owner());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->commitment, b->commitment);
  EXPECT_EQ(VerifyOwnerDisclosure(a->disclosure, b->commitment).status().code(), Code::kVerificationFailed);
}

TEST(OwnersTest, InvalidOwnersRefused) {
  for (auto mutate : std::vector<std::function<void(BeneficialOwner&)>>{
           [](BeneficialOwner& o) { o.name.clear(); },
           [](BeneficialOwner& o) { o.name = std::string(257, 'n'); },
           [](BeneficialOwner& o) { o.nationality = "Pakistan"; },
           [](BeneficialOwner& o) { o.level = "101"; },
           [](BeneficialOwner& o) { o.level = "100.01"; },
           [](BeneficialOwner& o) { o.level = "25.001"; },
           [](BeneficialOwner& o) { o.level = "025"; },
           [](BeneficialOwner& o) { o.level = "25."; },
           [](BeneficialOwner& o) { o.level = "-1"; },
           [](BeneficialOwner& o) { o.control.clear(); }}) {
    BeneficialOwner o = Owner();
    mutate(o);
    EXPECT_EQ(MakeOwnerDisclosure(o).status().code(), Code::kInvalidArgument) << o.name << o.nationality << o.level;
  }
  for (const char* level : {"0", "100", "100.00", "0.01", "25.5"}) {
    BeneficialOwner o = Owner();
    o.level = level;
    EXPECT_TRUE(MakeOwnerDisclosure(o).ok()) << level;
  }
}

TEST(OwnersTest, OtherDisclosuresAreNotOwners) {
  // An event disclosure (another name) and an owner object with an extra member.
  auto other = epcis::MakeDisclosure("bizTransaction", json::value("urn:x"));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(VerifyOwnerDisclosure(*other, epcis::DisclosureDigest(*other)).status().code(), Code::kInvalidArgument);
  json::object extra{{"control", "shares"}, {"level", "25"}, {"name", "A"}, {"nationality", "PK"}, {"dob", "1970"}};
  auto d = epcis::MakeDisclosure(kOwnerDisclosureName, extra);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(VerifyOwnerDisclosure(*d, epcis::DisclosureDigest(*d)).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(VerifyOwnerDisclosure("not base64!", "x").status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace orelog::registry
