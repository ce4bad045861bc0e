// SqliteLogWriter: sequencing (group commit), integration, publication.
#include <algorithm>
#include <cctype>
#include <ctime>

#include "store/node_tile.h"
#include "store/sqlite/sqlite_store.h"

namespace orelog::store::sqlite {
namespace {

constexpr size_t kMaxEntryBytes = 65535;  // C2SP entry bundles use uint16 lengths

bool IsIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

// The log's own tables: caller rows must never touch them (a row in
// `dedup` could hide a later entry, one in `entries` could block the log).
bool IsReservedTable(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* t : {"meta", "entries", "dedup", "tiles", "log_state", "checkpoints"}) {
    if (lower == t) return true;
  }
  return lower.rfind("sqlite_", 0) == 0;
}

Bytes PackHashes(std::span<const Hash> hashes) {
  Bytes out;
  out.reserve(hashes.size() * sizeof(Hash));
  for (const Hash& h : hashes) out.insert(out.end(), h.begin(), h.end());
  return out;
}

}  // namespace

Result<std::unique_ptr<SqliteLogWriter>> SqliteLogWriter::Open(const std::string& path,
                                                               const StoreOptions& options) {
  ORELOG_ASSIGN_OR_RETURN(Db db, Db::Open(path, Db::Mode::kReadWrite));
  ORELOG_RETURN_IF_ERROR(ReadMeta(db).status());
  // Durability contract of the store: WAL + synchronous=FULL on the write path.
  ORELOG_RETURN_IF_ERROR(db.UseDurableWal());
  ORELOG_RETURN_IF_ERROR(db.Exec("PRAGMA cache_size=-" + std::to_string(options.writer_cache_kib)));
  std::unique_ptr<SqliteLogWriter> w(new SqliteLogWriter(std::move(db)));
  ORELOG_RETURN_IF_ERROR(w->Prepare());
  ORELOG_ASSIGN_OR_RETURN(LogState state, w->LoadState());
  w->next_index_ = state.next_index;
  return w;
}

Status SqliteLogWriter::Prepare() {
  auto make = [&](std::unique_ptr<Stmt>& slot, std::string_view sql) -> Status {
    ORELOG_ASSIGN_OR_RETURN(Stmt s, db_.Prepare(sql));
    slot = std::make_unique<Stmt>(std::move(s));
    return Status::Ok();
  };
  ORELOG_RETURN_IF_ERROR(make(insert_entry_, "INSERT INTO entries (idx, data) VALUES (?, ?)"));
  ORELOG_RETURN_IF_ERROR(make(find_dedup_, "SELECT idx FROM dedup WHERE key = ?"));
  ORELOG_RETURN_IF_ERROR(make(insert_dedup_, "INSERT INTO dedup (key, idx) VALUES (?, ?)"));
  ORELOG_RETURN_IF_ERROR(make(set_next_, "UPDATE log_state SET next_index = ? WHERE id = 1"));
  ORELOG_RETURN_IF_ERROR(make(savepoint_, "SAVEPOINT batch"));
  ORELOG_RETURN_IF_ERROR(make(release_, "RELEASE batch"));
  ORELOG_RETURN_IF_ERROR(make(rollback_to_, "ROLLBACK TO batch"));
  return Status::Ok();
}

Result<LogState> SqliteLogWriter::LoadState() {
  ORELOG_ASSIGN_OR_RETURN(
      Stmt stmt, db_.Prepare("SELECT next_index, integrated, compact_range, checkpoint FROM log_state WHERE id = 1"));
  ORELOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Corruption("log_state row is missing");
  LogState s;
  s.next_index = static_cast<uint64_t>(stmt.Int(0));
  s.integrated = static_cast<uint64_t>(stmt.Int(1));
  ByteView range = stmt.Blob(2);
  if (!stmt.IsNull(3)) s.checkpoint = std::string(stmt.Text(3));
  if (s.integrated > s.next_index) {
    return Status::Corruption("log_state: integrated " + std::to_string(s.integrated) +
                              " exceeds next_index " + std::to_string(s.next_index));
  }
  if (range.size() != sizeof(Hash) * static_cast<size_t>(__builtin_popcountll(s.integrated))) {
    return Status::Corruption("log_state: compact range of " + std::to_string(range.size()) +
                              " bytes does not fit integrated size " + std::to_string(s.integrated));
  }
  for (size_t off = 0; off < range.size(); off += sizeof(Hash)) {
    Hash h;
    std::copy_n(range.begin() + static_cast<ptrdiff_t>(off), h.size(), h.begin());
    s.compact_range.push_back(h);
  }
  return s;
}

