#include "repo/read_log.h"

#include <charconv>

#include "repo/capture.h"

namespace orelog::repo {
using store::sqlite::Db;
using store::sqlite::Stmt;

namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS read_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  party TEXT NOT NULL,
  scope TEXT NOT NULL,
  what TEXT NOT NULL,
  indices TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS read_log_party ON read_log (party, seq);
)sql";

std::string JoinIndices(const std::vector<uint64_t>& indices) {
  std::string out;
  for (uint64_t i : indices) {
    if (!out.empty()) out += ',';
    out += std::to_string(i);
  }
  return out;
}

Result<std::vector<uint64_t>> SplitIndices(std::string_view text) {
  std::vector<uint64_t> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc() || p != item.data() + item.size()) return Status::Corruption("read log: bad index list");
    out.push_back(v);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<ReadLog>> ReadLog::Open(const std::filesystem::path& ledger_dir) {
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open((ledger_dir / kFile).string(), Db::Mode::kReadWriteCreate));
  ORELOG_RETURN_IF_ERROR(db.UseDurableWal());
  ORELOG_RETURN_IF_ERROR(db.Exec(kSchema));
  return std::unique_ptr<ReadLog>(new ReadLog(std::move(db)));
}

Status ReadLog::Record(std::string_view party, std::string_view scope, std::string_view what,
                       const std::vector<uint64_t>& indices) {
  const std::string at = UtcNowMillis();
  const std::string list = JoinIndices(indices);
  std::lock_guard lk(mu_);
  ORELOG_ASSIGN_OR_RETURN(Stmt s, db_.Prepare("INSERT INTO read_log (at, party, scope, what, indices) VALUES (?, ?, ?, ?, ?)"));
  return s.Bind(1, std::string_view(at)).Bind(2, party).Bind(3, scope).Bind(4, what).Bind(5, std::string_view(list)).Run();
}

Result<std::vector<RecordedRead>> ReadLog::List(int64_t after, size_t limit, std::string_view party) {
  std::lock_guard lk(mu_);
  ORELOG_ASSIGN_OR_RETURN(Stmt s, db_.Prepare(party.empty()
                                                  ? "SELECT seq, at, party, scope, what, indices FROM read_log "
                                                    "WHERE seq > ?1 ORDER BY seq LIMIT ?2"
                                                  : "SELECT seq, at, party, scope, what, indices FROM read_log "
                                                    "WHERE seq > ?1 AND party = ?3 ORDER BY seq LIMIT ?2"));
  s.Bind(1, after).Bind(2, static_cast<int64_t>(limit));
  if (!party.empty()) s.Bind(3, party);
  std::vector<RecordedRead> out;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    RecordedRead r;
    r.seq = s.Int(0);
    r.at = std::string(s.Text(1));
    r.party = std::string(s.Text(2));
    r.scope = std::string(s.Text(3));
    r.what = std::string(s.Text(4));
    ORELOG_ASSIGN_OR_RETURN(r.indices, SplitIndices(s.Text(5)));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace orelog::repo
