// Whole-file reads and writes for tests.
#pragma once

#include <string>

namespace sup::test {

// The file's bytes; "" when it cannot be read.
std::string read_file(const std::string& path);
// Replaces the file's content with `content`; throws std::runtime_error when that fails.
void write_file(const std::string& path, const std::string& content);

}  // namespace sup::test
