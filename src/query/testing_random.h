// Test support: rapidcheck generators of random but valid EPCIS 2.0 events
// (all five types) and of random GET /events query strings drawn from the
// values of given events, so that results are often non-empty.
//
// Values come from small pools, each value in several equivalent spellings
// (EPC URN, canonical and foreign-host Digital Link; CBV bare word, Web URI
// and CURIE; timestamps in several offsets; numbers as parsed JSON), so
// equal identities recur across events and queries meet them under another
// spelling. Events use only the standard namespaces (pass
// epcis::StandardNamespaces() to Matches/IndexTerms) and are meant to pass
// the EPCIS 2.0 JSON Schema.
//
// Header-only; for tests only (uses rapidcheck).
#pragma once

#include <rapidcheck.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "epcis/civil_date.h"
#include "epcis/gs1_keys.h"
#include "query/instant.h"
#include "query/query_string.h"

namespace orelog::query::testing {

// One value in its equivalent spellings; spellings[0] is the canonical one.
struct Spelled {
  std::vector<std::string> spellings;
};

namespace detail {

inline std::string MustDl(const std::string& urn) {
  auto dl = epcis::EpcUrnToDigitalLink(urn);
  if (!dl.ok()) throw std::logic_error("testing_random pool: " + dl.status().message());
  return *dl;
}

// URN, canonical Digital Link, the same Digital Link on another host.
inline Spelled Epc(const std::string& urn) {
  std::string dl = MustDl(urn);
  std::string foreign = "https://example.org/" + dl.substr(std::string("https://id.gs1.org/").size());
  return {{dl, urn, foreign}};
}

inline Spelled Cbv(const std::string& vocab_web_prefix, const std::string& curie_prefix, const std::string& word) {
  return {{vocab_web_prefix + word, word, curie_prefix + word}};
}

inline std::vector<Spelled> Instances() {
  std::vector<Spelled> v;
  for (const char* item : {"4012345.011111.", "4012345.022222.", "0614141.107346."}) {
    for (int s = 1; s <= 4; ++s) v.push_back(Epc(std::string("urn:epc:id:sgtin:") + item + std::to_string(s)));
  }
  return v;
}
inline std::vector<Spelled> Containers() {
  std::vector<Spelled> v;
  for (int s = 1; s <= 4; ++s) v.push_back(Epc("urn:epc:id:sscc:4012345.000000000" + std::to_string(s)));
  return v;
}
inline std::vector<Spelled> Classes() {
  return {Epc("urn:epc:class:lgtin:4012345.011111.LOT1"), Epc("urn:epc:class:lgtin:4012345.011111.LOT2"),
          Epc("urn:epc:class:lgtin:4012345.022222.ORE-7"), Epc("urn:epc:idpat:sgtin:0614141.107346.*")};
}
inline std::vector<Spelled> Places() {
  return {Epc("urn:epc:id:sgln:4012345.00001.0"), Epc("urn:epc:id:sgln:4012345.00002.0"),
          Epc("urn:epc:id:sgln:0614141.00003.7")};
}
inline std::vector<Spelled> Parties() {
  return {Epc("urn:epc:id:pgln:4012345.00001"), Epc("urn:epc:id:pgln:0614141.00002")};
}
inline std::vector<Spelled> Documents() {
  return {{{"urn:epcglobal:cbv:bt:4012345000016:PO-1"}},
          {{"urn:epcglobal:cbv:bt:4012345000016:PO-2"}},
          Epc("urn:epc:id:gdti:4012345.00001.77")};
}
inline std::vector<Spelled> BizSteps() {
  std::vector<Spelled> v;
  for (const char* w : {"shipping", "receiving", "commissioning", "inspecting", "packing"}) {
    v.push_back(Cbv("https://ref.gs1.org/cbv/BizStep-", "cbv:BizStep-", w));
  }
  return v;
}
inline std::vector<Spelled> Dispositions() {
  std::vector<Spelled> v;
  for (const char* w : {"in_transit", "active", "in_progress", "conformant"}) {
    v.push_back(Cbv("https://ref.gs1.org/cbv/Disp-", "cbv:Disp-", w));
  }
  return v;
}
inline std::vector<Spelled> BizTransactionTypes() {
  std::vector<Spelled> v;
  for (const char* w : {"po", "inv", "bol", "desadv"}) v.push_back(Cbv("https://ref.gs1.org/cbv/BTT-", "cbv:BTT-", w));
  return v;
}
inline std::vector<Spelled> SourceDestTypes() {
  std::vector<Spelled> v;
  for (const char* w : {"owning_party", "possessing_party", "location"}) {
    v.push_back(Cbv("https://ref.gs1.org/cbv/SDT-", "cbv:SDT-", w));
  }
  return v;
}
inline const std::vector<std::string>& Substances() {
  static const std::vector<std::string> v = {"https://identifiers.org/inchikey:MSSUFHMGCXOVBZ-UHFFFAOYSA-N",
                                             "https://identifiers.org/inchikey:FKTOIHSPIPYAPE-UHFFFAOYSA-N",
                                             "https://example.org/substance/sb"};
  return v;
}
inline const std::vector<std::string>& Uoms() {
  static const std::vector<std::string> v = {"P1", "KGM", "CEL"};
  return v;
}
// Number texts as a JSON document would carry them.
inline const std::vector<std::string>& Numbers() {
  static const std::vector<std::string> v = {"0", "1", "2.5", "10", "12.50", "99.99", "100", "0.1", "500", "1000.75",
                                             "3e2"};
  return v;
}

struct Pools {
  std::vector<Spelled> instances = Instances(), containers = Containers(), classes = Classes(), places = Places(),
                       parties = Parties(), documents = Documents(), biz_steps = BizSteps(),
                       dispositions = Dispositions(), bt_types = BizTransactionTypes(), sd_types = SourceDestTypes();
};

inline const Pools& P() {
  static const Pools p;
  return p;
}

inline std::string AnySpelling(const Spelled& s) { return *rc::gen::elementOf(s.spellings); }
inline std::string FromPool(const std::vector<Spelled>& pool) { return AnySpelling(*rc::gen::elementOf(pool)); }

// The pool entry one of whose spellings is `written`, or a lone spelling.
inline Spelled Respellable(const std::vector<Spelled>& pool, const std::string& written) {
  for (const auto& s : pool) {
    for (const auto& w : s.spellings) {
      if (w == written) return s;
    }
  }
  return {{written}};
}

inline boost::json::value Number(const std::string& text) { return boost::json::parse(text); }

// Epoch ms in local time at `offset_min` east of UTC, e.g.
// "2024-03-01T13:05:00.250+01:00" ("Z" for offset 0 if `z`).
inline std::string FormatTime(int64_t ms, int offset_min, bool z) {
  const int64_t local = ms + int64_t{offset_min} * 60000;
  const int64_t days = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
  const int64_t rem = local - days * 86400000;
  int64_t y;
  int m, d;
  epcis::civil::CivilFromDays(days, &y, &m, &d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", static_cast<int>(y), m, d,
                static_cast<int>(rem / 3600000), static_cast<int>(rem / 60000 % 60), static_cast<int>(rem / 1000 % 60),
                static_cast<int>(rem % 1000));
  std::string out = buf;
  if (offset_min == 0 && z) return out + "Z";
  const int a = offset_min < 0 ? -offset_min : offset_min;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_min < 0 ? '-' : '+', a / 60, a % 60);
  return out + buf;
}

inline int AnyOffset() { return *rc::gen::elementOf(std::vector<int>{0, 60, -300, 330, 840}); }

inline constexpr int64_t kBaseMs = 1704067200000;  // 2024-01-01T00:00:00Z

inline boost::json::array Ids(const std::vector<Spelled>& pool, int min, int max) {
  boost::json::array a;
  const int n = *rc::gen::inRange(min, max + 1);
  for (int i = 0; i < n; ++i) a.emplace_back(FromPool(pool));
  return a;
}

inline boost::json::array Quantities(int min, int max) {
  boost::json::array a;
  const int n = *rc::gen::inRange(min, max + 1);
  for (int i = 0; i < n; ++i) {
    boost::json::object q{{"epcClass", FromPool(P().classes)}};
    if (*rc::gen::inRange(0, 4) != 0) {
      q["quantity"] = Number(*rc::gen::elementOf(Numbers()));
      if (*rc::gen::inRange(0, 3) != 0) q["uom"] = *rc::gen::elementOf(std::vector<std::string>{"KGM", "TNE"});
    }
    a.push_back(std::move(q));
  }
  return a;
}

inline boost::json::array Typed(const std::vector<Spelled>& types, const std::vector<Spelled>& ids,
                                const char* member, int min, int max) {
  boost::json::array a;
  const int n = *rc::gen::inRange(min, max + 1);
  for (int i = 0; i < n; ++i) a.push_back(boost::json::object{{"type", FromPool(types)}, {member, FromPool(ids)}});
  return a;
}

inline boost::json::array SensorElements() {
  boost::json::array reports;
  const int n = *rc::gen::inRange(1, 4);
  for (int i = 0; i < n; ++i) {
    boost::json::object r{{"type", "MassConcentration"}};
    if (*rc::gen::inRange(0, 4) != 0) r["chemicalSubstance"] = *rc::gen::elementOf(Substances());
    r["value"] = Number(*rc::gen::elementOf(Numbers()));
    r["uom"] = *rc::gen::elementOf(Uoms());
    if (*rc::gen::inRange(0, 3) == 0) r["maxValue"] = Number(*rc::gen::elementOf(Numbers()));
    reports.push_back(std::move(r));
  }
  return boost::json::array{boost::json::object{{"sensorReport", std::move(reports)}}};
}

inline bool Maybe() { return *rc::gen::inRange(0, 2) == 0; }

// The "what" members of each event type (at least one list where the
// schema needs one).
inline void AddWhat(boost::json::object& e, const std::string& type) {
  if (type == "ObjectEvent" || type == "TransactionEvent") {
    const int what = *rc::gen::inRange(0, 3);  // epcs, quantities, both
    if (what != 1) e["epcList"] = Ids(P().instances, 1, 3);
    if (what != 0) e["quantityList"] = Quantities(1, 2);
    if (type == "TransactionEvent" && Maybe()) e["parentID"] = FromPool(P().containers);
  } else if (type == "AggregationEvent" || type == "AssociationEvent") {
    e["parentID"] = FromPool(P().containers);
    const int what = *rc::gen::inRange(0, 3);
    if (what != 1) e["childEPCs"] = Ids(P().instances, 1, 3);
    if (what != 0) e["childQuantityList"] = Quantities(1, 2);
  } else {  // TransformationEvent
    if (Maybe()) {
      e["inputEPCList"] = Ids(P().instances, 1, 2);
    } else {
      e["inputQuantityList"] = Quantities(1, 2);
    }
    if (Maybe()) {
      e["outputEPCList"] = Ids(P().instances, 1, 2);
    } else {
      e["outputQuantityList"] = Quantities(1, 2);
    }
  }
}

}  // namespace detail

