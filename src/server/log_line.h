// Structured logs: one JSON object per line on stderr, e.g.
//   {"time":"2026-12-01T06:00:00.123Z","level":"info","msg":"request","method":"GET",...}
// Field values are strings or numbers; lines never interleave.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace orelog::server {

using LogValue = std::variant<std::string_view, int64_t, double>;

void LogLine(std::string_view level, std::string_view msg,
             std::initializer_list<std::pair<std::string_view, LogValue>> fields = {});

// Turns request logging off (tests, benchmarks) or on.
void SetRequestLogging(bool on);
bool RequestLogging();

}  // namespace orelog::server
