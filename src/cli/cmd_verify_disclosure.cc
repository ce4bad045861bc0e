// verify-disclosure: checks salted disclosures against the public form in a
// log entry (docs/leaf-format.md), offline.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/json_text.h"
#include "epcis/disclosure.h"
#include "epcis/leaf.h"

namespace orelog::cli {

int VerifyDisclosures(const std::string& leaf_file, const std::vector<std::string>& disclosures, bool json) {
  const std::string cmd = "verify-disclosure";
  auto bytes = ReadFile(leaf_file, epcis::kMaxLeafBytes + 1);
  if (!bytes.ok()) return Fail(cmd, bytes.status());
  auto leaf = epcis::DecodeLeaf(*bytes);
  if (!leaf.ok()) return Fail(cmd, leaf.status().With(leaf_file));
  std::string out = "[";
  for (size_t i = 0; i < disclosures.size(); ++i) {
    Status st = epcis::VerifyDisclosure(leaf->payload, disclosures[i]);
    if (!st.ok()) return Fail(cmd, st.With("disclosure " + std::to_string(i + 1)));
    auto d = epcis::DecodeDisclosure(disclosures[i]);
    if (!d.ok()) return Fail(cmd, d.status().With("disclosure " + std::to_string(i + 1)));
    std::string value = boost::json::serialize(d->value);
    if (json) {
      out += (i ? ", " : "") + std::string("{\"name\": ") + JsonString(d->name) + ", \"value\": " + value + "}";
    } else {
      fmt::print("OK: {} = {} is disclosed by entry {} ({})\n", d->name, value, leaf->public_id, leaf_file);
    }
  }
  if (json) fmt::print("{{\"verified\": {}}}\n", out + "]");
  return kExitOk;
}

}  // namespace orelog::cli
