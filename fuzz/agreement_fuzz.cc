// Fuzzes the agreement-release payload (agreements/release.h) and the
// register fold (agreements/register.h) on arbitrary JSON text.
//
// Invariants checked (abort on violation):
//  * nothing crashes or throws, whatever the input;
//  * a payload that decodes re-encodes to a release that decodes equal;
//  * Register::Apply leaves the state unchanged when it refuses, and an
//    accepted release follows a transition TransitionAllowed allows.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "agreements/register.h"
#include "agreements/release.h"
#include "epcis/canonical_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace orelog::agreements;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = orelog::epcis::ParseJson(text);
  if (!v.ok() || !v->is_object()) return 0;
  const boost::json::object& o = v->get_object();
  auto r = DecodeRelease(o);
  if (r.ok()) {
    auto again = EncodeRelease(*r);
    auto back = again.ok() ? DecodeRelease(*again) : again.status();
    if (!back.ok() || *back != *r) std::abort();
  }
  // A register where the payload's agreement may already exist (signed).
  Register reg;
  if (r.ok()) {
    Release seed = *r;
    seed.release = "seed";
    seed.tag = Tag::kSigned;
    seed.date = "2000-01-01";
    (void)reg.ApplyRelease(0, seed);
  }
  const Register before = reg;
  const Agreement* prev = reg.Find(r.ok() ? r->agreement : "");
  const std::optional<Tag> prev_tag = prev ? std::optional<Tag>(prev->current.tag) : std::nullopt;
  if (!reg.Apply(1, o).ok()) {
    if (!(reg == before)) std::abort();
  } else if (!TransitionAllowed(prev_tag, r->tag)) {
    std::abort();
  }
  return 0;
}
