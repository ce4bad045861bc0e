// Minimal JSON text helpers for --json output.
#pragma once

#include <string>
#include <string_view>

namespace orelog::cli {

// A JSON string literal (quoted, escaped) for UTF-8 text.
std::string JsonString(std::string_view s);

}  // namespace orelog::cli
