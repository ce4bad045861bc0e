#include "custody/export_report.h"

#include <algorithm>

#include <boost/json.hpp>

#include "custody/exports.h"
#include "epcis/timestamp.h"

namespace orelog::custody {
namespace {

namespace json = boost::json;

std::string_view KeyName(ReportKey k) {
  switch (k) {
    case ReportKey::kMineral: return "mineral";
    case ReportKey::kProvince: return "province";
    case ReportKey::kDestination: return "destination";
    case ReportKey::kPeriod: return "period";
  }
  return "";
}

json::object Mass(Milligrams mg) { return json::object{{"mg", mg}, {"t", FormatTonnes(mg, 3)}}; }

template <typename Map, typename Fn>
std::string Joined(const Map& m, Fn fn) {
  std::string out;
  for (const auto& kv : m) out += (out.empty() ? "" : ";") + fn(kv);
  return out;
}

std::string Csv(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Result<std::vector<ReportKey>> ParseGroupBy(std::string_view text) {
  std::vector<ReportKey> out;
  if (text.empty()) return out;
  for (size_t at = 0; at <= text.size();) {
    const size_t comma = std::min(text.find(',', at), text.size());
    const std::string_view word = text.substr(at, comma - at);
    at = comma + 1;
    ReportKey k;
    if (word == "mineral") {
      k = ReportKey::kMineral;
    } else if (word == "province") {
      k = ReportKey::kProvince;
    } else if (word == "destination") {
      k = ReportKey::kDestination;
    } else if (word == "period") {
      k = ReportKey::kPeriod;
    } else {
      return Status::Invalid("groupBy: '" + std::string(word) + "' is not mineral, province, destination or period");
    }
    if (std::find(out.begin(), out.end(), k) != out.end()) return Status::Invalid("groupBy: '" + std::string(word) + "' twice");
    out.push_back(k);
  }
  return out;
}

ExportReport BuildExportReport(const Book& book, const ReportQuery& q) {
  ExportReport report;
  report.query = q;
  report.royalty_currency = book.config().royalty_currency;
  const auto& rates = book.config().royalty_rates;
  // Rows ordered by their values in the order groupBy names the keys.
  std::map<std::vector<std::string>, ReportRow> rows;
  for (const Export& e : Exports(book)) {
    if (e.time_ms < q.from_ms || e.time_ms >= q.to_ms) continue;
    // An export's lots may fall in different groups (by mineral or
    // province): each lot is counted in its own group, and the export's
    // event ID, value and links are listed in every group it touches.
    std::set<std::vector<std::string>> touched;
    for (const ExportedLot& l : e.lots) {
      std::map<ReportKey, std::string> key;
      for (ReportKey k : q.group_by) {
        switch (k) {
          case ReportKey::kMineral: key[k] = PrincipalElement(l); break;
          case ReportKey::kProvince: {
            std::string joined;
            for (const std::string& p : OriginProvinces(book, l.lot)) joined += (joined.empty() ? "" : "+") + p;
            key[k] = joined;
            break;
          }
          case ReportKey::kDestination: key[k] = e.destination.empty() ? "unknown" : e.destination; break;
          case ReportKey::kPeriod: key[k] = epcis::FormatUtcMillis(e.time_ms).value_or("").substr(0, 7); break;
        }
      }
      std::vector<std::string> order;
      for (ReportKey k : q.group_by) order.push_back(key[k]);
      ReportRow& row = rows[order];
      row.key = key;
      row.lots.insert(l.lot);
      row.wet += l.wet;
      row.dry += l.dry;
      for (const auto& [element, mg] : l.contained) {
        row.contained[element] += mg;
        if (auto rate = rates.find(element); rate != rates.end()) row.royalties[element] += RoyaltyCents(mg, rate->second);
      }
      touched.insert(order);
    }
    for (const auto& key : touched) {
      ReportRow& row = rows[key];
      ++row.exports;
      row.event_ids.push_back(e.event_id);
      if (auto money = ParseMoney(e.declared_value)) {
        row.declared[money->currency] += money->cents;
      } else {
        ++row.value_undisclosed;
      }
      bool visible = false, undisclosed = false;
      for (const std::string& a : e.agreements) {
        if (a == kPlaceholderLink) {
          undisclosed = true;
        } else {
          row.agreements.insert(a);
          visible = true;
        }
      }
      if (undisclosed && !visible) ++row.undisclosed_links;
    }
  }
  for (auto& [key, row] : rows) report.rows.push_back(std::move(row));
  return report;
}

json::object ExportReportJson(const ExportReport& r, std::string_view form) {
  json::object o;
  o["computedFrom"] = form;
  json::array group_by;
  for (ReportKey k : r.query.group_by) group_by.emplace_back(KeyName(k));
  o["groupBy"] = std::move(group_by);
  if (r.query.from_ms != INT64_MIN) o["from"] = epcis::FormatUtcMillis(r.query.from_ms).value_or("");
  if (r.query.to_ms != INT64_MAX) o["to"] = epcis::FormatUtcMillis(r.query.to_ms).value_or("");
  o["royaltyCurrency"] = r.royalty_currency;
  json::array rows;
  for (const ReportRow& row : r.rows) {
    json::object ro;
    for (const auto& [k, v] : row.key) ro[KeyName(k)] = v;
    json::array lots, events, agreements;
    for (const std::string& l : row.lots) lots.emplace_back(l);
    for (const std::string& e : row.event_ids) events.emplace_back(e);
    for (const std::string& a : row.agreements) agreements.emplace_back(a);
    ro["exports"] = row.exports;
    ro["lots"] = std::move(lots);
    ro["wet"] = Mass(row.wet);
    ro["dry"] = Mass(row.dry);
    json::object contained, declared, royalties;
    for (const auto& [el, mg] : row.contained) contained[el] = Mass(mg);
    for (const auto& [cur, c] : row.declared) declared[cur] = FormatCents(c);
    Cents total = 0;
    for (const auto& [el, c] : row.royalties) {
      royalties[el] = FormatCents(c);
      total += c;
    }
    ro["contained"] = std::move(contained);
    ro["declaredValue"] = std::move(declared);
    ro["valueUndisclosed"] = row.value_undisclosed;
    ro["royalties"] = json::object{{"byElement", std::move(royalties)}, {"total", FormatCents(total)}};
    ro["agreements"] = std::move(agreements);
    ro["undisclosedAgreementLinks"] = row.undisclosed_links;
    ro["eventIDs"] = std::move(events);
    rows.push_back(std::move(ro));
  }
  o["rows"] = std::move(rows);
  return o;
}

std::string ExportReportCsv(const ExportReport& r, std::string_view form) {
  std::string out;
  for (ReportKey k : r.query.group_by) out += std::string(KeyName(k)) + ",";
  out += "exports,lots,wet_t,dry_t,contained_t,declared_value,value_undisclosed,royalty_" + r.royalty_currency +
         ",agreements,undisclosed_agreement_links,event_ids,computed_from\r\n";
  for (const ReportRow& row : r.rows) {
    for (ReportKey k : r.query.group_by) out += Csv(row.key.at(k)) + ",";
    Cents total = 0;
    for (const auto& [el, c] : row.royalties) total += c;
    const std::vector<std::string> fields = {
        std::to_string(row.exports),
        Joined(row.lots, [](const std::string& s) { return s; }),
        FormatTonnes(row.wet, 3),
        FormatTonnes(row.dry, 3),
        Joined(row.contained, [](const auto& kv) { return kv.first + "=" + FormatTonnes(kv.second, 3); }),
        Joined(row.declared, [](const auto& kv) { return FormatCents(kv.second) + " " + kv.first; }),
        std::to_string(row.value_undisclosed),
        FormatCents(total),
        Joined(row.agreements, [](const std::string& s) { return s; }),
        std::to_string(row.undisclosed_links),
        Joined(row.event_ids, [](const std::string& s) { return s; }),
        std::string(form)};
    for (size_t i = 0; i < fields.size(); ++i) out += Csv(fields[i]) + (i + 1 < fields.size() ? "," : "\r\n");
  }
  return out;
}

}  // namespace orelog::custody
