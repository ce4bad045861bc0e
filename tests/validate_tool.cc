// Test-only: validates JSON files with orelog's EPCIS validator and prints one
// line per file, for tests/schema_oracle.py:
//   VALID<TAB>path
//   INVALID<TAB>path<TAB>pointer<TAB>message
//   UNPARSED<TAB>path<TAB>reason        (not JSON, or not an object)
// Usage: validate_tool FILE...   or   validate_tool @LIST (one path per line)
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "epcis/validate.h"

namespace {

void ValidateFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    std::cout << "UNPARSED\t" << path << "\tcannot read\n";
    return;
  }
  boost::json::parse_options options;
  options.max_depth = 4 * orelog::epcis::kMaxNesting;  // the validator reports nesting, not the parser
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(text.str(), ec, {}, options);
  if (ec || !doc.is_object()) {
    std::cout << "UNPARSED\t" << path << "\t" << (ec ? ec.message() : "not an object") << "\n";
    return;
  }
  auto violations = orelog::epcis::ValidateDocument(doc.get_object());
  if (violations.empty()) {
    std::cout << "VALID\t" << path << "\n";
  } else {
    std::cout << "INVALID\t" << path << "\t" << violations[0].pointer << "\t" << violations[0].message << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!arg.empty() && arg[0] == '@') {
      std::ifstream list(arg.substr(1));
      for (std::string line; std::getline(list, line);) {
        if (!line.empty()) ValidateFile(line);
      }
    } else {
      ValidateFile(arg);
    }
  }
  return 0;
}
