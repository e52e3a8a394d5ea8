// The static tail page (web-ui.md §4): the end of a process's log in a <pre>, with a refresh
// link. Ours can also show stderr (channel=stderr) and links back to the status page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sup::webui {

struct TailView {
  std::optional<std::string> namespec;  // nullopt: no processname given
  std::string channel = "stdout";       // "stdout" or "stderr"
  std::int64_t limit = 1024;
  std::string text;  // the log bytes, or the error text to show instead
};

// `limit` parameter rule: all decimal digits and >= 1024, else 1024.
std::int64_t tail_limit(const std::optional<std::string>& param);

std::string render_tail_page(const TailView& view);

}  // namespace sup::webui
