// GS1 identification keys for the CBV 2.0 event hash (CBV 2.0 §8.9):
// EPC URNs (TDS 2.x pure identities, classes and id patterns) and GS1
// Digital Link URIs are both rewritten to one canonical Digital Link on
// https://id.gs1.org, so that two spellings of one object hash alike.
//
// Pure functions; no I/O. The Append* forms write into the caller's buffer
// (its contents are unspecified after an error) and allocate only to
// percent-decode values that contain escapes.
#pragma once

#include <string>
#include <string_view>

#include "orelog/status.h"

namespace orelog::epcis {

// The GS1 mod-10 check digit ('0'..'9') of `digits` (the key without its
// check digit; weights 3,1,3,... from the right). Precondition: digits only.
char Gs1CheckDigit(std::string_view digits);

// Percent-encodes a GS1 serial/lot/attribute value for a Digital Link path
// segment: A-Z a-z 0-9 - . _ ~ and ' stay, every other byte is %XX (upper
// hex). This matches the reference vectors (e.g. "!" -> "%21", "'" kept).
std::string DigitalLinkEncode(std::string_view raw);
void AppendDigitalLinkEncoded(std::string_view raw, std::string& out);

// Decodes %XX escapes; InvalidArgument on a malformed escape.
Result<std::string> PercentDecode(std::string_view text);

// An EPC URN (urn:epc:id:..., urn:epc:class:lgtin:..., urn:epc:idpat:...)
// as a canonical Digital Link, with check digits computed. Supported
// schemes: sgtin sscc sgln grai giai gsrn gsrnp gdti cpi sgcn ginc gsin itip
// upui pgln, class lgtin, and idpat sgtin grai gdti sgcn cpi itip whose last
// component is "*". Anything else, or a component of the wrong length or
// alphabet, is InvalidArgument naming the URN.
Result<std::string> EpcUrnToDigitalLink(std::string_view urn);
Status AppendEpcUrnAsDigitalLink(std::string_view urn, std::string& out);

// True if `uri` is http(s) and its first path segment is a GS1 primary key
// (numeric AI or convenience alpha such as "gtin"): it is then treated as a
// Digital Link and must parse.
bool LooksLikeDigitalLink(std::string_view uri);

// The canonical form of a Digital Link: host id.gs1.org, https, query and
// fragment dropped, convenience alphas replaced by AIs, GTINs padded to 14
// digits, only the primary key and the kept qualifier (01+21|235|10,
// 414+254, 8006+21|10, 8010+8011) retained, values re-encoded with
// DigitalLinkEncode. A wrong check digit or a malformed key is
// InvalidArgument naming the identifier.
Result<std::string> NormalizeDigitalLink(std::string_view uri);
Status AppendNormalizedDigitalLink(std::string_view uri, std::string& out);

// EPC URN -> Digital Link, Digital Link -> canonical; any other value is
// returned unchanged.
Result<std::string> NormalizeIdentifier(std::string_view value);
Status AppendNormalizedIdentifier(std::string_view value, std::string& out);

}  // namespace orelog::epcis
