// Shared CLI plumbing: error reporting, exit codes, progress, JSON strings.
#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/json_text.h"
#include "tlog/syntax.h"

namespace orelog::cli {

int Fail(const std::string& command, const Status& status) {
  std::fprintf(stderr, "orelog %s: %s\n", command.c_str(), status.ToString().c_str());
  switch (status.code()) {
    case Code::kVerificationFailed:
    case Code::kCorruption:
      return kExitVerifyFailed;
    case Code::kInvalidArgument:
      return kExitUsage;
    default:
      return kExitError;
  }
}

std::function<void(uint64_t, uint64_t)> TerminalProgress(const std::string& label) {
  if (!::isatty(STDERR_FILENO)) return {};
  return [label](uint64_t done, uint64_t total) {
    double pct = total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
    std::fprintf(stderr, "\r%s: %llu/%llu (%.0f%%)%s", label.c_str(), static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total), pct, done >= total ? "\n" : "");
    std::fflush(stderr);
  };
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (size_t pos = 0; pos < s.size();) {
    size_t start = pos;
    char32_t cp = 0;
    if (!tlog::syntax::NextCodePoint(s, &pos, &cp)) {
      out += "\\ufffd";  // JSON text must be UTF-8: mark a stray byte (e.g. of a path)
      pos = start + 1;
      continue;
    }
    if (pos - start > 1) {
      out.append(s.substr(start, pos - start));
      continue;
    }
    char ch = s[start];
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

}  // namespace orelog::cli