Status SqliteLogWriter::CommitOrDie(Txn& txn, const char* what) {
  Status st = txn.Commit();
  if (!st.ok()) {
    // We cannot tell whether COMMIT reached the disk: refuse to guess.
    fatal_ = Status::IOError(std::string(what) + " commit outcome unknown (" + st.message() +
                             "); the ledger refuses writes until it is reopened");
    return fatal_;
  }
  return Status::Ok();
}

Status SqliteLogWriter::InsertRow(const Row& row, const std::vector<uint64_t>& indices) {
  if (!IsIdentifier(row.table)) return Status::Invalid("row table '" + row.table + "' is not an identifier");
  if (IsReservedTable(row.table)) return Status::Invalid("row table '" + row.table + "' belongs to the log");
  if (row.columns.size() != row.values.size() || row.columns.empty()) {
    return Status::Invalid("row for " + row.table + " has " + std::to_string(row.columns.size()) +
                           " columns and " + std::to_string(row.values.size()) + " values");
  }
  std::string sql = "INSERT INTO " + row.table + " (";
  for (size_t i = 0; i < row.columns.size(); ++i) {
    if (!IsIdentifier(row.columns[i])) return Status::Invalid("column '" + row.columns[i] + "' is not an identifier");
    sql += (i ? ", " : "") + row.columns[i];
  }
  sql += ") VALUES (";
  for (size_t i = 0; i < row.columns.size(); ++i) sql += i ? ", ?" : "?";
  sql += ")";
  auto it = row_stmts_.find(sql);
  if (it == row_stmts_.end()) {
    Result<Stmt> s = db_.Prepare(sql);
    // Unknown table or column: the caller's mistake, not an I/O failure.
    if (!s.ok()) return Status::Invalid("row for " + row.table + ": " + s.status().message());
    it = row_stmts_.emplace(sql, std::move(*s)).first;
  }
  Stmt& stmt = it->second;
  for (size_t i = 0; i < row.values.size(); ++i) {
    int pos = static_cast<int>(i + 1);
    const Value& v = row.values[i];
    if (std::holds_alternative<std::monostate>(v)) stmt.BindNull(pos);
    else if (auto* n = std::get_if<int64_t>(&v)) stmt.Bind(pos, *n);
    else if (auto* d = std::get_if<double>(&v)) stmt.BindDouble(pos, *d);
    else if (auto* s = std::get_if<std::string>(&v)) stmt.Bind(pos, std::string_view(*s));
    else if (auto* b = std::get_if<Bytes>(&v)) stmt.BindBlob(pos, *b);
    else if (auto* e = std::get_if<EntryIndexOf>(&v)) {
      if (e->entry >= indices.size()) {
        stmt.Reset();
        return Status::Invalid("row refers to entry " + std::to_string(e->entry) + " of a batch of " +
                               std::to_string(indices.size()));
      }
      stmt.Bind(pos, static_cast<int64_t>(indices[e->entry]));
    }
  }
  return stmt.Run().With("insert into " + row.table);
}

