// Ledger: directory set-up (Init/Open) and the public API's forwarding.
#include "orelog/ledger.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "base/file.h"
#include "log/ledger_impl.h"

namespace orelog {
namespace {

std::string ModeText(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03o", static_cast<unsigned>(mode & 0777));
  return buf;
}

Result<std::string> ReadKeyFile(const std::filesystem::path& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::NotFound("no signing key at " + path.string());
    return Status::IOError("cannot stat " + path.string() + ": " + std::strerror(errno));
  }
  if ((st.st_mode & 077) != 0) {
    return Status::Precondition(path.string() + " is readable by group or others (mode " + ModeText(st.st_mode) + "); run chmod 600 on it");
  }
  ORELOG_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 4096));
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// Takes an exclusive flock on the ledger directory itself (a lock file could
// be deleted by mistake, letting a second writer in), so that only one
// process writes a ledger. The kernel drops the lock when the process dies,
// so a crash never leaves it held.
Result<int> LockWriter(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("cannot open " + dir.string() + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Status::Unavailable("ledger " + dir.string() + " is open for writing by another process");
  }
  return fd;
}

}  // namespace

Result<std::string> Ledger::Init(const std::filesystem::path& dir, const std::string& origin) {
  // Everything is built in a sibling staging directory and renamed into
  // place at the end (rename(2) replaces a missing or empty directory
  // atomically), so a crash or error never leaves a half-made ledger in DIR.
  std::filesystem::path target = dir.has_filename() ? dir : dir.parent_path();
  ORELOG_ASSIGN_OR_RETURN(bool exists, PathExists(target));
  if (exists) {
    std::error_code ec;
    bool empty = std::filesystem::is_empty(target, ec);
    if (ec) return Status::IOError("cannot read " + target.string() + ": " + ec.message());
    if (!empty) {
      ORELOG_ASSIGN_OR_RETURN(bool has_db, PathExists(target / kDatabaseFile));
      ORELOG_ASSIGN_OR_RETURN(bool has_key, PathExists(target / kKeyFile));
      return Status::Exists(target.string() + (has_db || has_key ? " already holds a ledger" : " is not empty"));
    }
  }
  ORELOG_ASSIGN_OR_RETURN(tlog::SignerKey key, tlog::SignerKey::Generate(origin));
  std::string vkey = key.Verifier().ToString();
  std::filesystem::path parent = target.parent_path().empty() ? "." : target.parent_path();
  ORELOG_RETURN_IF_ERROR(CreateDirectories(parent));
  std::filesystem::path staging = target;
  staging += ".init-" + std::to_string(::getpid());
  // 0700: the directory holds the signing key and (later) private event forms.
  if (::mkdir(staging.c_str(), 0700) != 0) {
    return Status::IOError("cannot create " + staging.string() + ": " + std::strerror(errno));
  }
  Status st = [&]() -> Status {
    std::string skey = key.ToString() + "\n";
    ORELOG_RETURN_IF_ERROR(WriteFileAtomic(staging / kKeyFile, AsBytes(skey), 0600, /*exclusive=*/true));
    ORELOG_RETURN_IF_ERROR(store::sqlite::CreateDatabase((staging / kDatabaseFile).string(), origin, vkey));
    // Publish the empty tree's checkpoint so the ledger is readable at once.
    LedgerOptions options;
    options.publish_interval = std::chrono::milliseconds(0);
    ORELOG_ASSIGN_OR_RETURN(std::unique_ptr<Ledger> ledger, Open(staging, options));
    ORELOG_RETURN_IF_ERROR(ledger->Publish().status());
    ledger.reset();  // closes the database before the move
    if (::rename(staging.c_str(), target.c_str()) != 0) {
      return Status::IOError("cannot move the new ledger to " + target.string() + ": " + std::strerror(errno));
    }
    return SyncDir(parent);  // the rename must be durable before the vkey is handed out
  }();
  if (!st.ok()) {
    std::error_code ec;
    std::filesystem::remove_all(staging, ec);  // best effort: it was ours alone
  }
  ORELOG_RETURN_IF_ERROR(st);
  return vkey;
}

