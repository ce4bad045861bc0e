// The batch signature core against an independent RFC 9162 oracle
// (merkle/testing_reference.h) and the frozen message layout; properties:
// every entry of any batch verifies alone, and any flipped bit fails.
#include "batch/batch_signature.h"

#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "base/bytes.h"
#include "epcis/canonical_json.h"
#include "merkle/testing_reference.h"
#include "testutil/keys.h"

namespace orelog::batch {
namespace {

namespace json = boost::json;
constexpr char kOrigin[] = "orelog.example/test";

using orelog::testing::KeyOf;

json::object Form(int i) {
  json::object o;
  o["type"] = "ObjectEvent";
  o["eventTime"] = "2026-11-30T10:00:00.000Z";
  o["quantity"] = i;
  o["orelog:sd"] = json::array{"digest-" + std::to_string(i)};
  return o;
}

struct Signed {
  std::vector<json::object> forms;
  BatchTree tree;
  SignedRoot root;
  std::vector<epcis::BatchSignature> entries;
};

batch::Signer SignerOf(const ed25519::KeyPair& key) {
  return [key](ByteView m) { return key.Sign(m); };
}

Signed SignForms(std::vector<json::object> forms, const ed25519::KeyPair& key, std::string nonce = "nonce-bytes-16..") {
  Signed s;
  s.forms = std::move(forms);
  std::vector<Hash> leaves;
  for (const json::object& f : s.forms) leaves.push_back(*PublicFormLeafHash(f));
  s.tree = *BuildBatchTree(leaves);
  s.root = *SignBatch(SignerOf(key), "urn:epc:id:pgln:0614141.00001", "k1:0011223344556677", kOrigin, AsBytes(nonce), s.tree);
  s.entries = EntrySignatures(s.root, s.tree);
  return s;
}

TEST(BatchSignature, MessageLayoutIsFrozen) {
  Hash root{};
  root.fill(0xff);
  EXPECT_EQ(BatchMessage("log.example/a", "bm9uY2U", root),
            "orelog-batch-v1\nlog.example/a\nbm9uY2U\n__________________________________________8\n");
}

TEST(BatchSignature, TreeMatchesTheRfcOracle) {
  for (size_t n = 1; n <= 33; ++n) {
    std::vector<Bytes> data;
    std::vector<Hash> leaves;
    for (size_t i = 0; i < n; ++i) {
      std::string jcs = *epcis::CanonicalJson(json::value(Form(static_cast<int>(i))));
      data.emplace_back(jcs.begin(), jcs.end());
      leaves.push_back(*PublicFormLeafHash(Form(static_cast<int>(i))));
    }
    merkle::testing::ReferenceTree ref(data);
    auto tree = BuildBatchTree(leaves);
    ASSERT_TRUE(tree.ok());
    EXPECT_EQ(tree->root, ref.Mth(0, n)) << n;
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(tree->paths[i], ref.Path(i, n)) << n << " " << i;
  }
}

TEST(BatchSignature, RefusesEmptyBatchAndBadNonce) {
  EXPECT_EQ(BuildBatchTree({}).status().code(), Code::kInvalidArgument);
  Hash leaf{};
  auto tree = BuildBatchTree(std::vector<Hash>{leaf});
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(SignBatch(SignerOf(KeyOf(1)), "o", "k", kOrigin, AsBytes(std::string(15, 'n')), *tree).status().code(),
            Code::kInvalidArgument);
  EXPECT_TRUE(SignBatch(SignerOf(KeyOf(1)), "o", "k", kOrigin, AsBytes(std::string(16, 'n')), *tree).ok());
}

TEST(BatchSignature, EntryVerifiesAloneAndFromLeafBytes) {
  const ed25519::KeyPair key = KeyOf(7);
  Signed s = SignForms({Form(0), Form(1), Form(2)}, key);
  EXPECT_TRUE(VerifySignedRoot(s.root, kOrigin, key.public_key()).ok());
  for (size_t i = 0; i < s.forms.size(); ++i) {
    EXPECT_TRUE(VerifyEntrySignature(s.forms[i], s.entries[i], kOrigin, key.public_key()).ok()) << i;
    epcis::Envelope env;
    env.policy_version = "1";
    env.public_id = "urn:uuid:00000000-0000-4000-8000-000000000000";
    env.payload = s.forms[i];
    env.submitter = s.root.organisation;
    env.received_at = "2026-11-30T10:00:00.000Z";
    env.batch_signature = s.entries[i];
    auto leaf = epcis::EncodeLeaf(env);
    ASSERT_TRUE(leaf.ok());
    EXPECT_TRUE(VerifyLeafSignature(*leaf, kOrigin, key.public_key()).ok()) << i;
    env.batch_signature.reset();
    EXPECT_EQ(VerifyLeafSignature(*epcis::EncodeLeaf(env), kOrigin, key.public_key()).code(), Code::kInvalidArgument);
  }
}

TEST(BatchSignature, WrongKeyOriginOrFormFails) {
  const ed25519::KeyPair key = KeyOf(7);
  Signed s = SignForms({Form(0), Form(1)}, key);
  EXPECT_EQ(VerifyEntrySignature(s.forms[0], s.entries[0], kOrigin, KeyOf(8).public_key()).code(),
            Code::kVerificationFailed);
  EXPECT_EQ(VerifyEntrySignature(s.forms[0], s.entries[0], "orelog.example/other", key.public_key()).code(),
            Code::kVerificationFailed);
  EXPECT_EQ(VerifyEntrySignature(s.forms[1], s.entries[0], kOrigin, key.public_key()).code(),
            Code::kVerificationFailed);
  epcis::BatchSignature bad = s.entries[0];
  bad.index = "01";
  EXPECT_EQ(VerifyEntrySignature(s.forms[0], bad, kOrigin, key.public_key()).code(), Code::kInvalidArgument);
  bad = s.entries[0];
  bad.index = "2";
  EXPECT_EQ(VerifyEntrySignature(s.forms[0], bad, kOrigin, key.public_key()).code(), Code::kInvalidArgument);
  bad = s.entries[0];
  bad.path.push_back(bad.path.front());
  EXPECT_EQ(VerifyEntrySignature(s.forms[0], bad, kOrigin, key.public_key()).code(), Code::kVerificationFailed);
}

// Flips bit `bit` of the base64url text `text` (decoded, flipped, re-encoded).
std::string FlipBit(const std::string& text, size_t bit) {
  Bytes b = *Base64UrlDecode(text);
  b[(bit / 8) % b.size()] ^= static_cast<uint8_t>(1u << (bit % 8));
  return Base64UrlEncode(b);
}

RC_GTEST_PROP(BatchSignatureProperties, EveryEntryOfAnyBatchVerifies, ()) {
  const size_t n = *rc::gen::inRange<size_t>(1, 70);
  const auto seed = *rc::gen::arbitrary<uint8_t>();
  std::vector<json::object> forms;
  for (size_t i = 0; i < n; ++i) forms.push_back(Form(*rc::gen::inRange(-1000, 1000)));
  const ed25519::KeyPair key = KeyOf(seed);
  Signed s = SignForms(forms, key, *rc::gen::container<std::string>(*rc::gen::inRange(16, 40), rc::gen::arbitrary<char>()));
  RC_ASSERT(s.entries.size() == n);
  for (size_t i = 0; i < n; ++i) {
    RC_ASSERT(VerifyEntrySignature(s.forms[i], s.entries[i], kOrigin, key.public_key()).ok());
  }
}

RC_GTEST_PROP(BatchSignatureProperties, AnyBitFlipFails, ()) {
  const size_t n = *rc::gen::inRange<size_t>(1, 20);
  std::vector<json::object> forms;
  for (size_t i = 0; i < n; ++i) forms.push_back(Form(static_cast<int>(i)));
  const ed25519::KeyPair key = KeyOf(3);
  Signed s = SignForms(forms, key);
  const size_t i = *rc::gen::inRange<size_t>(0, n);
  const size_t bit = *rc::gen::inRange<size_t>(0, 512);
  epcis::BatchSignature e = s.entries[i];
  json::object form = s.forms[i];
  std::string origin = kOrigin;
  switch (*rc::gen::inRange(0, 5)) {
    case 0: e.signature = FlipBit(e.signature, bit); break;
    case 1: e.nonce = FlipBit(e.nonce, bit); break;
    case 2:
      RC_PRE(!e.path.empty());
      e.path[bit % e.path.size()] = FlipBit(e.path[bit % e.path.size()], bit);
      break;
    case 3: {  // a bit of the public form's canonical text
      std::string jcs = *epcis::CanonicalJson(json::value(form));
      std::string flipped = jcs;
      flipped[(bit / 8) % jcs.size()] ^= static_cast<char>(1u << (bit % 8));
      boost::system::error_code ec;
      json::value v = json::parse(flipped, ec);
      RC_PRE(!ec && v.is_object());  // a flip that leaves JSON
      RC_PRE(*epcis::CanonicalJson(v) != jcs);
      form = v.get_object();
      break;
    }
    default: origin[(bit / 8) % origin.size()] ^= static_cast<char>(1u << (bit % 8)); break;
  }
  Status st = VerifyEntrySignature(form, e, origin, key.public_key());
  RC_ASSERT(!st.ok());
}

}  // namespace
}  // namespace orelog::batch
