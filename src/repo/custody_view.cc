#include "repo/custody_view.h"

#include <algorithm>
#include <set>

#include "custody/facts.h"
#include "custody/agreement_flags.h"
#include "custody/registry_flags.h"
#include "repo/agreement_store.h"
#include "repo/registry_store.h"
#include "orelog/ledger.h"
#include "repo/schema.h"

namespace orelog::repo {

using store::sqlite::Db;
using store::sqlite::Stmt;

CustodyView::CustodyView(std::filesystem::path dir, Db db, custody::BookConfig config)
    : dir_(std::move(dir)), db_(std::move(db)), config_(config), full_(config), public_(config) {}

Result<std::unique_ptr<CustodyView>> CustodyView::Open(const std::filesystem::path& ledger_dir,
                                                        custody::BookConfig config) {
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open((ledger_dir / Ledger::kDatabaseFile).string(), Db::Mode::kReadOnly));
  ORELOG_RETURN_IF_ERROR(CheckRepoSchema(db));
  std::unique_ptr<CustodyView> view(new CustodyView(ledger_dir, std::move(db), std::move(config)));
  std::lock_guard lk(view->mu_);
  ORELOG_RETURN_IF_ERROR(view->Load(view->full_, view->public_, false, &view->site_rowid_, &view->next_idx_));
  return view;
}

// Reads the sites and facts after (*site_rowid, *next_idx) in one read
// transaction (one snapshot) and folds them into the books: with Apply when
// `incremental`, else with Record and one Recompute at the end.
Status CustodyView::Load(custody::Book& full, custody::Book& pub, bool incremental, int64_t* site_rowid,
                         uint64_t* next_idx) {
  ORELOG_RETURN_IF_ERROR(db_.Exec("BEGIN"));
  auto body = [&]() -> Status {
    ORELOG_ASSIGN_OR_RETURN(Stmt sites, db_.Prepare("SELECT rowid, site FROM custody_sites WHERE rowid > ? ORDER BY rowid"));
    sites.Bind(1, *site_rowid);
    while (true) {
      ORELOG_ASSIGN_OR_RETURN(bool row, sites.Step());
      if (!row) break;
      ORELOG_ASSIGN_OR_RETURN(custody::SiteFacts site, custody::SiteFromJson(sites.Text(1)));
      // Sites are public reference data (docs/custody.md "Visibility"): both books get them.
      full.AddSite(site, incremental);
      pub.AddSite(site, incremental);
      *site_rowid = sites.Int(0);
    }
    ORELOG_ASSIGN_OR_RETURN(Stmt facts, db_.Prepare("SELECT idx, full_facts, public_facts FROM custody_facts "
                                                    "WHERE idx >= ? ORDER BY idx"));
    facts.Bind(1, static_cast<int64_t>(*next_idx));
    while (true) {
      ORELOG_ASSIGN_OR_RETURN(bool row, facts.Step());
      if (!row) break;
      const auto idx = static_cast<uint64_t>(facts.Int(0));
      ORELOG_ASSIGN_OR_RETURN(custody::EventFacts f, custody::FactsFromJson(facts.Text(1)));
      ORELOG_ASSIGN_OR_RETURN(custody::EventFacts p, custody::FactsFromJson(facts.Text(2)));
      f.index = idx;
      p.index = idx;
      if (incremental) {
        full.Apply(std::move(f));
        pub.Apply(std::move(p));
      } else {
        full.Record(std::move(f));
        pub.Record(std::move(p));
      }
      *next_idx = idx + 1;
    }
    return Status::Ok();
  };
  Status st = body();
  Status end = db_.Exec(st.ok() ? "COMMIT" : "ROLLBACK");
  ORELOG_RETURN_IF_ERROR(st);
  ORELOG_RETURN_IF_ERROR(end);
  if (!incremental) {
    full.Recompute();
    pub.Recompute();
  }
  return Status::Ok();
}

Status CustodyView::RefreshLocked() { return Load(full_, public_, true, &site_rowid_, &next_idx_); }

