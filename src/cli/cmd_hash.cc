// hash: the CBV 2.0 event hash of every event in an EPCIS JSON(-LD) file.
#include <fmt/format.h>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/json_text.h"
#include "epcis/event_hash.h"

namespace orelog::cli {

int HashEvents(const std::string& file, bool python_order, bool json) {
  const std::string cmd = "hash";
  auto text = ReadFile(file, size_t{64} << 20);
  if (!text.ok()) return Fail(cmd, text.status());
  auto events = epcis::HashEventsInJson(
      *text, python_order ? epcis::HashOptions::kPythonReference : epcis::HashOptions::kDocumented);
  if (!events.ok()) return Fail(cmd, events.status().With(file));
  if (json) {
    fmt::print("[");
    for (size_t i = 0; i < events->size(); ++i) {
      const auto& e = (*events)[i];
      fmt::print("{}\n  {{\"index\": {}, \"hash\": {}, \"pre_hash\": {}}}", i == 0 ? "" : ",", i,
                 JsonString(e.hash), JsonString(e.pre_hash));
    }
    fmt::print("{}]\n", events->empty() ? "" : "\n");
  } else {
    for (const auto& e : *events) fmt::print("{}\n{}\n", e.pre_hash, e.hash);
  }
  return kExitOk;
}

}  // namespace orelog::cli
