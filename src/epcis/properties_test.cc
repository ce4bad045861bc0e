// Property tests (rapidcheck; fixed seed and case count from CTest).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdio>

#include <boost/json.hpp>

#include "epcis/event_hash.h"
#include "epcis/gs1_keys.h"
#include "epcis/timestamp.h"

namespace orelog::epcis {
namespace {

std::string Digits(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + *rc::gen::inRange(0, 10)));
  return s;
}

// A random permutation (Fisher-Yates with generated indices).
std::vector<std::string> Shuffled(std::vector<std::string> v) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[*rc::gen::inRange<size_t>(0, i)]);
  return v;
}

// The GS1 mod-10 check digit detects every single-digit substitution.
RC_GTEST_PROP(Gs1Properties, CheckDigitCatchesSingleDigitErrors, ()) {
  const size_t n = *rc::gen::inRange<size_t>(1, 18);
  std::string key = Digits(n);
  const size_t pos = *rc::gen::inRange<size_t>(0, n);
  const char other = static_cast<char>('0' + (key[pos] - '0' + *rc::gen::inRange(1, 10)) % 10);
  std::string changed = key;
  changed[pos] = other;
  RC_ASSERT(Gs1CheckDigit(key) != Gs1CheckDigit(changed));
}

// SGTIN URN -> Digital Link is already canonical, and a wrong check digit in
// that Digital Link is rejected.
RC_GTEST_PROP(Gs1Properties, SgtinDigitalLinkIsCanonical, ()) {
  const size_t cp_len = *rc::gen::inRange<size_t>(6, 13);
  const std::string cp = std::to_string(*rc::gen::inRange(1, 10)) + Digits(cp_len - 1);
  const std::string item = Digits(13 - cp_len);
  const std::string serial = *rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::elementOf(std::string("AZaz09-._!*()'%/"))));
  const std::string urn = "urn:epc:id:sgtin:" + cp + "." + item + "." + DigitalLinkEncode(serial);
  auto dl = EpcUrnToDigitalLink(urn);
  RC_ASSERT(dl.ok());
  auto again = NormalizeIdentifier(*dl);
  RC_ASSERT(again.ok());
  RC_ASSERT(*again == *dl);
  std::string bad = *dl;
  const size_t check_at = std::string("https://id.gs1.org/01/").size() + 13;
  bad[check_at] = static_cast<char>('0' + (bad[check_at] - '0' + 1) % 10);
  RC_ASSERT(!NormalizeIdentifier(bad).ok());
}

// Normalising a timestamp twice changes nothing, and the UTC result does not
// depend on the offset the instant was written in.
RC_GTEST_PROP(TimestampProperties, OffsetInvariantAndIdempotent, ()) {
  const int year = *rc::gen::inRange(1971, 2100), month = *rc::gen::inRange(1, 13), day = *rc::gen::inRange(1, 29);
  const int hour = *rc::gen::inRange(0, 24), minute = *rc::gen::inRange(0, 60), second = *rc::gen::inRange(0, 60);
  const int micros = *rc::gen::inRange(0, 1000000);
  char utc[64];
  std::snprintf(utc, sizeof utc, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", year, month, day, hour, minute, second, micros);
  auto base = NormalizeTimestamp(utc);
  RC_ASSERT(base.ok());
  RC_ASSERT(*NormalizeTimestamp(*base) == *base);
  // The same instant written with an offset of +01:00: one hour later locally.
  const int h2 = (hour + 1) % 24;
  if (hour == 23) return;  // keep the date arithmetic out of the generator
  char local[64];
  std::snprintf(local, sizeof local, "%04d-%02d-%02dT%02d:%02d:%02d.%06d+01:00", year, month, day, h2, minute, second,
                micros);
  auto shifted = NormalizeTimestamp(local);
  RC_ASSERT(shifted.ok());
  RC_ASSERT(*shifted == *base);
}

// Reordering JSON members and list elements never changes the hash.
RC_GTEST_PROP(EventHashProperties, MemberAndListOrderDoNotMatter, ()) {
  std::vector<std::string> epcs;
  const int n = *rc::gen::inRange(1, 6);
  for (int i = 0; i < n; ++i) epcs.push_back("urn:epc:id:sgtin:4012345.011111." + std::to_string(*rc::gen::inRange(0, 1000)));
  std::vector<std::string> members = {
      R"("type":"ObjectEvent")", R"("eventTime":"2024-05-01T12:00:00.5+02:00")", R"("eventTimeZoneOffset":"+02:00")",
      R"("action":"OBSERVE")", R"("bizStep":"shipping")", R"("readPoint":{"id":"urn:epc:id:sgln:4012345.00005.0"})",
      R"("ex:b":{"ex:y":2,"ex:x":"1"})", R"("ex:a":[3,1,2])"};
  auto render = [&](std::vector<std::string> m, std::vector<std::string> e) {
    std::string list = "\"epcList\":[";
    for (size_t i = 0; i < e.size(); ++i) list += (i ? ",\"" : "\"") + e[i] + "\"";
    m.push_back(list + "]");
    std::string out = "{\"@context\":{\"ex\":\"https://ns.example.com/\"}";
    for (const auto& x : m) out += "," + x;
    return out + "}";
  };
  auto a = HashEventsInJson(render(members, epcs), HashOptions::kDocumented);
  auto shuffled_members = Shuffled(members);
  auto shuffled_epcs = Shuffled(epcs);
  auto b = HashEventsInJson(render(shuffled_members, shuffled_epcs), HashOptions::kDocumented);
  RC_ASSERT(a.ok());
  RC_ASSERT(b.ok());
  RC_ASSERT((*a)[0].hash == (*b)[0].hash);
}

}  // namespace
}  // namespace orelog::epcis
