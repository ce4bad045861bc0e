// Diagnosis of the proof read path (proof_bench diag): where the time of
// Ledger::InclusionProof goes, and what a changed read path would reach.
// Not a figure of the issue; see docs/performance.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace orelog::bench {

// Runs every variant, or only `only` if it is not empty.
void RunProofDiag(const std::filesystem::path& ledger_dir, uint64_t k, const std::string& only);

}  // namespace orelog::bench