// A random valid event of one of the five standard types.
inline rc::Gen<boost::json::object> GenEvent() {
  return rc::gen::exec([] {
    using namespace detail;
    const std::string type = *rc::gen::elementOf(std::vector<std::string>{
        "ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"});
    const int64_t t = kBaseMs + *rc::gen::inRange<int64_t>(0, 30LL * 86400000) / 1000 * 1000 +
                      *rc::gen::elementOf(std::vector<int64_t>{0, 250, 999});
    const int offset = AnyOffset();
    boost::json::object e{{"type", type},
                          {"eventTime", FormatTime(t, offset, Maybe())},
                          {"eventTimeZoneOffset", FormatTime(0, offset, false).substr(23)},
                          {"recordTime", FormatTime(t + *rc::gen::inRange<int64_t>(0, 86400000), 0, true)}};
    char uuid[64];
    std::snprintf(uuid, sizeof uuid, "urn:uuid:%08x-0000-4000-8000-%012llx", *rc::gen::inRange(0u, 0xffffffffu),
                  static_cast<unsigned long long>(*rc::gen::inRange(0, 1 << 30)));
    if (*rc::gen::inRange(0, 5) != 0) e["eventID"] = uuid;
    if (type != "TransformationEvent") {
      e["action"] = *rc::gen::elementOf(std::vector<std::string>{"ADD", "OBSERVE", "DELETE"});
    }
    AddWhat(e, type);
    if (type == "TransactionEvent" || Maybe()) {
      e["bizTransactionList"] = Typed(P().bt_types, P().documents, "bizTransaction", 1, 2);
    }
    if (Maybe()) e["bizStep"] = FromPool(P().biz_steps);
    if (Maybe()) e["disposition"] = FromPool(P().dispositions);
    if (Maybe()) e["readPoint"] = boost::json::object{{"id", FromPool(P().places)}};
    if (Maybe()) e["bizLocation"] = boost::json::object{{"id", FromPool(P().places)}};
    if (*rc::gen::inRange(0, 3) == 0) e["sourceList"] = Typed(P().sd_types, P().parties, "source", 1, 2);
    if (*rc::gen::inRange(0, 3) == 0) e["destinationList"] = Typed(P().sd_types, P().parties, "destination", 1, 2);
    if (*rc::gen::inRange(0, 3) == 0) e["sensorElementList"] = SensorElements();
    if (*rc::gen::inRange(0, 4) == 0) e["https://ns.example.com/epcis/grade"] = "A";
    return e;
  });
}

