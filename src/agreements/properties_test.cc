// Properties of the agreements fold: it is a function of the releases, a
// refused release changes nothing, an accepted one is reachable by the
// documented transitions only, a terminated agreement stays terminated, and
// every release Encode writes decodes to itself.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "agreements/register.h"
#include "agreements/release.h"
#include "agreements/testing_releases.h"

namespace orelog::agreements {
namespace {

struct Step {
  uint64_t index;
  Release release;
};

std::vector<Step> RandomSteps() {
  const int n = *rc::gen::inRange(0, 30);
  std::vector<Step> steps;
  uint64_t index = 0;
  for (int i = 0; i < n; ++i) {
    index += *rc::gen::inRange<uint64_t>(1, 3);
    Release r = testing::Mou("r" + std::to_string(*rc::gen::inRange(0, 25)),
                             static_cast<Tag>(*rc::gen::inRange(0, 4)),
                             "2025-0" + std::to_string(*rc::gen::inRange(1, 10)) + "-15");
    r.agreement = *rc::gen::element<std::string>("AGR-1", "AGR-2", "AGR-3");
    if (*rc::gen::inRange(0, 10) == 0) r.type = "offtake";
    if (*rc::gen::inRange(0, 10) == 0) r.value = std::to_string(index);
    steps.push_back({index, std::move(r)});
  }
  return steps;
}

RC_GTEST_PROP(AgreementsProperties, FoldIsDeterministicAndRefusalsChangeNothing, ()) {
  const std::vector<Step> steps = RandomSteps();
  Register a, b;
  for (const Step& s : steps) {
    const Register before = a;
    const Agreement* prev = a.Find(s.release.agreement);
    const std::optional<Tag> prev_tag = prev ? std::optional<Tag>(prev->current.tag) : std::nullopt;
    const Status st = a.ApplyRelease(s.index, s.release);
    RC_ASSERT(b.ApplyRelease(s.index, s.release).code() == st.code());
    if (!st.ok()) {
      RC_ASSERT(a == before);
      continue;
    }
    RC_ASSERT(TransitionAllowed(prev_tag, s.release.tag));
    RC_ASSERT(prev_tag != Tag::kTerminated);
    const Agreement* now = a.Find(s.release.agreement);
    RC_ASSERT(now->current == s.release);
    RC_ASSERT(now->history.back().index == s.index);
  }
  RC_ASSERT(a == b);
}

RC_GTEST_PROP(AgreementsProperties, EncodedReleasesDecodeToThemselves, ()) {
  for (const Step& s : RandomSteps()) {
    auto payload = EncodeRelease(s.release);
    RC_ASSERT(payload.ok());
    auto back = DecodeRelease(*payload);
    RC_ASSERT(back.ok());
    RC_ASSERT(*back == s.release);
  }
}

}  // namespace
}  // namespace orelog::agreements
