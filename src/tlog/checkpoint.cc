#include "tlog/checkpoint.h"

#include "base/bytes.h"
#include "tlog/syntax.h"

namespace orelog::tlog {
namespace {

static_assert(kMaxTreeSize == syntax::kMaxUint63);

// A line of the body: non-empty, no newline, note characters only.
Status CheckLine(std::string_view line, const std::string& what) {
  if (line.empty()) return Status::Invalid("checkpoint " + what + " is empty");
  if (line.find('\n') != std::string_view::npos) {
    return Status::Invalid("checkpoint " + what + " contains a newline");
  }
  return syntax::CheckNoteText(line, "checkpoint " + what);
}

}  // namespace

std::string Checkpoint::Marshal() const {
  std::string out;
  out.reserve(origin.size() + 70);
  out.append(origin).append("\n");
  out.append(std::to_string(size)).append("\n");
  out.append(Base64Encode(AsBytes(root))).append("\n");
  for (const std::string& ext : extensions) out.append(ext).append("\n");
  return out;
}

Status Checkpoint::Validate() const {
  ORELOG_RETURN_IF_ERROR(CheckLine(origin, "origin"));
  if (size > kMaxTreeSize) return Status::Invalid("checkpoint tree size exceeds 2^63-1");
  for (size_t i = 0; i < extensions.size(); ++i) {
    ORELOG_RETURN_IF_ERROR(CheckLine(extensions[i], "extension line " + std::to_string(i + 1)));
  }
  return Status::Ok();
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  ORELOG_RETURN_IF_ERROR(syntax::CheckNoteText(text, "checkpoint"));
  syntax::LineReader lines(text, "checkpoint");
  Checkpoint cp;
  Result<std::string_view> line = lines.Next("origin");
  if (!line.ok()) return line.status();
  if (line->empty()) return Status::Invalid("checkpoint line 1 (origin) is empty");
  cp.origin = std::string(*line);

  line = lines.Next("tree size");
  if (!line.ok()) return line.status();
  Result<uint64_t> size = syntax::ParseDecimal(*line, kMaxTreeSize, "checkpoint line 2 (tree size)");
  if (!size.ok()) return size.status();
  cp.size = *size;

  line = lines.Next("root hash");
  if (!line.ok()) return line.status();
  Result<Hash> root = syntax::ParseBase64Hash(*line, "checkpoint line 3 (root hash)");
  if (!root.ok()) return root.status();
  cp.root = *root;

  while (!lines.done()) {
    line = lines.Next("extension");
    if (!line.ok()) return line.status();
    if (line->empty()) {
      return Status::Invalid("checkpoint line " + std::to_string(lines.line_number()) +
                             " (extension) is empty; pass the note text, not the signed note");
    }
    cp.extensions.emplace_back(*line);
  }
  return cp;
}

}  // namespace orelog::tlog