Result<std::unique_ptr<Ledger>> Ledger::Open(const std::filesystem::path& dir, const LedgerOptions& options) {
  std::string db_path = (dir / kDatabaseFile).string();
  ORELOG_ASSIGN_OR_RETURN(bool exists, PathExists(db_path));
  if (!exists) return Status::NotFound("no ledger at " + dir.string());
  ORELOG_ASSIGN_OR_RETURN(int lock_fd, LockWriter(dir));
  struct LockGuard {  // released on every early return below; kept by Impl on success
    int fd;
    ~LockGuard() { if (fd >= 0) ::close(fd); }
  } lock{lock_fd};
  ORELOG_ASSIGN_OR_RETURN(std::string skey, ReadKeyFile(dir / kKeyFile));
  ORELOG_ASSIGN_OR_RETURN(tlog::SignerKey key, tlog::SignerKey::Parse(skey));
  store::sqlite::StoreOptions so;
  so.writer_cache_kib = options.writer_cache_kib;
  so.reader_cache_kib = options.reader_cache_kib;
  ORELOG_ASSIGN_OR_RETURN(auto writer, store::sqlite::SqliteLogWriter::Open(db_path, so));
  ORELOG_ASSIGN_OR_RETURN(store::sqlite::Meta meta, store::sqlite::ReadMeta(writer->db()));
  std::string vkey = key.Verifier().ToString();
  if (meta.vkey != vkey || meta.origin != key.name()) {
    return Status::Precondition("signing key " + vkey + " does not belong to this ledger (" + meta.vkey + ")");
  }
  auto impl = std::make_unique<Impl>(dir, options, std::move(key), std::move(vkey), std::move(writer));
  ORELOG_RETURN_IF_ERROR(impl->Start());
  impl->HoldLock(std::exchange(lock.fd, -1));
  return std::unique_ptr<Ledger>(new Ledger(std::move(impl)));
}

Result<std::unique_ptr<store::LogReader>> Ledger::OpenReader(const std::filesystem::path& dir) {
  std::string db_path = (dir / kDatabaseFile).string();
  ORELOG_ASSIGN_OR_RETURN(bool exists, PathExists(db_path));
  if (!exists) return Status::NotFound("no ledger at " + dir.string());
  ORELOG_ASSIGN_OR_RETURN(auto reader, store::sqlite::SqliteLogReader::Open(db_path));
  return std::unique_ptr<store::LogReader>(std::move(reader));
}

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ledger::~Ledger() = default;

Result<store::BatchOutcome> Ledger::Append(store::Batch batch) { return impl_->Append(std::move(batch)); }

Result<std::vector<Result<store::BatchOutcome>>> Ledger::AppendAll(std::vector<store::Batch> batches) {
  return impl_->AppendAll(std::move(batches));
}
size_t Ledger::QueuedEntries() { return impl_->QueuedEntries(); }

Result<std::vector<uint64_t>> Ledger::AppendEntries(const std::vector<Bytes>& entries) {
  store::Batch batch;
  batch.entries.reserve(entries.size());
  for (const Bytes& e : entries) batch.entries.push_back({e, {}});
  ORELOG_ASSIGN_OR_RETURN(store::BatchOutcome out, impl_->Append(std::move(batch)));
  return out.indices;
}

Result<std::string> Ledger::Publish() { return impl_->Publish(); }
Result<std::string> Ledger::Checkpoint() { return impl_->Checkpoint(); }
Result<std::vector<Hash>> Ledger::InclusionProof(uint64_t index, uint64_t tree_size) {
  return impl_->InclusionProof(index, tree_size);
}
Result<std::vector<Hash>> Ledger::ConsistencyProof(uint64_t size1, uint64_t size2) {
  return impl_->ConsistencyProof(size1, size2);
}
Result<Bytes> Ledger::Entry(uint64_t index) { return impl_->Entry(index); }
const std::string& Ledger::origin() const { return impl_->origin(); }
const std::string& Ledger::vkey() const { return impl_->vkey(); }

Result<ed25519::Signature> Ledger::SignDocument(std::string_view domain, std::string_view body) {
  if (domain.empty() || domain.find('\n') != std::string_view::npos || !domain.starts_with("orelog-")) {
    return Status::Invalid("a document signature domain is one line starting with orelog-");
  }
  std::string message(domain);
  message += '\n';
  message += body;
  return impl_->key().Sign(AsBytes(message));
}
Result<std::unique_ptr<store::LogReader>> Ledger::NewReader() { return impl_->NewReader(); }

}  // namespace orelog
