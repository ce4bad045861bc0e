// Test-only: sample agreement releases.
#pragma once

#include <string>

#include "agreements/types.h"

namespace orelog::agreements::testing {

inline constexpr char kUssm[] = "urn:epc:id:pgln:0614141.00010";
inline constexpr char kFwo[] = "urn:epc:id:pgln:0614141.00020";
inline const std::string kHashA(64, 'a');

inline Release Mou(std::string release = "AGR-1-r1", Tag tag = Tag::kSigned, std::string date = "2025-09-08") {
  Release r;
  r.agreement = "AGR-1";
  r.release = std::move(release);
  r.date = std::move(date);
  r.tag = tag;
  r.type = "mou";
  r.title = "Memorandum of understanding (illustrative)";
  r.parties = {{kUssm, {"buyer", "signatory"}}, {kFwo, {"seller", "signatory"}}};
  r.minerals = {"Cu", "REE", "Sb"};
  r.scope = "exports of concentrates";
  r.value = "~US$500 M (reported)";
  r.documents = {{"MoU full text", false, kHashA}};
  return r;
}

}  // namespace orelog::agreements::testing