namespace detail {

// A value of `pool` other than `written`'s identity, in any spelling.
inline std::string Decoy(const std::vector<Spelled>& pool) { return FromPool(pool); }

inline std::string Param(const std::string& name, const std::vector<std::string>& alternatives) {
  std::string v;
  for (size_t i = 0; i < alternatives.size(); ++i) v += (i ? "|" : "") + alternatives[i];
  // Encode each alternative but keep '|' readable half of the time.
  std::string enc = PercentEncodeQueryValue(v);
  if (Maybe()) {
    std::string out;
    for (size_t i = 0; i < enc.size(); ++i) {
      if (enc.compare(i, 3, "%7C") == 0) {
        out += '|';
        i += 2;
      } else {
        out += enc[i];
      }
    }
    enc = out;
  }
  return PercentEncodeQueryValue(name) + "=" + enc;
}

// The event's value respelled, sometimes with a decoy alternative.
inline std::vector<std::string> Alts(const std::vector<Spelled>& pool, const std::string& written) {
  std::vector<std::string> alts{AnySpelling(Respellable(pool, written))};
  if (*rc::gen::inRange(0, 3) == 0) alts.push_back(Decoy(pool));
  if (Maybe()) std::swap(alts.front(), alts.back());
  return alts;
}

inline std::string StringAt(const boost::json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
}

inline std::vector<std::string> StringsAt(const boost::json::object& o, const char* key, const char* member = nullptr) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_array()) return out;
  for (const auto& x : it->value().get_array()) {
    if (member == nullptr && x.is_string()) out.emplace_back(x.get_string());
    if (member != nullptr && x.is_object()) out.push_back(StringAt(x.get_object(), member));
  }
  return out;
}

