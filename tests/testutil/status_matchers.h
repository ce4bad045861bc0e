// Test-only: gtest assertions on Status and Result<T> that print the status
// on failure and check both the code and a fragment of the message (a failure
// must say what went wrong and where).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "orelog/status.h"

namespace orelog::testing {

inline ::testing::AssertionResult StatusIsOk(const Status& s) {
  if (s.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected OK, got " << s.ToString();
}
template <typename T>
::testing::AssertionResult StatusIsOk(const Result<T>& r) {
  return StatusIsOk(r.status());
}

inline ::testing::AssertionResult StatusIs(const Status& s, Code code, std::string_view fragment = "") {
  if (!s.ok() && s.code() == code && s.message().find(fragment) != std::string::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "expected " << CodeName(code) << " containing '" << fragment
                                       << "', got " << s.ToString();
}
template <typename T>
::testing::AssertionResult StatusIs(const Result<T>& r, Code code, std::string_view fragment = "") {
  if (r.ok()) {
    return ::testing::AssertionFailure() << "expected " << CodeName(code) << " containing '" << fragment
                                         << "', got a value";
  }
  return StatusIs(r.status(), code, fragment);
}

}  // namespace orelog::testing

#define ASSERT_OK(expr) ASSERT_TRUE(::orelog::testing::StatusIsOk(expr))
#define EXPECT_OK(expr) EXPECT_TRUE(::orelog::testing::StatusIsOk(expr))
