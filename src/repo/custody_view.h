// The live custody view of a ledger: two custody books (custody/book.h), one
// folded from the full forms' facts for entitled callers and one from the
// public forms' facts for everyone, kept current from the custody tables.
//
// Nothing here reads the log: the books are loaded from custody_facts and
// custody_sites (written in the same commit as their events) and caught up
// by Refresh(), which folds in only the rows committed since the last one
// (incremental figures; custody/book.h). Rows become visible in log order,
// because indices are assigned in commit order.
//
// Thread safety: every method may be called concurrently; one mutex guards
// the books (reads are short; a refresh holds it while folding new facts).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "custody/book.h"
#include "custody/flags.h"
#include "orelog/status.h"
#include "repo/event_reader.h"
#include "store/sqlite/db.h"

namespace orelog::repo {

class CustodyView {
 public:
  // Loads both books (Record + one Recompute). The repository tables must exist.
  static Result<std::unique_ptr<CustodyView>> Open(const std::filesystem::path& ledger_dir,
                                                   custody::BookConfig config = {});

  // Folds in the sites and facts committed since the last refresh.
  Status Refresh();

  // Runs fn(const custody::Book&) on the book for `access`, after a refresh,
  // under the view's lock; returns what fn returns.
  template <typename Fn>
  auto Read(Access access, Fn&& fn) {
    std::lock_guard lk(mu_);
    (void)RefreshLocked();  // a failed refresh still answers from the last good state
    return fn(access == Access::kFull ? full_ : public_);
  }

  // Runs fn(const Book& public_book, const Book& full_book) on one snapshot.
  template <typename Fn>
  auto ReadBoth(Fn&& fn) {
    std::lock_guard lk(mu_);
    (void)RefreshLocked();
    return fn(public_, full_);
  }

  // Runs fn(public_book, full_book, flags) on one snapshot, with the red
  // flags `access` may see (custody::ComputeFlags of the full book, or
  // custody::PublicFlags). Flags are computed over the whole book, so they
  // are cached: recomputed when a fact or site has been folded in since, or
  // when the clock reaches the moment a pending shipment would be flagged
  // (the only rule that reads the clock), so a cached answer is always the
  // one a fresh computation would give.
  template <typename Fn>
  auto ReadWithFlags(Access access, int64_t now_ms, Fn&& fn) {
    std::lock_guard lk(mu_);
    (void)RefreshLocked();
    return fn(public_, full_, FlagsLocked(access, now_ms));
  }

  // Rebuilds both books from the tables from scratch and compares every
  // figure with the live ones: empty when they agree exactly, else the first
  // difference (`orelog recompute`).
  Result<std::string> AuditRecompute();

  size_t LotCount();

 private:
  CustodyView(std::filesystem::path dir, store::sqlite::Db db, custody::BookConfig config);
  Status RefreshLocked();
  const std::vector<custody::Flag>& FlagsLocked(Access access, int64_t now_ms);

  struct FlagCache {
    bool valid = false;
    uint64_t next_idx = 0;
    int64_t site_rowid = 0;
    int64_t computed_at_ms = 0;
    int64_t valid_until_ms = 0;
    int64_t registry_idx = -1;  // the registry's latest entry when computed  // the clock reading at which a pending shipment's flag would appear
    std::vector<custody::Flag> flags;
  };
  Status Load(custody::Book& full, custody::Book& pub, bool incremental, int64_t* site_rowid, uint64_t* next_idx);

  std::mutex mu_;
  std::filesystem::path dir_;
  store::sqlite::Db db_;
  custody::BookConfig config_;
  custody::Book full_;
  custody::Book public_;
  int64_t site_rowid_ = 0;  // custody_sites rows folded: rowid <= this
  uint64_t next_idx_ = 0;   // custody_facts rows folded: idx < this
  FlagCache flag_cache_[2];  // [Access::kPublic], [Access::kFull]
};

}  // namespace orelog::repo
