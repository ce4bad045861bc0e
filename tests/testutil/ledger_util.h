// Test-only helpers for tests that drive a whole ledger (log_test and
// integration_test): checkpoint verification and entry bookkeeping.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "base/file.h"
#include "orelog/ledger.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"

namespace orelog::testing {

// Opens a signed checkpoint note with the ledger's vkey and parses its body.
inline Result<tlog::Checkpoint> VerifiedCheckpoint(const std::string& note, const std::string& vkey_text) {
  ORELOG_ASSIGN_OR_RETURN(tlog::VerifierKey vkey, tlog::ParseVerifierKey(vkey_text));
  const tlog::VerifierKey verifiers[] = {vkey};
  ORELOG_ASSIGN_OR_RETURN(tlog::OpenedNote opened, tlog::OpenNote(note, verifiers));
  return tlog::ParseCheckpoint(opened.text);
}

// The signing key of the ledger in `dir`, parsed.
inline Result<tlog::SignerKey> LedgerSigningKey(const std::filesystem::path& dir) {
  ORELOG_ASSIGN_OR_RETURN(std::string text, ReadFile(dir / Ledger::kKeyFile));
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return tlog::SignerKey::Parse(text);
}

// A checkpoint note for (origin, size, root) signed by `key`.
inline std::string SignCheckpoint(const tlog::SignerKey& key, const std::string& origin, uint64_t size,
                                  const Hash& root) {
  tlog::Checkpoint cp{origin, size, root, {}};
  const tlog::SignerKey* signers[] = {&key};
  Result<std::string> note = tlog::SignNote(cp.Marshal(), signers);
  EXPECT_TRUE(note.ok()) << note.status().ToString();
  return note.ok() ? *note : "";
}

}  // namespace orelog::testing
