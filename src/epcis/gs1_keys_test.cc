#include "epcis/gs1_keys.h"

#include <gtest/gtest.h>

namespace orelog::epcis {
namespace {

std::string Dl(std::string_view v) {
  auto r = NormalizeIdentifier(v);
  EXPECT_TRUE(r.ok()) << v << ": " << r.status().ToString();
  return r.ok() ? *r : "";
}

void ExpectInvalid(std::string_view v, std::string_view fragment) {
  auto r = NormalizeIdentifier(v);
  ASSERT_FALSE(r.ok()) << v << " -> " << *r;
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find(std::string(v)), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find(std::string(fragment)), std::string::npos) << r.status().message();
}

TEST(Gs1CheckDigit, KnownKeys) {
  EXPECT_EQ(Gs1CheckDigit("400638133393"), '1');       // GTIN-13 4006381333931
  EXPECT_EQ(Gs1CheckDigit("1061414107346"), '4');      // GTIN-14
  EXPECT_EQ(Gs1CheckDigit("34012345111111111"), '1');  // SSCC
  EXPECT_EQ(Gs1CheckDigit("401234500005"), '4');       // GLN
  EXPECT_EQ(Gs1CheckDigit("401234500000"), '9');       // PGLN
  EXPECT_EQ(Gs1CheckDigit("0"), '0');
  EXPECT_EQ(Gs1CheckDigit(""), '0');
}

TEST(EpcUrn, EveryScheme) {
  EXPECT_EQ(Dl("urn:epc:id:sgtin:0614141.107346.2017"), "https://id.gs1.org/01/10614141073464/21/2017");
  EXPECT_EQ(Dl("urn:epc:id:sscc:4012345.3111111111"), "https://id.gs1.org/00/340123451111111111");
  EXPECT_EQ(Dl("urn:epc:id:sgln:4012345.00005.0"), "https://id.gs1.org/414/4012345000054");
  EXPECT_EQ(Dl("urn:epc:id:sgln:4012345.00005.122"), "https://id.gs1.org/414/4012345000054/254/122");
  EXPECT_EQ(Dl("urn:epc:id:grai:4012345.00022.334455"), "https://id.gs1.org/8003/04012345000221334455");
  EXPECT_EQ(Dl("urn:epc:id:giai:4012345.ABC345"), "https://id.gs1.org/8004/4012345ABC345");
  EXPECT_EQ(Dl("urn:epc:id:gsrn:4012345.0000006765"), "https://id.gs1.org/8018/401234500000067657");
  EXPECT_EQ(Dl("urn:epc:id:gsrnp:4012345.0000000007"), "https://id.gs1.org/8017/401234500000000074");
  EXPECT_EQ(Dl("urn:epc:id:gdti:4012345.00009.PO-4711"), "https://id.gs1.org/253/4012345000092PO-4711");
  EXPECT_EQ(Dl("urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234"),
            "https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234");
  EXPECT_EQ(Dl("urn:epc:id:sgcn:4012345.99999.44"), "https://id.gs1.org/255/401234599999044");
  EXPECT_EQ(Dl("urn:epc:id:ginc:0614141.xyz47%2F11"), "https://id.gs1.org/401/0614141xyz47%2F11");
  EXPECT_EQ(Dl("urn:epc:id:gsin:4012345.222333444"), "https://id.gs1.org/402/40123452223334442");
  EXPECT_EQ(Dl("urn:epc:id:itip:4012345.011111.01.02.987"),
            "https://id.gs1.org/8006/040123451111180102/21/987");
  EXPECT_EQ(Dl("urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB"),
            "https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB");
  EXPECT_EQ(Dl("urn:epc:id:pgln:4012345.00000"), "https://id.gs1.org/417/4012345000009");
  EXPECT_EQ(Dl("urn:epc:class:lgtin:4012345.012345.Lot987"), "https://id.gs1.org/01/04012345123456/10/Lot987");
  EXPECT_EQ(Dl("urn:epc:idpat:sgtin:4012345.044444.*"), "https://id.gs1.org/01/04012345444445");
  EXPECT_EQ(Dl("urn:epc:idpat:grai:4012345.66666.*"), "https://id.gs1.org/8003/04012345666663");
}

TEST(EpcUrn, SerialsArePercentEncodedPerDigitalLink) {
  EXPECT_EQ(Dl("urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()"),
            "https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29");
  EXPECT_EQ(DigitalLinkEncode("a b/c"), "a%20b%2Fc");
}

TEST(EpcUrn, Rejects) {
  ExpectInvalid("urn:epc:id:sgtin:0614141.10734.2017", "13 digits");      // 12-digit GTIN body
  ExpectInvalid("urn:epc:id:sgtin:06141A1.107346.2017", "company prefix");
  ExpectInvalid("urn:epc:id:sgtin:0614141.107346", "components");
  ExpectInvalid("urn:epc:id:sgtin:0614141.107346.", "empty serial");
  ExpectInvalid("urn:epc:class:lgtin:0614141.107346.", "empty lot");
  ExpectInvalid("urn:epc:id:sgln:4012345.00005.", "GLN extension");
  ExpectInvalid("urn:epc:id:giai:4012345.", "empty reference");
  ExpectInvalid("urn:epc:id:foo:0614141.107346.1", "unsupported");
  ExpectInvalid("urn:epc:idpat:sgtin:0614141.107346.12*", "pattern");
  ExpectInvalid("urn:epc:id:sgtin:0614141.107346.20%G7", "escape");
}

TEST(DigitalLink, Normalises) {
  EXPECT_EQ(Dl("https://id.gs1.org/gtin/09780345418913"), "https://id.gs1.org/01/09780345418913");
  EXPECT_EQ(Dl("https://example.com/gtin/09780345418913/21/765tz?abc=211121"),
            "https://id.gs1.org/01/09780345418913/21/765tz");
  EXPECT_EQ(Dl("http://id.gs1.de/414/4012345000115#frag"), "https://id.gs1.org/414/4012345000115");
  EXPECT_EQ(Dl("https://id.gs1.org/01/4006381333931"), "https://id.gs1.org/01/04006381333931");  // GTIN-13 padded
  EXPECT_EQ(Dl("https://id.gs1.org/01/04012345123456/22/2A/10/L1"),  // CPV dropped
            "https://id.gs1.org/01/04012345123456/10/L1");
  EXPECT_EQ(Dl("https://id.gs1.org/01/04012345123456/10/L1/21/S1"), "https://id.gs1.org/01/04012345123456/21/S1");
  EXPECT_EQ(Dl("https://id.gs1.org/01/04012345123456/21/a%21b"), "https://id.gs1.org/01/04012345123456/21/a%21b");
  EXPECT_EQ(Dl("https://id.gs1.org/01/04012345123456/21/a!b"), "https://id.gs1.org/01/04012345123456/21/a%21b");
  // Not Digital Links: unchanged.
  EXPECT_EQ(Dl("http://transaction.acme.com/po/12345678"), "http://transaction.acme.com/po/12345678");
  EXPECT_EQ(Dl("geo:47.506694,11.104301"), "geo:47.506694,11.104301");
  EXPECT_EQ(Dl("urn:epcglobal:cbv:bt:0614141073467:1152"), "urn:epcglobal:cbv:bt:0614141073467:1152");
}

TEST(DigitalLink, WrongCheckDigitIsInvalid) {
  ExpectInvalid("https://id.gs1.org/01/10614141073465/21/1", "check digit");
  ExpectInvalid("https://id.gs1.org/00/340123451111111112", "check digit");
  ExpectInvalid("https://id.gs1.org/414/4012345000055", "check digit");
  ExpectInvalid("https://id.gs1.org/417/4012345000008", "check digit");
  ExpectInvalid("https://id.gs1.org/8003/04012345000222334455", "check digit");
  ExpectInvalid("https://id.gs1.org/8018/401234500000067658", "check digit");
  ExpectInvalid("https://id.gs1.org/253/4012345000093PO", "check digit");
  ExpectInvalid("https://id.gs1.org/402/40123452223334443", "check digit");
  ExpectInvalid("https://id.gs1.org/8006/040123451111190102", "check digit");
}

TEST(DigitalLink, MalformedIsInvalid) {
  ExpectInvalid("https://id.gs1.org/01/1234", "GTIN");
  ExpectInvalid("https://id.gs1.org/01/10614141073464/21", "pairs");
  ExpectInvalid("https://id.gs1.org/01/10614141073464/254/1", "qualifier");
  ExpectInvalid("https://id.gs1.org/00/34012345111111111X", "digits");
}

}  // namespace
}  // namespace orelog::epcis
