// Ledger::Impl, read side: a pool of reader connections serving checkpoints,
// entries and proofs. Readers never take the write lock.
#include "log/ledger_impl.h"
#include "log/proofs.h"

namespace orelog {

Result<std::string> Ledger::Impl::Checkpoint() {
  return WithReader([](store::LogReader& r) { return r.Checkpoint(); });
}

Result<Bytes> Ledger::Impl::Entry(uint64_t index) {
  return WithReader([&](store::LogReader& r) { return r.Entry(index); });
}

Result<std::vector<Hash>> Ledger::Impl::InclusionProof(uint64_t index, uint64_t tree_size) {
  return WithReader([&](store::LogReader& r) {
    thread_local merkle::Hasher hasher;
    return log::InclusionProof(r, hasher, index, tree_size);
  });
}

Result<std::vector<Hash>> Ledger::Impl::ConsistencyProof(uint64_t size1, uint64_t size2) {
  return WithReader([&](store::LogReader& r) {
    thread_local merkle::Hasher hasher;
    return log::ConsistencyProof(r, hasher, size1, size2);
  });
}

Result<std::unique_ptr<store::sqlite::SqliteLogReader>> Ledger::Impl::OpenReader() {
  store::sqlite::StoreOptions so;
  so.reader_cache_kib = options_.reader_cache_kib;
  return store::sqlite::SqliteLogReader::Open((dir_ / kDatabaseFile).string(), so);
}

Result<std::unique_ptr<store::LogReader>> Ledger::Impl::NewReader() {
  ORELOG_ASSIGN_OR_RETURN(auto reader, OpenReader());
  return std::unique_ptr<store::LogReader>(std::move(reader));
}

}  // namespace orelog
