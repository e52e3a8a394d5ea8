// Small string operations the tests share.
#pragma once

#include <string>
#include <vector>

namespace sup::test {

// `text` cut at each '\n' (a final line without one counts; the newlines are dropped).
std::vector<std::string> split_lines(const std::string& text);
// Every occurrence of `from` in `text` replaced by `to`, left to right, never rescanning the
// replacement. (Not std::regex: GCC 12 warns about its internals under -fsanitize, which
// -Werror turns into a build failure.)
std::string replace_all(std::string text, const std::string& from, const std::string& to);
// Non-overlapping occurrences of `needle` (not empty) in `text`.
int count_of(const std::string& text, const std::string& needle);

}  // namespace sup::test