// An idpat for the GTIN of an SGTIN pool entry (its URN spelling).
inline std::string GtinPattern(const Spelled& s) {
  for (const auto& w : s.spellings) {
    if (w.starts_with("urn:epc:id:sgtin:")) return "urn:epc:idpat:sgtin:" + w.substr(17, w.rfind('.') - 17) + ".*";
  }
  return s.spellings[0];
}

inline std::vector<std::string> EpcAlts(const std::vector<std::string>& written) {
  const Spelled s = Respellable(P().instances, *rc::gen::elementOf(written));
  if (*rc::gen::inRange(0, 4) == 0) return {GtinPattern(s)};
  std::vector<std::string> alts{AnySpelling(s)};
  if (Maybe()) alts.push_back(FromPool(P().instances));
  return alts;
}

inline std::string NumberBound(const std::string& cmp, const std::string& field, const std::string& uom) {
  std::string name = cmp + "_" + field + (uom.empty() ? "" : "_" + uom);
  return Param(name, {*rc::gen::elementOf(Numbers())});
}

// One filter drawn from `e`; "" if the chosen kind does not apply to it.
inline std::string Filter(const boost::json::object& e) {
  const int kind = *rc::gen::inRange(0, 18);
  auto list = [&](const char* key) { return StringsAt(e, key); };
  switch (kind) {
    case 0: {
      std::vector<std::string> alts{StringAt(e, "type")};
      if (Maybe()) alts.push_back("TransformationEvent");
      return Param("eventType", alts);
    }
    case 1: {
      const bool record = Maybe();
      const std::string at = StringAt(e, record ? "recordTime" : "eventTime");
      // Bounds a random distance around the event's instant, in another offset.
      const std::string field = record ? "recordTime" : "eventTime";
      std::string out;
      const int64_t delta = *rc::gen::elementOf(std::vector<int64_t>{0, 1, 1000, 3600000, 86400000});
      const int64_t base = *InstantMillis(at);  // our own FormatTime output
      if (Maybe()) out = Param("GE_" + field, {FormatTime(base - delta, AnyOffset(), Maybe())});
      if (Maybe() || out.empty()) {
        out += (out.empty() ? "" : "&") + Param("LT_" + field, {FormatTime(base + delta, AnyOffset(), Maybe())});
      }
      return out;
    }
    case 2: {
      std::string a = StringAt(e, "action");
      if (a.empty()) return "";
      return Param("EQ_action", {a});
    }
    case 3: {
      std::string s = StringAt(e, "bizStep");
      if (s.empty()) return Param("EQ_bizStep", {Decoy(P().biz_steps)});
      return Param("EQ_bizStep", Alts(P().biz_steps, s));
    }
    case 4: {
      std::string s = StringAt(e, "disposition");
      if (s.empty()) return "";
      return Param("EQ_disposition", Alts(P().dispositions, s));
    }
    case 5: {
      const bool rp = Maybe();
      auto it = e.find(rp ? "readPoint" : "bizLocation");
      if (it == e.end()) return "";
      return Param(rp ? "EQ_readPoint" : "EQ_bizLocation",
                   Alts(P().places, StringAt(it->value().get_object(), "id")));
    }
    case 6: {
      auto epcs = list("epcList");
      for (auto& c : list("childEPCs")) epcs.push_back(c);
      if (epcs.empty()) return "";
      return Param("MATCH_epc", EpcAlts(epcs));
    }
    case 7: {
      std::string p = StringAt(e, "parentID");
      if (p.empty()) return "";
      return Param(Maybe() ? "MATCH_parentID" : "MATCH_anyEPC", Alts(P().containers, p));
    }
    case 8: {
      const bool in = Maybe();
      auto epcs = list(in ? "inputEPCList" : "outputEPCList");
      if (epcs.empty()) return "";
      return Param(Maybe() ? (in ? "MATCH_inputEPC" : "MATCH_outputEPC") : "MATCH_anyEPC", EpcAlts(epcs));
    }
    case 9: {
      static const std::vector<std::pair<const char*, const char*>> kLists = {
          {"quantityList", "MATCH_epcClass"}, {"childQuantityList", "MATCH_epcClass"},
          {"inputQuantityList", "MATCH_inputEPCClass"}, {"outputQuantityList", "MATCH_outputEPCClass"}};
      const auto& [key, param] = *rc::gen::elementOf(kLists);
      auto classes = StringsAt(e, key, "epcClass");
      if (classes.empty()) return "";
      std::string written = *rc::gen::elementOf(classes);
      std::vector<std::string> alts = Alts(P().classes, written);
      if (*rc::gen::inRange(0, 4) == 0 && written.find("4012345.011111") != std::string::npos) {
        alts = {"urn:epc:idpat:sgtin:4012345.011111.*"};  // every lot of the GTIN
      }
      return Param(Maybe() ? param : "MATCH_anyEPCClass", alts);
    }
    case 10:
    case 11: {
      const bool bt = kind == 10;
      const char* key = bt ? "bizTransactionList" : (Maybe() ? "sourceList" : "destinationList");
      const char* member = bt ? "bizTransaction" : (std::string(key) == "sourceList" ? "source" : "destination");
      auto it = e.find(key);
      if (it == e.end()) return "";
      const auto& entries = it->value().get_array();
      const boost::json::object item = entries[*rc::gen::inRange<size_t>(0, entries.size())].get_object();
      const auto& types = bt ? P().bt_types : P().sd_types;
      const Spelled type = Respellable(types, StringAt(item, "type"));
      // The type goes into the parameter name: a bare word or the Web URI.
      const std::string t = Maybe() ? type.spellings[1] : type.spellings[0];
      const std::string prefix = bt ? "EQ_bizTransaction_" : std::string(key) == "sourceList" ? "EQ_source_" : "EQ_destination_";
      return Param(prefix + t, Alts(bt ? P().documents : P().parties, StringAt(item, member)));
    }
    case 12: {
      std::string id = StringAt(e, "eventID");
      if (id.empty()) return "";
      return Param("EQ_eventID", {id});
    }
    case 13: {
      const std::string field = *rc::gen::elementOf(std::vector<std::string>{
          "errorDeclaration", "sensorElementList", "bizStep", "https://ns.example.com/epcis/grade", "quantityList"});
      return PercentEncodeQueryValue("EXISTS_" + field);
    }
    case 14: {
      const std::string uom = *rc::gen::elementOf(std::vector<std::string>{"", "", "KGM"});
      std::string out = NumberBound(*rc::gen::elementOf(std::vector<std::string>{"GE", "GT", "EQ"}), "quantity", uom);
      if (Maybe()) out += "&" + NumberBound(*rc::gen::elementOf(std::vector<std::string>{"LT", "LE"}), "quantity", uom);
      return out;
    }
    case 15: {
      return Param("EQ_chemicalSubstance", {*rc::gen::elementOf(Substances())});
    }
    case 16: {
      const std::string uom = *rc::gen::elementOf(Uoms());
      const std::string field = *rc::gen::elementOf(std::vector<std::string>{"value", "value", "maxValue"});
      std::string out = NumberBound(*rc::gen::elementOf(std::vector<std::string>{"GE", "GT", "EQ"}), field, uom);
      if (Maybe()) out += "&" + NumberBound(*rc::gen::elementOf(std::vector<std::string>{"LT", "LE"}), field, uom);
      return out;
    }
    default: {  // a filter from the pools, likely not matching `e`
      return Param("MATCH_epc", {FromPool(P().instances)});
    }
  }
}

}  // namespace detail

