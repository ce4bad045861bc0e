// Internal to the EPCIS validator: the structured members of an event
// (schema definitions quantityElement, bizTransaction, source, destination,
// persistentDisposition, readPoint/bizLocation, sensorElement, errorDeclaration,
// ilmd). Each returns false after recording a violation in the Checker.
#pragma once

#include <string_view>

#include <boost/json/fwd.hpp>

#include "epcis/validate_checker.h"

namespace orelog::epcis::validate_internal {

bool QuantityList(Checker& c, const boost::json::value& v, const Path& at);
bool BizTransactionList(Checker& c, const boost::json::value& v, const Path& at, size_t min_items);
// `role` is "source" or "destination".
bool SourceDestList(Checker& c, const boost::json::value& v, const Path& at, std::string_view role);
bool PersistentDisposition(Checker& c, const boost::json::value& v, const Path& at);
bool Point(Checker& c, const boost::json::value& v, const Path& at);  // readPoint, bizLocation
bool SensorElementList(Checker& c, const boost::json::value& v, const Path& at);
bool ErrorDeclaration(Checker& c, const boost::json::value& v, const Path& at);
bool Ilmd(Checker& c, const boost::json::value& v, const Path& at);

}  // namespace orelog::epcis::validate_internal
