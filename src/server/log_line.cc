#include "server/log_line.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include <fmt/format.h>

#include "repo/capture.h"
#include "server/problem.h"

namespace orelog::server {
namespace {
std::mutex g_log_mu;
std::atomic<bool> g_request_logging{true};
}  // namespace

void SetRequestLogging(bool on) { g_request_logging.store(on); }
bool RequestLogging() { return g_request_logging.load(); }

void LogLine(std::string_view level, std::string_view msg,
             std::initializer_list<std::pair<std::string_view, LogValue>> fields) {
  std::string line = "{\"time\":\"" + repo::UtcNowMillis() + "\",\"level\":" + JsonString(level) +
                     ",\"msg\":" + JsonString(msg);
  for (const auto& [key, value] : fields) {
    line += ",";
    line += JsonString(key);
    line += ":";
    if (auto* s = std::get_if<std::string_view>(&value)) line += JsonString(*s);
    else if (auto* i = std::get_if<int64_t>(&value)) line += std::to_string(*i);
    else line += fmt::format("{}", std::get<double>(value));
  }
  line += "}\n";
  std::lock_guard lk(g_log_mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace orelog::server