// A random query string (still percent-encoded, as after '?') with 1-3
// filters drawn from one of `events` (from the pools if there is none), and
// sometimes an order. Precondition: events come from GenEvent.
inline rc::Gen<std::string> GenQuery(const std::vector<boost::json::object>& events) {
  return rc::gen::exec([events] {
    using namespace detail;
    const boost::json::object e = events.empty() ? *GenEvent() : *rc::gen::elementOf(events);
    std::vector<std::string> parts;
    std::vector<std::string> names;
    const int n = *rc::gen::inRange(1, 4);
    for (int i = 0; i < n; ++i) {
      std::string f = Filter(e);
      if (f.empty()) continue;
      // Each parameter at most once: skip a filter whose names are taken.
      bool clash = false;
      std::vector<std::string> mine;
      for (size_t start = 0; start < f.size();) {
        size_t amp = f.find('&', start);
        std::string seg = f.substr(start, amp - start);
        mine.push_back(seg.substr(0, seg.find('=')));
        start = amp == std::string::npos ? f.size() : amp + 1;
      }
      for (const auto& m : mine) clash = clash || std::find(names.begin(), names.end(), m) != names.end();
      if (clash) continue;
      names.insert(names.end(), mine.begin(), mine.end());
      parts.push_back(f);
    }
    if (*rc::gen::inRange(0, 3) == 0) {
      parts.push_back(std::string("orderBy=") + (Maybe() ? "eventTime" : "recordTime"));
      if (Maybe()) parts.push_back(std::string("orderDirection=") + (Maybe() ? "ASC" : "DESC"));
    }
    std::string q;
    for (const auto& p : parts) q += (q.empty() ? "" : "&") + p;
    return q;
  });
}

}  // namespace orelog::query::testing
