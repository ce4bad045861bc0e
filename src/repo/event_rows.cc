#include "repo/event_rows.h"

#include <boost/json.hpp>

#include "custody/extract.h"
#include "epcis/canonical_json.h"

namespace orelog::repo {
namespace json = boost::json;
namespace {

store::Row Conditional(store::Row row, size_t entry) {
  row.only_if_new_entry = entry;
  return row;
}

std::string ErrorsJson(const std::vector<EventError>& errors) {
  json::array a;
  for (const EventError& e : errors) {
    json::object o;
    o["eventIndex"] = e.index;
    o["pointer"] = e.pointer;
    o["detail"] = e.message;
    a.push_back(std::move(o));
  }
  return json::serialize(a);
}

}  // namespace

void EventRowBuilder::Add(const PreparedEvent& e, store::Batch& batch) const {
  const size_t k = batch.entries.size();
  batch.entries.push_back(store::NewEntry{e.leaf, e.dedup_key});
  json::array disclosures;
  for (const std::string& d : e.disclosures) disclosures.emplace_back(d);
  batch.rows.push_back(Conditional(
      store::Row{"events",
                 {"idx", "public_id", "event_id", "event_hash", "submitter", "event_type", "event_time", "record_time",
                  "corrects", "job", "full_form", "public_form", "disclosures"},
                 {store::EntryIndexOf{k}, e.public_id, e.event_id, e.event_hash, submitter_, e.event_type, e.event_time,
                  e.record_time, e.corrects ? store::Value(*e.corrects) : store::Value(std::monostate{}), job_,
                  e.full_json, e.public_json, json::serialize(disclosures)},
                 {}},
      k));
  for (const std::string& t : e.full_terms) {
    batch.rows.push_back(Conditional(store::Row{"full_terms", {"term", "idx"}, {t, store::EntryIndexOf{k}}, {}}, k));
  }
  if (!e.full_facts.empty()) {
    batch.rows.push_back(Conditional(store::Row{"custody_facts", {"idx", "full_facts", "public_facts"},
                                                {store::EntryIndexOf{k}, e.full_facts, e.public_facts}, {}},
                                     k));
  }
  for (const auto& [input, output] : e.lot_edges) {
    batch.rows.push_back(Conditional(
        store::Row{"lot_edges", {"input", "output", "idx"}, {input, output, store::EntryIndexOf{k}}, {}}, k));
  }
  for (const std::string& p : e.parties) {
    batch.rows.push_back(Conditional(store::Row{"event_parties", {"party", "idx"}, {p, store::EntryIndexOf{k}}, {}}, k));
  }
  for (const std::string& t : e.public_terms) {
    batch.rows.push_back(Conditional(store::Row{"public_terms", {"term", "idx"}, {t, store::EntryIndexOf{k}}, {}}, k));
  }
}

store::Row JobRow(const CaptureJob& job, bool counts_known) {
  auto count = [&](size_t n) { return counts_known ? store::Value(static_cast<int64_t>(n)) : store::Value(std::monostate{}); };
  return store::Row{"capture_jobs",
                    {"id", "submitter", "created_at", "finished_at", "behaviour", "success", "event_count", "captured",
                     "duplicates", "errors"},
                    {job.id, job.submitter, job.created_at, job.finished_at,
                     std::string(job.behaviour == ErrorBehaviour::kProceed ? "proceed" : "rollback"),
                     int64_t{job.success ? 1 : 0}, static_cast<int64_t>(job.event_count), count(job.captured),
                     count(job.duplicates), ErrorsJson(job.errors)},
                    {}};
}

std::vector<store::Row> CustodySiteRows(const json::object& document, const epcis::Namespaces& ns,
                                        const std::string& job) {
  std::vector<store::Row> rows;
  int64_t seq = 0;
  for (const custody::SiteFacts& site : custody::ExtractSites(document, ns)) {
    rows.push_back(store::Row{"custody_sites", {"job", "seq", "site_id", "site"},
                              {job, seq++, site.id, custody::SiteToJson(site)}, {}});
  }
  return rows;
}

std::vector<store::Row> MasterDataRows(const json::object& document, const std::string& job) {
  std::vector<store::Row> rows;
  const json::value* header = document.if_contains("epcisHeader");
  const json::value* md = header && header->is_object() ? header->get_object().if_contains("epcisMasterData") : nullptr;
  const json::value* vl = md && md->is_object() ? md->get_object().if_contains("vocabularyList") : nullptr;
  if (vl == nullptr || !vl->is_array()) return rows;
  int64_t seq = 0;
  for (const json::value& vocab : vl->get_array()) {
    if (!vocab.is_object()) continue;
    const json::value* type = vocab.get_object().if_contains("type");
    const json::value* elements = vocab.get_object().if_contains("vocabularyElementList");
    if (type == nullptr || !type->is_string() || elements == nullptr || !elements->is_array()) continue;
    for (const json::value& el : elements->get_array()) {
      const json::value* id = el.is_object() ? el.get_object().if_contains("id") : nullptr;
      if (id == nullptr || !id->is_string()) continue;
      auto text = epcis::CanonicalJson(el);
      if (!text.ok()) continue;  // validated before; JCS cannot fail on parsed input
      rows.push_back(store::Row{"master_data",
                                {"job", "seq", "vocabulary_type", "element_id", "element"},
                                {job, seq++, std::string(type->get_string()), std::string(id->get_string()), *text},
                                {}});
    }
  }
  return rows;
}

}  // namespace orelog::repo
