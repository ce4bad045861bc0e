// verify-passport: a provenance passport checked offline (docs/passport-format.md).
#include <fmt/format.h>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/json_text.h"
#include "passport/passport.h"
#include "tlog/note.h"

namespace orelog::cli {

int VerifyPassport(const std::string& file, const std::string& vkey_text, bool json) {
  auto vkey = tlog::ParseVerifierKey(vkey_text);
  if (!vkey.ok()) return Fail("verify-passport", vkey.status());
  auto text = ReadFile(file, passport::kMaxLeaves * size_t{80'000});
  if (!text.ok()) return Fail("verify-passport", text.status());
  auto verified = passport::Verify(*text, *vkey);
  if (!verified.ok()) return Fail("verify-passport", verified.status());
  if (json) {
    fmt::print("{{\"lot\": {}, \"version\": {}, \"treeSize\": {}, \"leaves\": {}, \"disclosures\": {}, \"flags\": {}, \"ok\": true}}\n",
               JsonString(verified->lot), verified->version, verified->tree_size, verified->leaves, verified->disclosures,
               verified->flags);
  } else {
    fmt::print("passport OK (version {}): lot {}\n", verified->version, verified->lot);
    fmt::print("  signature and checkpoint (tree size {}) verified with {}\n", verified->tree_size, vkey->name);
    fmt::print("  {} leaves included, {} disclosures checked, every figure recomputed from the leaves, "
               "{} flags with embedded evidence\n",
               verified->leaves, verified->disclosures, verified->flags);
  }
  return kExitOk;
}

}  // namespace orelog::cli
