#include "epcis/validate_values.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "epcis/cbv_terms.h"
#include "epcis/civil_date.h"

namespace orelog::epcis {
namespace {

using civil::DaysFromCivil;
using civil::DaysInMonth;

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// unreserved / sub-delims / ":" / "@" / "/" / "?" (RFC 3986 pchar plus query chars).
bool IsUriChar(char c) {
  if (IsAlpha(c) || IsDigit(c)) return true;
  switch (c) {
    case '-': case '.': case '_': case '~':                                  // unreserved
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*':  // sub-delims
    case '+': case ',': case ';': case '=':
    case ':': case '@': case '/': case '?':
      return true;
    default:
      return false;
  }
}

// Reads exactly `n` ASCII digits at s[pos]; -1 if they are not all digits.
int Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

constexpr std::array<std::string_view, 3> kActions{"OBSERVE", "ADD", "DELETE"};
using cbv::kBizSteps;
using cbv::kBizTransactionTypes;
using cbv::kDispositions;
using cbv::kErrorReasons;
using cbv::kSourceDestTypes;
constexpr std::array<std::string_view, 72> kMeasurementTypes{
    "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity",
    "Altitude", "AmountOfSubstance", "AmountOfSubstancePerUnitVolume", "Angle",
    "AngularAcceleration", "AngularMomentum", "AngularVelocity", "Area", "Capacitance",
    "Conductance", "Conductivity", "Count", "Density", "Dimensionless", "DoseEquivalent",
    "DoseEquivalentRate", "DynamicViscosity", "ElectricCharge", "ElectricCurrent",
    "ElectricCurrentDensity", "ElectricFieldStrength", "Energy", "Exposure", "Force", "Frequency",
    "Illuminance", "Inductance", "Irradiance", "KinematicViscosity", "Length", "LinearMomentum",
    "Luminance", "LuminousFlux", "LuminousIntensity", "MagneticFlux", "MagneticFluxDensity",
    "MagneticVectorPotential", "Mass", "MassConcentration", "MassFlowRate", "MassPerAreaTime",
    "MemoryCapacity", "MolalityOfSolute", "MolarEnergy", "MolarMass", "MolarVolume", "Power",
    "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity", "Resistance",
    "Resistivity", "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension",
    "Temperature", "Time", "Torque", "Voltage", "Volume", "VolumeFlowRate", "VolumeFraction",
    "VolumetricFlux", "Wavenumber"};
constexpr std::array<std::string_view, 2> kSensorAlertTypes{"ALARM_CONDITION", "ERROR_CONDITION"};
constexpr std::array<std::string_view, 14> kComponents{
    "x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle",
    "elevation_angle", "easting", "northing", "latitude", "longitude", "altitude"};

template <size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Case-insensitive ASCII comparison with a lower-case literal.
bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// "http://" or "https://" followed by `rest`.
bool HttpPrefixed(std::string_view s, std::string_view rest) {
  if (s.starts_with("https://")) return s.substr(8).starts_with(rest);
  if (s.starts_with("http://")) return s.substr(7).starts_with(rest);
  return false;
}

}  // namespace

bool IsUriFormat(std::string_view s) {
  if (s.empty() || !IsAlpha(s[0])) return false;
  size_t i = 1;
  while (i < s.size() && (IsAlpha(s[i]) || IsDigit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) ++i;
  if (i == s.size() || s[i] != ':') return false;
  bool in_fragment = false;
  for (++i; i < s.size(); ++i) {
    const char c = s[i];
    if (IsUriChar(c)) continue;
    if (c == '%') {
      if (i + 2 >= s.size() || !IsHex(s[i + 1]) || !IsHex(s[i + 2])) return false;
      i += 2;
      continue;
    }
    if (c == '#' && !in_fragment) {
      in_fragment = true;
      continue;
    }
    return false;
  }
  return true;
}

bool IsDateTime(std::string_view s) {
  // YYYY-MM-DDThh:mm:ss[.f+](Z|±hh:mm), as NormalizeTimestamp reads it.
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') {
    return false;
  }
  const int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
  const int hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return false;
  }
  size_t pos = 19;
  int64_t millis = 0;
  if (s[pos] == '.') {
    const size_t start = ++pos;
    while (pos < s.size() && IsDigit(s[pos])) ++pos;
    const size_t n = pos - start;
    if (n == 0) return false;
    for (size_t i = 0; i < 3; ++i) millis = millis * 10 + (i < n ? s[start + i] - '0' : 0);
    if (n > 3 && s[start + 3] >= '5') ++millis;  // rounds half up, as the hash does
  }
  int offset = 0;
  if (pos + 1 == s.size() && s[pos] == 'Z') {
    offset = 0;
  } else {
    if (s.size() != pos + 6 || (s[pos] != '+' && s[pos] != '-') || s[pos + 3] != ':') return false;
    const int hh = Digits(s, pos + 1, 2), mm = Digits(s, pos + 4, 2);
    if (hh < 0 || mm < 0 || mm > 59 || hh * 60 + mm > 14 * 60) return false;
    offset = (s[pos] == '-' ? -1 : 1) * (hh * 60 + mm);
  }
  // The instant must stay within years 0001-9999 in UTC.
  const int64_t ms = ((DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second) -
                      int64_t{offset} * 60) * 1000 + millis;
  static const int64_t kMin = DaysFromCivil(1, 1, 1) * 86400000;
  static const int64_t kEnd = DaysFromCivil(10000, 1, 1) * 86400000;
  return ms >= kMin && ms < kEnd;
}

