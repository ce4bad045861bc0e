// Threads for work that blocks (captures wait for the group commit's fsync),
// so that the I/O threads keep serving other connections meanwhile. Each
// pool thread has its own EventReader. The queue is bounded: Submit refuses
// work when it is full, and the server answers 503 + Retry-After instead of
// buffering without bound.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "orelog/status.h"
#include "repo/event_reader.h"

namespace orelog::server {

class BlockingPool {
 public:
  using Job = std::function<void(repo::EventReader&)>;

  // Opens one EventReader per thread on the ledger in `dir`.
  static Result<std::unique_ptr<BlockingPool>> Start(const std::filesystem::path& dir, int threads, size_t max_queued);
  ~BlockingPool();  // Stop()

  // Queues `job`; false (job dropped) if max_queued jobs already wait or the pool stopped.
  bool Submit(Job job);
  size_t Queued();
  // Runs every queued job, then joins the threads. Idempotent.
  void Stop();

 private:
  BlockingPool(size_t max_queued) : max_queued_(max_queued) {}
  void Run(repo::EventReader& reader);

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;  // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::vector<std::unique_ptr<repo::EventReader>> readers_;
  std::vector<std::thread> threads_;
};

}  // namespace orelog::server
