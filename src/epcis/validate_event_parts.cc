#include "epcis/validate_event_parts.h"

#include <initializer_list>

#include <boost/json.hpp>

namespace orelog::epcis::validate_internal {
namespace json = boost::json;

namespace {

// What a structure says about members it does not define.
enum class Others {
  kClosed,      // additionalProperties: false
  kExtensions,  // propertyNames: a URI/CURIE (extension members)
  kFree,        // no rule in the schema (names with ':' still need declared prefixes)
};

// Walks the members of `obj`: defined ones go to check(index in `names`,
// value, path); the others follow `others`.
template <typename Check>
bool Members(Checker& c, const json::object& obj, const Path& at, std::initializer_list<std::string_view> names,
             Others others, std::string_view what, Check&& check) {
  for (const auto& member : obj) {
    const Path p = at.Member(member.key());
    size_t index = 0;
    for (std::string_view name : names) {
      if (name == member.key()) break;
      ++index;
    }
    if (index < names.size()) {
      if (!check(index, member.value(), p)) return false;
      continue;
    }
    switch (others) {
      case Others::kClosed:
        return c.Fail(p, "member \"" + std::string(member.key()) + "\" is not allowed in " + std::string(what));
      case Others::kExtensions:
        if (!c.ExtensionName(member.key(), p)) {
          c.violation()->message += " in " + std::string(what);
          return false;
        }
        break;
      case Others::kFree:
        if (!c.FreeMember(member.key(), member.value(), p)) return false;
        continue;
    }
    if (!c.ExtensionValue(member.value(), p)) return false;
  }
  return true;
}

bool Object(Checker& c, const json::value& v, const Path& at, std::string_view what) {
  if (v.is_object()) return true;
  return c.Fail(at, std::string(what) + " must be an object, not " + KindName(v));
}

bool Array(Checker& c, const json::value& v, const Path& at, std::string_view what, size_t min_items) {
  if (!v.is_array()) return c.Fail(at, std::string(what) + " must be an array, not " + KindName(v));
  if (v.get_array().size() < min_items) {
    return c.Fail(at, std::string(what) + " must have at least " + std::to_string(min_items) + " element(s)");
  }
  return true;
}

// Every element of an array through `item`.
template <typename Item>
bool Each(const json::value& v, const Path& at, Item&& item) {
  const json::array& a = v.get_array();
  for (size_t i = 0; i < a.size(); ++i) {
    if (!item(a[i], at.Item(i))) return false;
  }
  return true;
}

bool QuantityElement(Checker& c, const json::value& v, const Path& at) {
  if (!Object(c, v, at, "a quantity element")) return false;
  const json::object& q = v.get_object();
  if (!c.Require(q, at, "epcClass")) return false;
  return Members(c, q, at, {"epcClass", "quantity", "uom"}, Others::kClosed, "a quantity element",
                 [&](size_t i, const json::value& x, const Path& p) {
                   switch (i) {
                     case 0: return c.Uri(x, p, Id::kGs1);
                     case 1: return c.Number(x, p);
                     default:
                       if (!c.String(x, p)) return false;
                       return IsUom(x.get_string()) ||
                              c.Fail(p, "uom must be a UN/ECE Rec 20 code of 2 or 3 characters A-Z 0-9");
                   }
                 });
}

bool SensorMetadata(Checker& c, const json::value& v, const Path& at) {
  if (!Object(c, v, at, "sensorMetadata")) return false;
  return Members(c, v.get_object(), at,
                 {"time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod",
                  "bizRules"},
                 Others::kExtensions, "sensorMetadata", [&](size_t i, const json::value& x, const Path& p) {
                   return i < 3 ? c.Time(x, p) : c.Uri(x, p, i == 3 ? Id::kGs1 : Id::kPlain);
                 });
}

bool SensorReport(Checker& c, const json::value& v, const Path& at) {
  if (!Object(c, v, at, "a sensorReport")) return false;
  const json::object& r = v.get_object();
  if (!c.Require(r, at, "type")) return false;
  enum : size_t {
    kType, kException, kDeviceId, kDeviceMetadata, kRawData, kDataProcessingMethod, kBizRules, kMicroorganism,
    kChemicalSubstance, kCoordinateReferenceSystem, kUriValue,  // URIs up to here (after the first two)
    kTime, kComponent, kStringValue, kBooleanValue, kHexBinaryValue, kUom,
    kValue, kMinValue, kMaxValue, kMeanValue, kSDev, kPercRank, kPercValue,  // numbers
  };
  return Members(c, r, at,
                 {"type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules",
                  "microorganism", "chemicalSubstance", "coordinateReferenceSystem", "uriValue", "time",
                  "component", "stringValue", "booleanValue", "hexBinaryValue", "uom", "value", "minValue",
                  "maxValue", "meanValue", "sDev", "percRank", "percValue"},
                 Others::kExtensions, "a sensorReport", [&](size_t i, const json::value& x, const Path& p) {
                   switch (i) {
                     case kType: return c.Vocabulary(x, p, Terms::kMeasurementType);
                     case kException: return c.Vocabulary(x, p, Terms::kSensorAlertType);
                     case kTime: return c.Time(x, p);
                     case kComponent: return c.Vocabulary(x, p, Terms::kComponent);
                     case kStringValue:
                     case kUom: return c.String(x, p);
                     case kBooleanValue:
                       return x.is_bool() || c.Fail(p, std::string("must be a boolean, not ") + KindName(x));
                     case kHexBinaryValue:
                       if (!c.String(x, p)) return false;
                       return IsHexBinary(x.get_string()) || c.Fail(p, "hexBinaryValue must be hex digits");
                     default:
                       if (i >= kValue) return c.Number(x, p);
                       return c.Uri(x, p, i == kDeviceId ? Id::kGs1 : Id::kPlain);
                   }
                 });
}

bool SensorElement(Checker& c, const json::value& v, const Path& at) {
  if (!Object(c, v, at, "a sensorElement")) return false;
  const json::object& s = v.get_object();
  if (!c.Require(s, at, "sensorReport")) return false;
  return Members(c, s, at, {"sensorMetadata", "sensorReport"}, Others::kExtensions, "a sensorElement",
                 [&](size_t i, const json::value& x, const Path& p) {
                   if (i == 0) return SensorMetadata(c, x, p);
                   return Array(c, x, p, "sensorReport", 1) &&
                          Each(x, p, [&](const json::value& r, const Path& rp) { return SensorReport(c, r, rp); });
                 });
}

bool Dispositions(Checker& c, const json::value& v, const Path& at, std::string_view what) {
  if (!Array(c, v, at, what, 1)) return false;
  return Each(v, at, [&](const json::value& d, const Path& p) { return c.Vocabulary(d, p, Terms::kDisposition); }) &&
         c.Unique(v.get_array(), at);
}

}  // namespace

bool QuantityList(Checker& c, const json::value& v, const Path& at) {
  return Array(c, v, at, "a quantity list", 0) &&
         Each(v, at, [&](const json::value& q, const Path& p) { return QuantityElement(c, q, p); });
}

bool BizTransactionList(Checker& c, const json::value& v, const Path& at, size_t min_items) {
  if (!Array(c, v, at, "bizTransactionList", min_items)) return false;
  return Each(v, at, [&](const json::value& t, const Path& p) {
    if (!Object(c, t, p, "a bizTransaction")) return false;
    if (!c.Require(t.get_object(), p, "bizTransaction")) return false;
    return Members(c, t.get_object(), p, {"type", "bizTransaction"}, Others::kClosed, "a bizTransaction",
                   [&](size_t i, const json::value& x, const Path& xp) {
                     return i == 0 ? c.Vocabulary(x, xp, Terms::kBizTransactionType) : c.Uri(x, xp, Id::kGs1);
                   });
  });
}

bool SourceDestList(Checker& c, const json::value& v, const Path& at, std::string_view role) {
  const std::string what = "a " + std::string(role);
  if (!Array(c, v, at, std::string(role) + "List", 0)) return false;
  return Each(v, at, [&](const json::value& s, const Path& p) {
    if (!Object(c, s, p, what)) return false;
    if (!c.Require(s.get_object(), p, "type") || !c.Require(s.get_object(), p, role)) return false;
    return Members(c, s.get_object(), p, {"type", role}, Others::kClosed, what,
                   [&](size_t i, const json::value& x, const Path& xp) {
                     return i == 0 ? c.Vocabulary(x, xp, Terms::kSourceDestType) : c.Uri(x, xp, Id::kGs1);
                   });
  });
}

bool PersistentDisposition(Checker& c, const json::value& v, const Path& at) {
  if (!Object(c, v, at, "persistentDisposition")) return false;
  const json::object& pd = v.get_object();
  if (!Members(c, pd, at, {"set", "unset"}, Others::kClosed, "persistentDisposition",
               [&](size_t i, const json::value& x, const Path& p) {
                 return Dispositions(c, x, p, i == 0 ? "persistentDisposition.set" : "persistentDisposition.unset");
               })) {
    return false;
  }
  if (pd.contains("set") || pd.contains("unset")) return true;
  return c.Fail(at.Member("set"), "persistentDisposition needs set or unset");
}

bool Point(Checker& c, const json::value& v, const Path& at) {
  if (!Object(c, v, at, "a location")) return false;
  if (!c.Require(v.get_object(), at, "id")) return false;
  return Members(c, v.get_object(), at, {"id"}, Others::kFree, "a location",
                 [&](size_t, const json::value& x, const Path& p) { return c.Uri(x, p, Id::kGs1); });
}

bool SensorElementList(Checker& c, const json::value& v, const Path& at) {
  return Array(c, v, at, "sensorElementList", 0) &&
         Each(v, at, [&](const json::value& s, const Path& p) { return SensorElement(c, s, p); });
}

bool ErrorDeclaration(Checker& c, const json::value& v, const Path& at) {
  if (!Object(c, v, at, "errorDeclaration")) return false;
  if (!c.Require(v.get_object(), at, "declarationTime")) return false;
  return Members(c, v.get_object(), at, {"declarationTime", "reason", "correctiveEventIDs"}, Others::kExtensions,
                 "errorDeclaration", [&](size_t i, const json::value& x, const Path& p) {
                   switch (i) {
                     case 0: return c.Time(x, p);
                     case 1: return c.Vocabulary(x, p, Terms::kErrorReason);
                     default: return c.UriList(x, p, false);
                   }
                 });
}

bool Ilmd(Checker& c, const json::value& v, const Path& at) {
  if (!Object(c, v, at, "ilmd")) return false;
  return Members(c, v.get_object(), at, {}, Others::kExtensions, "ilmd",
                 [](size_t, const json::value&, const Path&) { return true; });
}

}  // namespace orelog::epcis::validate_internal
