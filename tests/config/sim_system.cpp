#include "tests/config/sim_system.h"

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/value_types.h"

namespace sup::test {

namespace {

std::vector<std::vector<std::string>> read_colon_file(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, ':')) fields.push_back(f);
    if (!line.empty() && line.back() == ':') fields.emplace_back();
    rows.push_back(fields);
  }
  return rows;
}

std::string real_path(const std::string& p) {
  char buf[PATH_MAX];
  if (!realpath(p.c_str(), buf)) return p;
  return buf;
}

}  // namespace

SimSystem::SimSystem(const std::string& fixtures_dir, const std::string& top_config_dir) {
  std::ifstream env(fixtures_dir + "/environment");
  std::string line;
  while (std::getline(env, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto eq = line.find('=');
    env_.emplace_back(line.substr(0, eq), eq == std::string::npos ? "" : line.substr(eq + 1));
  }
  for (const auto& r : read_colon_file(fixtures_dir + "/passwd")) {
    if (r.size() < 6) continue;
    users_.push_back(PasswdEntry{r[0], static_cast<uid_t>(std::stoul(r[2])),
                                 static_cast<gid_t>(std::stoul(r[3])), r[5]});
  }
  for (const auto& r : read_colon_file(fixtures_dir + "/group")) {
    if (r.size() < 3) continue;
    groups_.push_back(GroupEntry{r[0], static_cast<gid_t>(std::stoul(r[2]))});
  }
  visible_root_ = real_path(top_config_dir) + "/";
}

std::optional<PasswdEntry> SimSystem::user_by_name(const std::string& name) const {
  for (const auto& u : users_) {
    if (u.name == name) return u;
  }
  return std::nullopt;
}

std::optional<PasswdEntry> SimSystem::user_by_uid(uid_t uid) const {
  for (const auto& u : users_) {
    if (u.uid == uid) return u;
  }
  return std::nullopt;
}

std::optional<GroupEntry> SimSystem::group_by_name(const std::string& name) const {
  for (const auto& g : groups_) {
    if (g.name == name) return g;
  }
  return std::nullopt;
}

std::optional<GroupEntry> SimSystem::group_by_gid(gid_t gid) const {
  for (const auto& g : groups_) {
    if (g.gid == gid) return g;
  }
  return std::nullopt;
}

bool SimSystem::is_directory(const std::string& path) const {
  if (path.empty() || path.find('\0') != std::string::npos) return false;
  std::string abs = normpath(path_join("/", path));
  return !(abs == "/nonexistent" || abs.rfind("/nonexistent/", 0) == 0);
}

std::vector<std::string> SimSystem::glob(const std::string& pattern) const {
  std::vector<std::string> out;
  for (const auto& p : python_glob(pattern)) {
    if (real_path(p).rfind(visible_root_, 0) == 0) out.push_back(p);
  }
  return out;
}

namespace {

bool is_word_after(const std::string& s, std::size_t i) {
  if (i >= s.size()) return false;
  unsigned char c = static_cast<unsigned char>(s[i]);
  return std::isalnum(c) || c == '_' || c == '.' || c == '-' || c >= 0x80;
}

std::string replace_token(const std::string& s, const std::string& needle, const std::string& token) {
  if (needle.empty()) return s;
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t at = s.find(needle, pos);
    if (at == std::string::npos) break;
    out.append(s, pos, at - pos);
    if (is_word_after(s, at + needle.size())) {
      out += needle;
    } else {
      out += token;
    }
    pos = at + needle.size();
  }
  out.append(s, pos, std::string::npos);
  return out;
}

}  // namespace

std::string canonicalize_text(const std::string& s, const std::string& here) {
  std::string out = replace_token(s, here, "{HERE}");
  std::string parent = dirname(here);
  if (parent != here && parent != "/") out = replace_token(out, parent, "{HERE}/..");
  return out;
}

}  // namespace sup::test
