// The one seam between the configuration reader and the machine it runs on. Everything the
// loader asks the operating system goes through System, so that tests can answer like the
// corpus reference machine (../shared/corpus/README.md) without touching the real one.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sup {

struct PasswdEntry {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;  // primary group
  std::string home;
};

struct GroupEntry {
  std::string name;
  gid_t gid = 0;
};

// Outcome of reading a whole file: Python's open() either succeeds, finds nothing, or fails
// for another reason (a directory, no permission).
struct FileRead {
  enum class Status { kOk, kNotFound, kUnreadable };
  Status status = Status::kNotFound;
  std::string bytes;  // kOk only
};

class System {
 public:
  virtual ~System() = default;

  // The process environment in its original order (order is visible in error messages and
  // in "%s" expansions).
  virtual std::vector<std::pair<std::string, std::string>> environment() const = 0;
  virtual std::string hostname() const = 0;  // platform.node()
  virtual uid_t effective_uid() const = 0;
  virtual std::optional<PasswdEntry> user_by_name(const std::string& name) const = 0;
  virtual std::optional<PasswdEntry> user_by_uid(uid_t uid) const = 0;
  virtual std::optional<GroupEntry> group_by_name(const std::string& name) const = 0;
  virtual std::optional<GroupEntry> group_by_gid(gid_t gid) const = 0;
  // os.path.isdir(path) as seen by the value checks (existing_directory, existing_dirpath).
  virtual bool is_directory(const std::string& path) const = 0;
  // os.path.exists(path): used to find the main config file.
  virtual bool exists(const std::string& path) const = 0;
  // Python glob.glob(pattern) (no recursion, hidden names need a leading '.').
  virtual std::vector<std::string> glob(const std::string& pattern) const = 0;
  virtual FileRead read_file(const std::string& path) const = 0;
  virtual std::string current_directory() const = 0;

  // Convenience: one variable of environment(), nullopt when unset.
  std::optional<std::string> getenv(const std::string& name) const;
};

// The machine we actually run on (getpwnam, stat, getcwd, ...).
class RealSystem final : public System {
 public:
  std::vector<std::pair<std::string, std::string>> environment() const override;
  std::string hostname() const override;
  uid_t effective_uid() const override;
  std::optional<PasswdEntry> user_by_name(const std::string& name) const override;
  std::optional<PasswdEntry> user_by_uid(uid_t uid) const override;
  std::optional<GroupEntry> group_by_name(const std::string& name) const override;
  std::optional<GroupEntry> group_by_gid(gid_t gid) const override;
  bool is_directory(const std::string& path) const override;
  bool exists(const std::string& path) const override;
  std::vector<std::string> glob(const std::string& pattern) const override;
  FileRead read_file(const std::string& path) const override;
  std::string current_directory() const override;
};

// Python 3.11 glob.glob() on the real file system (shared by RealSystem and test machines).
std::vector<std::string> python_glob(const std::string& pattern);

}  // namespace sup
