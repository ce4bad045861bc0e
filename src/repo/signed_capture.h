// Signed capture (docs/participants.md §4; wire shape: docs/api.md "Signed
// capture"): a participant sends an EPCIS document with, per event, the
// disclosures of its public form under the published policy, and its
// signature over the batch root of those public forms.
//
// The server never takes a public form from the client: it re-derives each
// one from the submitted event and disclosures (repo/prepare.h,
// PrepareContext::signed_disclosures), computes the batch root of the forms
// it derived, and only then checks the signature over that root. A request
// whose forms differ from the ones signed therefore fails the signature.
//
// MUST: a signed batch is stored all or nothing (rollback), in ONE commit
// with its `batch_nonces` row; the table's primary key refuses a nonce the
// participant used before even against a racing request.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "batch/batch_signature.h"
#include "epcis/disclosure.h"
#include "epcis/leaf.h"
#include "orelog/status.h"
#include "registry/registry.h"
#include "repo/prepare.h"
#include "store/log_store.h"

namespace orelog::repo {

// The request's media type on POST /capture.
inline constexpr char kSignedCaptureMediaType[] = "application/vnd.orelog.signed-capture+json";

// {"document": EPCISDocument, "disclosures": [[string...] per event of the
//  eventList, in order], "batchSignature": {"organisation", "keyId",
//  "nonce", "root", "signature"}}; no other member.
struct SignedCaptureRequest {
  boost::json::value document;
  std::vector<std::vector<std::string>> disclosures;
  batch::SignedRoot signature;
};

// Strict: InvalidArgument naming the member for anything else (duplicate
// members and the like are refused by the strict parser).
Result<SignedCaptureRequest> ParseSignedCapture(std::string_view body);

// The wire body (what `orelog capture --sign-key` sends).
std::string SignedCaptureBody(const boost::json::value& document,
                              const std::vector<std::vector<std::string>>& disclosures,
                              const batch::SignedRoot& signature);

// Client side (`orelog capture --sign-key`): prepares `document` (an
// EPCISDocument) for a signed capture and returns the wire body. Each event
// gets the document's @context if it has none and loses any recordTime
// (what the server stores must be what was signed); its public form is made
// with `policy` and fresh salts, the batch root over them is signed with
// `sign` for (origin, a fresh 128-bit nonce). `key_id` is the registry's ID
// of the signing key. InvalidArgument for a document without events or an
// event the policy refuses.
Result<std::string> MakeSignedCapture(const boost::json::value& document, const epcis::DisclosurePolicy& policy,
                                      const batch::Signer& sign, std::string_view organisation,
                                      std::string_view key_id, std::string_view origin);

// The signature checks against the registry and the log origin, for the
// public forms the server derived (in document order). Refusals, all
// VerificationFailed: the organisation is not `submitter` (the token's
// party), not registered or deregistered; the key is unknown, another
// participant's, or revoked; the batch root of `public_forms` is not the
// signed root (the forms the policy makes of these events with these
// disclosures are not the ones signed); the signature does not verify.
// InvalidArgument for malformed members. Returns each entry's
// BatchSignature.
Result<std::vector<epcis::BatchSignature>> CheckSignedBatch(std::span<const boost::json::object* const> public_forms,
                                                            const batch::SignedRoot& signed_root,
                                                            std::string_view origin,
                                                            const registry::Registry& registry,
                                                            std::string_view submitter);

// Whether `participant` used `nonce` in an earlier signed capture.
Result<bool> BatchNonceUsed(const std::filesystem::path& ledger_dir, std::string_view participant,
                            std::string_view nonce);

// The batch_nonces row recording the nonce (written in the entries' commit).
store::Row BatchNonceRow(std::string_view participant, std::string_view nonce, std::string_view job,
                         std::string_view received_at);

// Re-encodes the event's leaf with `signature` as its batchSignature.
// InvalidArgument if the leaf would exceed 65,535 bytes.
Status AttachBatchSignature(PreparedEvent& event, const epcis::BatchSignature& signature);

}  // namespace orelog::repo
