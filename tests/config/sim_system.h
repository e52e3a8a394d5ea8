// The corpus reference machine (tests/config/corpus/README.md, "Checks that depend on the
// machine"): fixed environment, hostname corpus-host, uid 0, accounts from the fixtures,
// every directory but /nonexistent exists, includes only see files under the top config's
// directory, working directory "/".
#pragma once

#include <string>
#include <vector>

#include "common/system.h"

namespace sup::test {

class SimSystem final : public System {
 public:
  // `fixtures_dir`: corpus/fixtures; `top_config_dir`: directory of the config under test.
  SimSystem(const std::string& fixtures_dir, const std::string& top_config_dir);

  std::vector<std::pair<std::string, std::string>> environment() const override { return env_; }
  std::string hostname() const override { return "corpus-host"; }
  uid_t effective_uid() const override { return 0; }
  std::optional<PasswdEntry> user_by_name(const std::string& name) const override;
  std::optional<PasswdEntry> user_by_uid(uid_t uid) const override;
  std::optional<GroupEntry> group_by_name(const std::string& name) const override;
  std::optional<GroupEntry> group_by_gid(gid_t gid) const override;
  bool is_directory(const std::string& path) const override;
  bool exists(const std::string& path) const override { return real_.exists(path); }
  std::vector<std::string> glob(const std::string& pattern) const override;
  FileRead read_file(const std::string& path) const override { return real_.read_file(path); }
  std::string current_directory() const override { return "/"; }

 private:
  RealSystem real_;
  std::vector<std::pair<std::string, std::string>> env_;
  std::vector<PasswdEntry> users_;
  std::vector<GroupEntry> groups_;
  std::string visible_root_;  // realpath(top_config_dir) + "/"
};

// Replaces `here` (and its parent, as "{HERE}/..") in every string of `doc`, as expected.py
// canonicalize() does.
std::string canonicalize_text(const std::string& s, const std::string& here);

}  // namespace sup::test
