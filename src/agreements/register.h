// The agreements register: the fold, in log order, of the log's
// `agreement-release` entries (docs/participants.md §6). Anyone holding the
// log can recompute it; the repository's agreement_releases table is a cache
// of it (repo/agreement_store.h).
//
// Pure; not thread-safe. Apply has the strong guarantee: a refused release
// changes nothing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "agreements/types.h"
#include "orelog/status.h"

namespace orelog::agreements {

class Register {
 public:
  // Folds one release at log index `index` (indices strictly increasing).
  // Refusals:
  //   InvalidArgument     the payload breaks the format (agreements/release.h)
  //                       or `index` does not follow the last applied one;
  //   AlreadyExists       the release ID was used before;
  //   FailedPrecondition  a status transition docs/participants.md §6.1
  //                       does not allow (a first release that is amended or
  //                       terminated, anything after terminated, ...), a
  //                       changed `type`, or a date before the previous
  //                       release's.
  Status Apply(uint64_t index, const boost::json::object& payload);
  Status ApplyRelease(uint64_t index, const Release& release);

  // nullptr if unknown; valid until the next Apply.
  const Agreement* Find(std::string_view agreement) const;
  // Every agreement, ascending by ID.
  std::vector<const Agreement*> Agreements() const;
  bool empty() const { return agreements_.empty(); }
  std::optional<uint64_t> last_index() const { return last_index_; }

  bool operator==(const Register&) const = default;

 private:
  std::map<std::string, Agreement, std::less<>> agreements_;
  std::set<std::string, std::less<>> releases_;
  std::optional<uint64_t> last_index_;
};

// Whether a release tagged `next` may follow one tagged `previous`
// (nullopt: the first release of a process).
bool TransitionAllowed(std::optional<Tag> previous, Tag next);

}  // namespace orelog::agreements