const std::vector<custody::Flag>& CustodyView::FlagsLocked(Access access, int64_t now_ms) {
  FlagCache& c = flag_cache_[access == Access::kFull ? 1 : 0];
  // The registry's and the agreements register's version: their latest entry
  // (registry and agreement flags depend on them).
  int64_t registry_idx = -1;
  if (auto q = db_.Prepare("SELECT max((SELECT coalesce(max(idx), -1) FROM registry_entries), "
                           "(SELECT coalesce(max(idx), -1) FROM agreement_releases))");
      q.ok()) {
    if (auto row = q->Step(); row.ok() && *row) registry_idx = q->Int(0);
  }
  if (c.valid && c.next_idx == next_idx_ && c.site_rowid == site_rowid_ && c.registry_idx == registry_idx &&
      now_ms >= c.computed_at_ms && now_ms < c.valid_until_ms) {
    return c.flags;
  }
  c.flags = access == Access::kFull ? custody::ComputeFlags(full_, now_ms, &c.valid_until_ms)
                                    : custody::PublicFlags(public_, full_, now_ms, &c.valid_until_ms);
  // Registry flags, under the same visibility rule: the public sees those
  // that the full book raises too. Without a readable registry there are none.
  if (auto reg = LoadRegistry(dir_); reg.ok()) {
    std::vector<custody::Flag> full_reg = custody::RegistryFlags(full_, *reg);
    if (access == Access::kFull) {
      for (custody::Flag& f : full_reg) c.flags.push_back(std::move(f));
    } else {
      std::set<std::string> confirmed;
      for (const custody::Flag& f : full_reg) confirmed.insert(f.id);
      for (custody::Flag& f : custody::RegistryFlags(public_, *reg)) {
        if (confirmed.count(f.id)) c.flags.push_back(std::move(f));
      }
    }
  }
  // Agreement flags (exports without an agreement in force, unpaid
  // royalties), under the same rule. Without a readable register there are
  // none, but royalty flags need only the rates.
  agreements::Register none;
  auto reg = LoadAgreements(dir_);
  const agreements::Register& agreements = reg.ok() ? *reg : none;
  std::vector<custody::Flag> full_agr = custody::AgreementFlags(full_, agreements);
  if (access == Access::kFull) {
    for (custody::Flag& f : full_agr) c.flags.push_back(std::move(f));
  } else {
    std::set<std::string> confirmed;
    for (const custody::Flag& f : full_agr) confirmed.insert(f.id);
    for (custody::Flag& f : custody::AgreementFlags(public_, agreements)) {
      if (confirmed.count(f.id)) c.flags.push_back(std::move(f));
    }
  }
  std::stable_sort(c.flags.begin(), c.flags.end(),
                   [](const custody::Flag& x, const custody::Flag& y) { return x.id < y.id; });
  c.registry_idx = registry_idx;
  c.valid = true;
  c.next_idx = next_idx_;
  c.site_rowid = site_rowid_;
  c.computed_at_ms = now_ms;
  return c.flags;
}

Status CustodyView::Refresh() {
  std::lock_guard lk(mu_);
  return RefreshLocked();
}

Result<std::string> CustodyView::AuditRecompute() {
  std::lock_guard lk(mu_);
  ORELOG_RETURN_IF_ERROR(RefreshLocked());
  // Three computations of the same facts: the live books (loaded once, then
  // caught up), a replay applying one fact at a time as capture does, and a
  // full recompute. Every figure must agree exactly.
  custody::Book inc_full(config_), inc_pub(config_), all_full(config_), all_pub(config_);
  int64_t inc_sites = 0, all_sites = 0;
  uint64_t inc_next = 0, all_next = 0;
  ORELOG_RETURN_IF_ERROR(Load(inc_full, inc_pub, true, &inc_sites, &inc_next));
  ORELOG_RETURN_IF_ERROR(Load(all_full, all_pub, false, &all_sites, &all_next));
  if (inc_next != next_idx_ || all_next != next_idx_ || inc_sites != site_rowid_ || all_sites != site_rowid_) {
    return Status::Unavailable("the ledger changed during the audit; run it again");
  }
  struct Pair {
    const char* what;
    const custody::Book& a;
    const custody::Book& b;
  };
  for (const Pair& p : {Pair{"full forms, incremental vs recompute", inc_full, all_full},
                        Pair{"public forms, incremental vs recompute", inc_pub, all_pub},
                        Pair{"full forms, live vs recompute", full_, all_full},
                        Pair{"public forms, live vs recompute", public_, all_pub}}) {
    std::string diff = custody::CompareFigures(p.a, p.b);
    if (!diff.empty()) return std::string(p.what) + ": " + diff;
  }
  return std::string();
}

size_t CustodyView::LotCount() {
  std::lock_guard lk(mu_);
  return full_.lot_count();
}

}  // namespace orelog::repo
