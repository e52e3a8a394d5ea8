// Python 3.11 glob.glob() and fnmatch rules, on the real file system.
#include <dirent.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "common/pystr.h"
#include "common/system.h"

namespace sup {

namespace {

bool has_magic(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

bool lexists(const std::string& p) {
  struct stat st {};
  return lstat(p.c_str(), &st) == 0;
}

bool isdir(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// os.path.split
std::pair<std::string, std::string> split_path(const std::string& p) {
  std::size_t i = p.rfind('/');
  i = i == std::string::npos ? 0 : i + 1;
  std::string head = p.substr(0, i), tail = p.substr(i);
  if (!head.empty() && head.find_first_not_of('/') != std::string::npos) {
    while (!head.empty() && head.back() == '/') head.pop_back();
  }
  return {head, tail};
}

std::string join(const std::string& a, const std::string& b) {
  if (a.empty() || a.back() == '/') return a + b;
  return a + "/" + b;
}

std::vector<std::string> listdir(const std::string& dir, bool dironly) {
  std::vector<std::string> names;
  std::string d = dir.empty() ? "." : dir;
  DIR* h = opendir(d.c_str());
  if (!h) return names;
  while (struct dirent* e = readdir(h)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    if (dironly && !isdir(join(d, name))) continue;
    names.push_back(name);
  }
  closedir(h);
  return names;
}

// fnmatch.fnmatchcase(name, pattern) on code points.
bool match_class(const std::u32string& p, std::size_t& i, char32_t c, bool& valid) {
  // p[i] == '['; find the closing bracket as fnmatch.translate does.
  std::size_t j = i + 1;
  if (j < p.size() && p[j] == '!') ++j;
  if (j < p.size() && p[j] == ']') ++j;
  while (j < p.size() && p[j] != ']') ++j;
  if (j >= p.size()) {
    valid = false;  // a literal '['
    return false;
  }
  valid = true;
  std::u32string stuff = p.substr(i + 1, j - i - 1);
  i = j + 1;
  bool negate = false;
  if (!stuff.empty() && stuff[0] == '!') {
    negate = true;
    stuff = stuff.substr(1);
  }
  bool hit = false;
  for (std::size_t k = 0; k < stuff.size(); ++k) {
    if (k + 2 < stuff.size() && stuff[k + 1] == '-') {
      if (stuff[k] <= c && c <= stuff[k + 2]) hit = true;
      k += 2;
    } else if (stuff[k] == c) {
      hit = true;
    }
  }
  if (stuff.empty() && !negate) return false;  // "[]" never matches (cannot occur)
  return negate ? !hit : hit;
}

bool fnmatch_from(const std::u32string& name, std::size_t n, const std::u32string& p, std::size_t i) {
  while (i < p.size()) {
    char32_t pc = p[i];
    if (pc == '*') {
      while (i < p.size() && p[i] == '*') ++i;
      if (i == p.size()) return true;
      for (std::size_t k = n; k <= name.size(); ++k) {
        if (fnmatch_from(name, k, p, i)) return true;
      }
      return false;
    }
    if (n >= name.size()) return false;
    if (pc == '?') {
      ++i;
      ++n;
      continue;
    }
    if (pc == '[') {
      std::size_t save = i;
      bool valid = false;
      bool ok = match_class(p, i, name[n], valid);
      if (valid) {
        if (!ok) return false;
        ++n;
        continue;
      }
      i = save;  // literal '['
    }
    if (name[n] != pc) return false;
    ++i;
    ++n;
  }
  return n == name.size();
}

std::vector<std::string> glob1(const std::string& dir, const std::string& pattern, bool dironly) {
  std::vector<std::string> out;
  std::u32string p = utf8_to_u32(pattern);
  bool pattern_hidden = !pattern.empty() && pattern[0] == '.';
  for (const auto& name : listdir(dir, dironly)) {
    if (!pattern_hidden && name[0] == '.') continue;
    if (fnmatch_from(utf8_to_u32(name), 0, p, 0)) out.push_back(name);
  }
  return out;
}

std::vector<std::string> glob0(const std::string& dir, const std::string& base) {
  if (base.empty() ? isdir(dir) : lexists(join(dir, base))) return {base};
  return {};
}

std::vector<std::string> iglob(const std::string& pathname, bool dironly) {
  auto [dirname, basename] = split_path(pathname);
  if (!has_magic(pathname)) {
    if (!basename.empty() ? lexists(pathname) : isdir(dirname)) return {pathname};
    return {};
  }
  if (dirname.empty()) return glob1("", basename, dironly);
  std::vector<std::string> dirs;
  if (dirname != pathname && has_magic(dirname)) {
    dirs = iglob(dirname, true);
  } else {
    dirs = {dirname};
  }
  std::vector<std::string> out;
  for (const auto& d : dirs) {
    auto names = has_magic(basename) ? glob1(d, basename, dironly) : glob0(d, basename);
    for (const auto& n : names) out.push_back(join(d, n));
  }
  return out;
}

}  // namespace

std::vector<std::string> python_glob(const std::string& pattern) { return iglob(pattern, false); }

}  // namespace sup
