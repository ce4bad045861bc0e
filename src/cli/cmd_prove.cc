// prove inclusion, prove consistency, verify-proof.
#include <fmt/format.h>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/json_text.h"
#include "cli/proof_check.h"
#include "log/proofs.h"
#include "merkle/verify.h"
#include "orelog/ledger.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"
#include "tlog/proof_text.h"

namespace orelog::cli {
namespace {

struct SignedCheckpoint {
  std::string note;
  tlog::Checkpoint body;
};

// The latest published checkpoint of `size` (or the latest of all if unset).
Result<SignedCheckpoint> FindCheckpoint(store::LogReader& reader, std::optional<uint64_t> size) {
  ORELOG_ASSIGN_OR_RETURN(auto history, reader.CheckpointHistory());
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (size && it->first != *size) continue;
    ORELOG_ASSIGN_OR_RETURN(tlog::Note note, tlog::ParseNote(it->second));
    ORELOG_ASSIGN_OR_RETURN(tlog::Checkpoint cp, tlog::ParseCheckpoint(note.text));
    return SignedCheckpoint{it->second, std::move(cp)};
  }
  if (size) return Status::NotFound("no checkpoint was published for tree size " + std::to_string(*size));
  return Status::NotFound("no checkpoint has been published");
}

std::string JsonHashes(const std::vector<Hash>& hashes) {
  std::string out = "[";
  for (size_t i = 0; i < hashes.size(); ++i) out += (i ? ", " : "") + JsonString(Base64Encode(hashes[i]));
  return out + "]";
}

}  // namespace

int ProveInclusion(const Common& c, uint64_t index, std::optional<uint64_t> size) {
  auto reader = Ledger::OpenReader(c.dir);
  if (!reader.ok()) return Fail("prove inclusion", reader.status());
  auto cp = FindCheckpoint(**reader, size);
  if (!cp.ok()) return Fail("prove inclusion", cp.status());
  uint64_t tree_size = cp->body.size;
  if (index >= tree_size) {
    return Fail("prove inclusion", Status::Invalid(fmt::format("index {} is not in the tree of size {}", index, tree_size)));
  }
  merkle::Hasher hasher;
  auto proof = log::InclusionProof(**reader, hasher, index, tree_size);
  if (!proof.ok()) return Fail("prove inclusion", proof.status());
  // Check what we hand out: the entry, the proof and the signed root agree.
  auto entry = (*reader)->Entry(index);
  if (!entry.ok()) return Fail("prove inclusion", entry.status());
  Status ok = merkle::VerifyInclusion(hasher, index, tree_size, hasher.HashLeaf(*entry), *proof, cp->body.root);
  if (!ok.ok()) return Fail("prove inclusion", ok.With("self-check of the proof"));
  if (c.json) {
    fmt::print("{{\"index\": {}, \"tree_size\": {}, \"leaf_hash\": {}, \"proof\": {}, \"checkpoint\": {}}}\n", index,
               tree_size, JsonString(Base64Encode(hasher.HashLeaf(*entry))), JsonHashes(*proof), JsonString(cp->note));
  } else {
    tlog::InclusionProofText text{index, std::nullopt, *proof, cp->note};
    fmt::print("{}", text.Format());
  }
  return kExitOk;
}

int ProveConsistency(const Common& c, uint64_t size1, uint64_t size2) {
  auto reader = Ledger::OpenReader(c.dir);
  if (!reader.ok()) return Fail("prove consistency", reader.status());
  merkle::Hasher hasher;
  auto proof = log::ConsistencyProof(**reader, hasher, size1, size2);
  if (!proof.ok()) return Fail("prove consistency", proof.status());
  if (c.json) {
    fmt::print("{{\"old_size\": {}, \"new_size\": {}, \"proof\": {}}}\n", size1, size2, JsonHashes(*proof));
  } else {
    fmt::print("{}", tlog::ConsistencyProofText{size1, *proof}.Format());
  }
  return kExitOk;
}

int VerifyProof(const std::string& proof_file, const std::string& vkey_text, const std::string& entry_file, bool json) {
  const std::string cmd = "verify-proof";
  auto vkey = tlog::ParseVerifierKey(vkey_text);
  if (!vkey.ok()) return Fail(cmd, vkey.status().With("--vkey"));
  auto text = ReadFile(proof_file, 1 << 20);
  if (!text.ok()) return Fail(cmd, text.status());
  auto entry = ReadFile(entry_file, 65535);
  if (!entry.ok()) return Fail(cmd, entry.status());
  auto proof = tlog::InclusionProofText::Parse(*text);
  if (!proof.ok()) return Fail(cmd, proof.status().With(proof_file));
  auto cp = VerifyInclusionOffline(*proof, *vkey, AsBytes(*entry));
  if (!cp.ok()) return Fail(cmd, cp.status());
  if (json) {
    fmt::print("{{\"verified\": true, \"origin\": {}, \"index\": {}, \"tree_size\": {}}}\n", JsonString(cp->origin),
               proof->index, cp->size);
  } else {
    fmt::print("OK: entry {} is in {} at tree size {} (checkpoint signed by {})\n", proof->index, cp->origin, cp->size,
               vkey->name);
  }
  return kExitOk;
}

}  // namespace orelog::cli
