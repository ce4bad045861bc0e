// A minimal blocking HTTP/1.1 client (Boost.Beast) for the CLI's thin
// clients: plain http:// URLs only, one request per connection.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "orelog/status.h"

namespace orelog::cli {

struct HttpAnswer {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string Header(std::string_view name) const;
};

// `url` is http://HOST[:PORT][/PATH]; `target` (origin-form) is appended to
// its path. Errors: InvalidArgument for a bad URL, IOError for the network.
Result<HttpAnswer> HttpRequest(const std::string& method, const std::string& url, const std::string& target,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const std::string& body);

}  // namespace orelog::cli
