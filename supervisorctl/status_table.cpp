#include "supervisorctl/status_table.h"

#include <algorithm>
#include <string>

#include "supervisorctl/namespec.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/reply.h"
#include "supervisorctl/session.h"

namespace sup::ctl {
namespace {

constexpr std::size_t kMinNameWidth = 30;
constexpr std::size_t kStateWidth = 10;

}  // namespace

void print_status_table(Session& session, const std::vector<const xmlrpc::Value*>& infos) {
  std::vector<std::string> names;
  names.reserve(infos.size());
  std::size_t width = kMinNameWidth;
  for (const xmlrpc::Value* info : infos) {
    names.push_back(make_namespec(str_field(*info, "group"), str_field(*info, "name")));
    width = std::max(width, utf8_length(names.back()));
  }
  std::string line;
  for (std::size_t i = 0; i < infos.size(); ++i) {
    line = pad_right(names[i], width + 3);
    line += pad_right(str_field(*infos[i], "statename"), kStateWidth);
    line += str_field(*infos[i], "description");
    // Absent from Supervisor's answers, so its rows stay as they were.
    const xmlrpc::Value* health = infos[i]->find("health");
    if (health != nullptr && health->is_string() && !health->as_string().empty()) line += " " + health->as_string();
    session.out(line);
  }
}

}  // namespace sup::ctl
