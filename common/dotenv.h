// environment_file= contents (ours): the dotenv dialect most tools share.
//   KEY=value        surrounding blanks dropped; " #..." starts a comment
//   KEY="a\nb"       double quotes: \n \t \r \" \\ \$ escapes, nothing else expanded
//   KEY='a $b'       single quotes: taken literally
//   export KEY=v     the prefix is ignored
//   # comment        blank lines and comment lines are skipped
// Later assignments of a key win. Pure text in, pairs out.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sup {

struct DotenvError {
  int line = 0;  // 1-based
  std::string message;
};

using DotenvPairs = std::vector<std::pair<std::string, std::string>>;

std::variant<DotenvPairs, DotenvError> parse_dotenv(std::string_view text);

}  // namespace sup
