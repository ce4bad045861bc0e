#include "tlog/proof_text.h"

#include "tlog/checkpoint.h"
#include "tlog/note.h"
#include "tlog/syntax.h"

namespace orelog::tlog {
namespace {

constexpr std::string_view kProofHeader = "c2sp.org/tlog-proof@v1";
constexpr std::string_view kExtraPrefix = "extra ";
constexpr std::string_view kIndexPrefix = "index ";
constexpr std::string_view kOldPrefix = "old ";

std::string LineName(size_t n) { return "line " + std::to_string(n); }

void AppendHashes(std::string& out, const std::vector<Hash>& proof) {
  for (const Hash& h : proof) out.append(Base64Encode(AsBytes(h))).append("\n");
}

// Reads hash lines until a blank line (consumed) or, if `until_blank` is
// false, until the end of the text.
Result<std::vector<Hash>> ReadHashes(syntax::LineReader& lines, bool until_blank, const std::string& what) {
  std::vector<Hash> proof;
  while (until_blank || !lines.done()) {
    Result<std::string_view> line = lines.Next(until_blank ? "hash or blank line" : "hash");
    if (!line.ok()) return line.status();
    if (line->empty()) {
      if (until_blank) return proof;
      return Status::Invalid(what + " " + LineName(lines.line_number()) + " is empty");
    }
    if (proof.size() == kMaxProofHashes) {
      return Status::Invalid(what + ": more than " + std::to_string(kMaxProofHashes) + " hashes");
    }
    ORELOG_ASSIGN_OR_RETURN(Hash h, syntax::ParseBase64Hash(*line, what + " " +
                                                                        LineName(lines.line_number())));
    proof.push_back(h);
  }
  return proof;
}

}  // namespace

std::string InclusionProofText::Format() const {
  std::string out(kProofHeader);
  out.push_back('\n');
  if (extra) out.append(kExtraPrefix).append(Base64Encode(*extra)).append("\n");
  out.append(kIndexPrefix).append(std::to_string(index)).append("\n");
  AppendHashes(out, proof);
  out.push_back('\n');
  out.append(checkpoint_note);
  return out;
}

Result<InclusionProofText> InclusionProofText::Parse(std::string_view text) {
  const std::string kWhat = "tlog-proof";
  if (text.size() > kMaxNoteSize + 8192) return Status::Invalid("tlog-proof is too large");
  syntax::LineReader lines(text, kWhat);
  Result<std::string_view> line = lines.Next("header");
  if (!line.ok()) return line.status();
  if (*line != kProofHeader) return Status::Invalid("tlog-proof line 1 is not c2sp.org/tlog-proof@v1");

  InclusionProofText out;
  line = lines.Next("extra or index");
  if (!line.ok()) return line.status();
  if (line->starts_with(kExtraPrefix)) {
    Result<Bytes> extra = syntax::ParseBase64(line->substr(kExtraPrefix.size()), "tlog-proof line 2 (extra)");
    if (!extra.ok()) return extra.status();
    out.extra = std::move(*extra);
    line = lines.Next("index");
    if (!line.ok()) return line.status();
  }
  std::string where = "tlog-proof " + LineName(lines.line_number()) + " (index)";
  if (!line->starts_with(kIndexPrefix)) return Status::Invalid(where + ": want \"index <n>\"");
  ORELOG_ASSIGN_OR_RETURN(out.index, syntax::ParseDecimal(line->substr(kIndexPrefix.size()),
                                                          syntax::kMaxUint63, where));
  ORELOG_ASSIGN_OR_RETURN(out.proof, ReadHashes(lines, /*until_blank=*/true, kWhat));

  std::string_view note = lines.rest();
  Result<Note> parsed = ParseNote(note);
  if (!parsed.ok()) return parsed.status().With("tlog-proof checkpoint");
  Result<Checkpoint> cp = ParseCheckpoint(parsed->text);
  if (!cp.ok()) return cp.status().With("tlog-proof");
  out.checkpoint_note = std::string(note);
  return out;
}

std::string ConsistencyProofText::Format() const {
  std::string out(kOldPrefix);
  out.append(std::to_string(old_size)).append("\n");
  AppendHashes(out, proof);
  return out;
}

Result<ConsistencyProofText> ConsistencyProofText::Parse(std::string_view text) {
  const std::string kWhat = "consistency proof";
  syntax::LineReader lines(text, kWhat);
  Result<std::string_view> line = lines.Next("old size");
  if (!line.ok()) return line.status();
  if (!line->starts_with(kOldPrefix)) return Status::Invalid("consistency proof line 1: want \"old <size>\"");
  ConsistencyProofText out;
  ORELOG_ASSIGN_OR_RETURN(out.old_size, syntax::ParseDecimal(line->substr(kOldPrefix.size()),
                                                             syntax::kMaxUint63,
                                                             "consistency proof line 1 (old size)"));
  ORELOG_ASSIGN_OR_RETURN(out.proof, ReadHashes(lines, /*until_blank=*/false, kWhat));
  return out;
}

}  // namespace orelog::tlog