bool IsTimeZoneOffset(std::string_view s) {
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return false;
  const int hh = Digits(s, 1, 2), mm = Digits(s, 4, 2);
  if (hh < 0 || mm < 0) return false;
  return (hh <= 13 && mm <= 59) || (hh == 14 && mm == 0);
}

bool IsUom(std::string_view s) {
  return (s.size() == 2 || s.size() == 3) &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || IsDigit(c); });
}

bool IsVersion(std::string_view s) {
  bool need_digit = true;  // at the start and after each '.'
  for (char c : s) {
    if (IsDigit(c)) {
      need_digit = false;
    } else if (c == '.' && !need_digit) {
      need_digit = true;
    } else {
      return false;
    }
  }
  return !need_digit;
}

bool IsHexBinary(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsHex); }

bool IsTerm(Terms terms, std::string_view s) {
  switch (terms) {
    case Terms::kAction: return In(kActions, s);
    case Terms::kBizStep: return In(kBizSteps, s);
    case Terms::kDisposition: return In(kDispositions, s);
    case Terms::kBizTransactionType: return In(kBizTransactionTypes, s);
    case Terms::kSourceDestType: return In(kSourceDestTypes, s);
    case Terms::kErrorReason: return In(kErrorReasons, s);
    case Terms::kMeasurementType: return In(kMeasurementTypes, s);
    case Terms::kSensorAlertType: return In(kSensorAlertTypes, s);
    case Terms::kComponent: return In(kComponents, s);
  }
  return false;
}

bool IsVocabularyUri(Terms terms, std::string_view s) {
  if (!IsUriFormat(s)) return false;
  if (terms == Terms::kMeasurementType || terms == Terms::kSensorAlertType) {
    return !HttpPrefixed(s, "gs1.org/voc/") && !HttpPrefixed(s, "www.gs1.org/voc/");
  }
  return !s.starts_with("urn:epcglobal:cbv") && !HttpPrefixed(s, "ns.gs1.org/cbv/");
}

bool CuriePrefixDeclared(std::string_view s, const Namespaces& ns) {
  const size_t colon = s.find(':');
  if (colon == std::string_view::npos) return true;
  const std::string_view prefix = s.substr(0, colon);
  if (s.substr(colon + 1).starts_with("//")) return true;  // an absolute IRI with an authority
  if (ns.find(prefix) != ns.end()) return true;
  static constexpr std::string_view kSchemes[] = {"urn", "ni",   "geo",  "mailto", "tel",  "tag", "did",
                                                  "data", "uuid", "http", "https",  "file", "ftp"};
  return std::any_of(std::begin(kSchemes), std::end(kSchemes),
                     [&](std::string_view scheme) { return EqualsLower(prefix, scheme); });
}

}  // namespace orelog::epcis
