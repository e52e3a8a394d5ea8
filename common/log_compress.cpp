#include "common/log_compress.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

namespace sup {

namespace {

class Compressor final {
 public:
  ~Compressor() {
    wait();
    std::lock_guard<std::mutex> lock(mutex_);
    if (worker_.joinable()) worker_.join();
  }

  void queue(CompressJob job) {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
    if (running_) return;
    // The previous worker has finished its loop (running_ was cleared under the lock).
    if (worker_.joinable()) worker_.join();
    running_ = true;
    worker_ = std::thread([this] { run(); });
  }

  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [this] { return !running_; });
  }

 private:
  void run() {
    for (;;) {
      CompressJob job;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (jobs_.empty()) {
          running_ = false;
          idle_.notify_all();
          return;
        }
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      process(job);
    }
  }

  static void process(const CompressJob& job) {
    std::string tmp = job.pending + ".gz.tmp";
    bool compressed = gzip_file(job.pending, tmp);
    for (int i = job.backups - 1; i >= 1; --i) {
      std::string from = job.base + "." + std::to_string(i) + ".gz";
      std::string to = job.base + "." + std::to_string(i + 1) + ".gz";
      std::rename(from.c_str(), to.c_str());
    }
    if (compressed && std::rename(tmp.c_str(), (job.base + ".1.gz").c_str()) == 0) {
      ::unlink(job.pending.c_str());
      return;
    }
    ::unlink(tmp.c_str());
    std::rename(job.pending.c_str(), (job.base + ".1").c_str());
  }

  std::mutex mutex_;
  std::condition_variable idle_;
  std::deque<CompressJob> jobs_;
  bool running_ = false;
  std::thread worker_;
};

Compressor& compressor() {
  static Compressor instance;
  return instance;
}

}  // namespace

std::string pending_rotation_name(const std::string& base) {
  static unsigned long long sequence = 0;
  return base + ".rotating-" + std::to_string(::getpid()) + "-" + std::to_string(++sequence);
}

void queue_compression(CompressJob job) { compressor().queue(std::move(job)); }

void wait_for_compression() { compressor().wait(); }

bool gzip_file(const std::string& from, const std::string& to) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return false;
  // The backup keeps the log's permissions (AUTO logs are 0600).
  struct stat st {};
  mode_t mode = ::fstat(in, &st) == 0 ? (st.st_mode & 0777) : 0600;
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (out < 0) {
    ::close(in);
    return false;
  }
  gzFile gz = ::gzdopen(out, "wb");
  if (gz == nullptr) {
    ::close(out);
    ::close(in);
    ::unlink(to.c_str());
    return false;
  }
  bool ok = true;
  static thread_local char buffer[128 * 1024];
  for (;;) {
    ssize_t n = ::read(in, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      ok = false;
      break;
    }
    if (::gzwrite(gz, buffer, static_cast<unsigned>(n)) != static_cast<int>(n)) {
      ok = false;
      break;
    }
  }
  if (::gzclose(gz) != Z_OK) ok = false;  // closes `out`
  ::close(in);
  if (!ok) ::unlink(to.c_str());
  return ok;
}

}  // namespace sup