Status SqliteLogWriter::SequenceOne(const Batch& batch, uint64_t& next, BatchOutcome& out, bool& all_dup) {
  for (size_t i = 0; i < batch.entries.size(); ++i) {
    if (batch.entries[i].data.size() > kMaxEntryBytes) {
      return Status::Invalid("entry " + std::to_string(i) + " of " + std::to_string(batch.entries[i].data.size()) +
                             " bytes exceeds the 65,535-byte limit of C2SP entry bundles");
    }
  }
  uint64_t idx = next;
  size_t dups = 0;
  out.indices.resize(batch.entries.size());
  out.duplicate.assign(batch.entries.size(), false);
  for (size_t i = 0; i < batch.entries.size(); ++i) {
    const NewEntry& e = batch.entries[i];
    if (!e.dedup_key.empty()) {
      find_dedup_->BindBlob(1, e.dedup_key);
      ORELOG_ASSIGN_OR_RETURN(bool found, find_dedup_->Step());
      if (found) {
        out.indices[i] = static_cast<uint64_t>(find_dedup_->Int(0));
        out.duplicate[i] = true;
        find_dedup_->Reset();
        ++dups;
        continue;
      }
      find_dedup_->Reset();
      ORELOG_RETURN_IF_ERROR(insert_dedup_->BindBlob(1, e.dedup_key).Bind(2, static_cast<int64_t>(idx)).Run());
    }
    Status put = insert_entry_->Bind(1, static_cast<int64_t>(idx)).BindBlob(2, e.data).Run();
    if (put.code() == Code::kAlreadyExists) {
      // The index we hold as next is taken: our state is wrong, stop writing.
      fatal_ = Status::Corruption("entry index " + std::to_string(idx) + " is already used; reopen the ledger");
      return fatal_;
    }
    ORELOG_RETURN_IF_ERROR(put);
    out.indices[i] = idx++;
  }
  all_dup = dups > 0 && dups == batch.entries.size();
  if (all_dup) return Status::Ok();  // the caller rolls the batch back: nothing new to write
  for (const Row& row : batch.rows) {
    if (row.only_if_new_entry) {
      if (*row.only_if_new_entry >= out.indices.size()) {
        return Status::Invalid("row is conditional on entry " + std::to_string(*row.only_if_new_entry) +
                               " of a batch of " + std::to_string(out.indices.size()));
      }
      if (out.duplicate[*row.only_if_new_entry]) continue;
    }
    ORELOG_RETURN_IF_ERROR(InsertRow(row, out.indices));
  }
  next = idx;
  return Status::Ok();
}

Result<std::vector<BatchOutcome>> SqliteLogWriter::Sequence(std::span<const Batch* const> batches) {
  if (!fatal_.ok()) return fatal_;
  Txn txn(db_);
  ORELOG_RETURN_IF_ERROR(txn.Begin());
  std::vector<BatchOutcome> outcomes(batches.size());
  uint64_t next = next_index_;
  for (size_t b = 0; b < batches.size(); ++b) {
    const Batch& batch = *batches[b];
    // Entry inserts alone fail only with the whole transaction; rows and dedup
    // keys can fail per batch, so those batches get a savepoint.
    bool isolate = !batch.rows.empty() ||
                   std::any_of(batch.entries.begin(), batch.entries.end(),
                               [](const NewEntry& e) { return !e.dedup_key.empty(); });
    if (isolate) ORELOG_RETURN_IF_ERROR(savepoint_->Run());
    uint64_t before = next;
    bool all_dup = false;
    Status st = SequenceOne(batch, next, outcomes[b], all_dup);
    if (st.ok() && all_dup) {
      // An idempotent retry: write nothing, report the earlier indices.
      ORELOG_RETURN_IF_ERROR(rollback_to_->Run());
      ORELOG_RETURN_IF_ERROR(release_->Run());
      continue;
    }
    if (st.ok()) {
      if (isolate) ORELOG_RETURN_IF_ERROR(release_->Run());
      continue;
    }
    if (!fatal_.ok()) return fatal_;
    if (!isolate && st.code() != Code::kInvalidArgument) return st;  // the transaction is unusable
    if (isolate) {
      ORELOG_RETURN_IF_ERROR(rollback_to_->Run());
      ORELOG_RETURN_IF_ERROR(release_->Run());
    }
    next = before;
    outcomes[b] = BatchOutcome{st, {}, {}};
  }
  ORELOG_RETURN_IF_ERROR(set_next_->Bind(1, static_cast<int64_t>(next)).Run());
  ORELOG_RETURN_IF_ERROR(CommitOrDie(txn, "sequencing"));
  next_index_ = next;
  return outcomes;
}

