// Strict reading of a JSON object's members, for the payloads of orelog's
// own entry types (registry entries, agreement releases): each member is
// read once by name and must have its type; Finish() refuses any member
// nobody read. Errors name the member (with the reader's prefix, e.g.
// "beneficialOwners.declared"). Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "orelog/status.h"

namespace orelog::epcis {

// InvalidArgument: "\"<member>\" <what>".
Status MemberError(std::string_view member, std::string_view what);

class MemberReader {
 public:
  explicit MemberReader(const boost::json::object& o, std::string prefix = "") : o_(o), prefix_(std::move(prefix)) {}

  // The member (any type); InvalidArgument if missing.
  Result<const boost::json::value*> Get(std::string_view name);
  Result<std::string> String(std::string_view name);
  Result<bool> Bool(std::string_view name);
  Result<std::vector<std::string>> Strings(std::string_view name);
  Result<const boost::json::array*> Array(std::string_view name);
  Result<const boost::json::object*> Object(std::string_view name);
  // InvalidArgument naming the first member that was not read.
  Status Finish() const;

 private:
  const boost::json::object& o_;
  std::string prefix_;
  std::vector<std::string> read_;
};

}  // namespace orelog::epcis
