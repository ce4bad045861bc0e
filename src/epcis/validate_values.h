// Scalar value rules of EPCIS 2.0 validation (docs/validation.md): the JSON
// Schema's "uri" and "date-time" formats as orelog checks them, its string
// patterns, the CBV 2.0 enumerations, and the CURIE prefix rule.
//
// Pure functions; no I/O, no allocation.
#pragma once

#include <string_view>

#include "epcis/vocabulary.h"

namespace orelog::epcis {

// The "uri" format (RFC 3986 URI, not URI-reference, not IRI):
//   scheme ":" rest [ "#" fragment ]
//   scheme   = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
//   rest, fragment = *( unreserved / sub-delims / ":" / "@" / "/" / "?" / pct-encoded )
// The authority and path structure is not parsed further: "ex:field",
// "urn:epc:id:sgtin:0614141.107346.2017" and "https://id.gs1.org/01/..." all
// pass; spaces, non-ASCII, '[' ']' (IP literals), '{', '"', '\\', a second '#'
// and bad %-escapes fail. tests/schema_oracle.py defines the same check.
bool IsUriFormat(std::string_view s);

// "date-time": RFC 3339 date-time that is also a real instant, i.e. exactly
// what NormalizeTimestamp (timestamp.h) accepts: upper-case 'T' and 'Z',
// offsets up to ±14:00, seconds 00-59, years 0001-9999 before and after
// conversion to UTC. Stricter than RFC 3339 (see docs/validation.md).
bool IsDateTime(std::string_view s);

// eventTimeZoneOffset: ^([+]|[-])((0[0-9]|1[0-3]):([0-5][0-9])|14:00)$
bool IsTimeZoneOffset(std::string_view s);
// quantityElement uom: ^[A-Z0-9]{2,3}$
bool IsUom(std::string_view s);
// schemaVersion: ^\d+(\.\d+)*$ (ASCII digits)
bool IsVersion(std::string_view s);
// hexBinaryValue: ^[A-Fa-f0-9]+$
bool IsHexBinary(std::string_view s);

// Enumerations of the schema (bare words).
enum class Terms {
  kAction,            // OBSERVE ADD DELETE
  kBizStep,           // 41 CBV 2.0 business steps
  kDisposition,       // 33 CBV 2.0 dispositions
  kBizTransactionType,
  kSourceDestType,
  kErrorReason,
  kMeasurementType,   // 72 gs1: measurement types
  kSensorAlertType,   // ALARM_CONDITION ERROR_CONDITION
  kComponent,
};
bool IsTerm(Terms terms, std::string_view s);

// The URI alternative of a vocabulary field: "vocab-other-uri" (a URI not
// under urn:epcglobal:cbv or http(s)://ns.gs1.org/cbv/) for most vocabularies,
// "vocab-nonGS1WebVoc-uri" (not under http(s)://(www.)gs1.org/voc/) for
// measurement and sensor alert types.
bool IsVocabularyUri(Terms terms, std::string_view s);

// Semantic rule: a "prefix:local" value or member name is a CURIE unless
// `local` starts with "//" or `prefix` is a registered URI scheme that is
// used without "//" (urn, ni, geo, mailto, tel, tag, did, data, uuid, http,
// https, file, ftp; case-insensitive). A CURIE's prefix must be declared in
// `ns`. True for strings without ':' (nothing to check).
bool CuriePrefixDeclared(std::string_view s, const Namespaces& ns);

}  // namespace orelog::epcis
