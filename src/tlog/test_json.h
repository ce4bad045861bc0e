// Helpers for the tlog tests that read the shared conformance JSON in place.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>

#include "testutil/shared_data.h"

namespace orelog::tlog::testing {

inline std::filesystem::path MerkleData() { return orelog::testing::SharedDir() / "conformance" / "merkle"; }

inline boost::json::value LoadJson(const std::filesystem::path& path) {
  std::string text = orelog::testing::ReadFileOrDie(path);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  EXPECT_FALSE(ec) << path << ": " << ec.message();
  return v;
}

inline std::string Str(const boost::json::value& v, const char* key) {
  return std::string(v.as_object().at(key).as_string());
}

// Finds the element of the "vectors" array whose "id" is `id`.
inline const boost::json::value& VectorById(const boost::json::value& doc, const std::string& id) {
  for (const auto& v : doc.at("vectors").as_array()) {
    if (v.as_object().at("id").as_string() == id) return v;
  }
  ADD_FAILURE() << "no vector " << id;
  static const boost::json::value kNull;
  return kNull;
}

}  // namespace orelog::tlog::testing
