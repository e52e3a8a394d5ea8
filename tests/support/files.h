// Whole-file reads and writes, and questions about paths, for tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sup::test {

// The file's bytes; "" when it cannot be read.
std::string read_file(const std::string& path);
// Replaces the file's content with `content`; throws std::runtime_error when that fails.
void write_file(const std::string& path, const std::string& content);
bool file_exists(const std::string& path);
// Size in bytes; -1 when the path does not exist.
std::int64_t file_size(const std::string& path);
// Names in a directory (no . and ..), sorted; empty when it cannot be read.
std::vector<std::string> list_dir(const std::string& path);

}  // namespace sup::test
