// Scratch directories for tests.
#pragma once

#include <string>

namespace sup::test {

// A fresh directory under $TMPDIR (or /tmp) made by mkdtemp; it and everything in it are
// removed when the owner goes out of scope.
class TempDir final {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace sup::test
