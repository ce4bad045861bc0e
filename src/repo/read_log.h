// The read log (docs/participants.md §3.3): who was shown which full forms,
// when. Kept in its own database file beside the ledger (reads.db,
// docs/repository-format.md "Read log"), so recording a read never waits
// for the ledger's writer.
//
// MUST: Record returns OK only after the row is durable (WAL, fsync on
// commit). A server shows full forms only after their read is recorded; if
// recording fails, the answer is refused (503), never sent unrecorded.
// Rows are never updated or deleted by orelog.
//
// Thread safety: every method may be called concurrently (one connection
// behind a mutex).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "orelog/status.h"
#include "store/sqlite/db.h"

namespace orelog::repo {

struct RecordedRead {
  int64_t seq = 0;           // ascending in recording order
  std::string at;            // UTC, YYYY-MM-DDTHH:MM:SS.sssZ
  std::string party;         // the token's participant
  std::string scope;         // "read-full" or "audit"
  std::string what;          // the request: method, path and query
  std::vector<uint64_t> indices;  // log indices of the events shown in full (may be empty: a whole-book answer)
};

class ReadLog {
 public:
  static constexpr char kFile[] = "reads.db";

  // Opens (creating if needed) the read log of the ledger in `ledger_dir`.
  static Result<std::unique_ptr<ReadLog>> Open(const std::filesystem::path& ledger_dir);

  Status Record(std::string_view party, std::string_view scope, std::string_view what,
                const std::vector<uint64_t>& indices);

  // Reads with seq > `after`, oldest first, at most `limit`; only `party`'s
  // if not empty.
  Result<std::vector<RecordedRead>> List(int64_t after, size_t limit, std::string_view party);

 private:
  explicit ReadLog(store::sqlite::Db db) : db_(std::move(db)) {}
  std::mutex mu_;
  store::sqlite::Db db_;
};

}  // namespace orelog::repo