Result<std::vector<Bytes>> SqliteLogWriter::ReadEntries(uint64_t begin, uint64_t end) {
  ORELOG_ASSIGN_OR_RETURN(Stmt stmt, db_.Prepare("SELECT idx, data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx"));
  stmt.Bind(1, static_cast<int64_t>(begin)).Bind(2, static_cast<int64_t>(end));
  std::vector<Bytes> out;
  while (true) {
    ORELOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (static_cast<uint64_t>(stmt.Int(0)) != begin + out.size()) {
      return Status::Corruption("entry " + std::to_string(begin + out.size()) + " is missing");
    }
    ByteView d = stmt.Blob(1);
    out.emplace_back(d.begin(), d.end());
  }
  if (out.size() != end - begin) return Status::Corruption("entry " + std::to_string(begin + out.size()) + " is missing");
  return out;
}

Result<Bytes> SqliteLogWriter::ReadNodeTile(uint32_t level, uint64_t index) {
  ORELOG_ASSIGN_OR_RETURN(Stmt stmt, db_.Prepare("SELECT nodes FROM tiles WHERE id = ?"));
  stmt.Bind(1, TileKey(level, index));
  ORELOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Bytes{};
  ByteView b = stmt.Blob(0);
  return Bytes(b.begin(), b.end());
}

Status SqliteLogWriter::Integrate(uint64_t old_size, uint64_t new_size, std::span<const Hash> compact_range,
                                  std::span<const TileWrite> tiles) {
  if (!fatal_.ok()) return fatal_;
  // Never persist a state that LoadState would reject.
  if (new_size < old_size || new_size > next_index_) {
    return Status::Invalid("cannot integrate to size " + std::to_string(new_size) + " from " +
                           std::to_string(old_size) + " with " + std::to_string(next_index_) + " sequenced");
  }
  if (compact_range.size() != static_cast<size_t>(__builtin_popcountll(new_size))) {
    return Status::Invalid("compact range of " + std::to_string(compact_range.size()) + " roots for size " +
                           std::to_string(new_size));
  }
  Txn txn(db_);
  ORELOG_RETURN_IF_ERROR(txn.Begin());
  ORELOG_ASSIGN_OR_RETURN(int64_t current, db_.QueryInt("SELECT integrated FROM log_state WHERE id = 1"));
  if (static_cast<uint64_t>(current) != old_size) {
    return Status::Precondition("integrated size is " + std::to_string(current) + ", not " + std::to_string(old_size));
  }
  ORELOG_ASSIGN_OR_RETURN(Stmt put, db_.Prepare("INSERT OR REPLACE INTO tiles (id, nodes) VALUES (?, ?)"));
  for (const TileWrite& t : tiles) {
    ORELOG_RETURN_IF_ERROR(put.Bind(1, TileKey(t.level, t.index)).BindBlob(2, t.nodes).Run());
  }
  ORELOG_ASSIGN_OR_RETURN(Stmt upd, db_.Prepare("UPDATE log_state SET integrated = ?, compact_range = ? WHERE id = 1"));
  ORELOG_RETURN_IF_ERROR(upd.Bind(1, static_cast<int64_t>(new_size)).BindBlob(2, PackHashes(compact_range)).Run());
  return CommitOrDie(txn, "integration");
}

Status SqliteLogWriter::PublishCheckpoint(std::string_view old_note, uint64_t size, std::string_view new_note) {
  if (!fatal_.ok()) return fatal_;
  Txn txn(db_);
  ORELOG_RETURN_IF_ERROR(txn.Begin());
  ORELOG_ASSIGN_OR_RETURN(Stmt cas, db_.Prepare("UPDATE log_state SET checkpoint = ? WHERE id = 1 AND checkpoint IS ?"));
  cas.Bind(1, new_note);
  if (old_note.empty()) cas.BindNull(2);
  else cas.Bind(2, old_note);
  ORELOG_RETURN_IF_ERROR(cas.Run());
  if (sqlite3_changes(db_.handle()) != 1) return Status::Precondition("checkpoint changed concurrently (compare-and-swap lost)");
  ORELOG_ASSIGN_OR_RETURN(Stmt hist, db_.Prepare("INSERT INTO checkpoints (size, note, published_at) VALUES (?, ?, ?)"));
  ORELOG_RETURN_IF_ERROR(hist.Bind(1, static_cast<int64_t>(size)).Bind(2, new_note)
                             .Bind(3, static_cast<int64_t>(std::time(nullptr))).Run());
  return CommitOrDie(txn, "publication");
}

}  // namespace orelog::store::sqlite
