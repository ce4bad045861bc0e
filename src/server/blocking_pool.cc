#include "server/blocking_pool.h"

namespace orelog::server {

Result<std::unique_ptr<BlockingPool>> BlockingPool::Start(const std::filesystem::path& dir, int threads,
                                                          size_t max_queued) {
  if (threads < 1 || threads > 1024) return Status::Invalid("blocking pool threads must be in 1..1024");
  std::unique_ptr<BlockingPool> pool(new BlockingPool(max_queued));
  for (int i = 0; i < threads; ++i) {
    ORELOG_ASSIGN_OR_RETURN(auto reader, repo::EventReader::Open(dir));
    pool->readers_.push_back(std::move(reader));
  }
  for (auto& r : pool->readers_) {
    repo::EventReader* reader = r.get();
    BlockingPool* self = pool.get();
    pool->threads_.emplace_back([self, reader] { self->Run(*reader); });
  }
  return pool;
}

BlockingPool::~BlockingPool() { Stop(); }

bool BlockingPool::Submit(Job job) {
  {
    std::lock_guard lk(mu_);
    if (stopping_ || queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return true;
}

size_t BlockingPool::Queued() {
  std::lock_guard lk(mu_);
  return queue_.size();
}

void BlockingPool::Stop() {
  {
    std::lock_guard lk(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void BlockingPool::Run(repo::EventReader& reader) {
  while (true) {
    Job job;
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job(reader);
  }
}

}  // namespace orelog::server
