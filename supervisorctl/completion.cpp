#include "supervisorctl/completion.h"

#include <algorithm>

#include "supervisorctl/command_failure.h"
#include "supervisorctl/commands.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/reply.h"
#include "supervisorctl/session.h"

namespace sup::ctl {
namespace {

constexpr std::string_view kProcessActions[] = {"clear",   "fg",    "pid",    "restart", "signal",
                                                "start",   "status", "stop",  "tail"};
constexpr std::string_view kGroupActions[] = {"add", "remove", "update"};

void add_unique(std::vector<std::string>& out, std::string value) {
  if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(std::move(value));
}

std::vector<std::string> with_prefix(const std::vector<std::string>& words,
                                     const std::string& text) {
  std::vector<std::string> out;
  for (const auto& w : words) {
    if (w.starts_with(text)) add_unique(out, w + " ");
  }
  return out;
}

template <std::size_t N>
bool one_of(const std::string& word, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

}  // namespace

const std::vector<Completer::Entry>& Completer::processes() {
  if (!processes_) {
    processes_.emplace();
    try {
      auto reply = session_.call("supervisor.getAllProcessInfo");
      if (auto* value = std::get_if<xmlrpc::Value>(&reply); value != nullptr && value->is_array()) {
        for (const auto& info : value->as_array()) {
          processes_->push_back({str_field(info, "group"), str_field(info, "name")});
        }
      }
    } catch (const CommandFailure&) {
      // Completion offers nothing rather than interrupting the line being edited.
    }
  }
  return *processes_;
}

std::vector<std::string> Completer::candidates(const std::string& line, const std::string& text) {
  const auto words = split_words(line);
  if (words.empty() || (words.size() == 1 && !line.ends_with(' '))) {
    return with_prefix(completion_vocabulary(), text);
  }
  const std::string& action = words.front();
  // The reference tests `action in ('help')`, a substring test on "help".
  if (std::string_view("help").find(action) != std::string_view::npos) {
    return with_prefix(completion_vocabulary(), text);
  }
  std::vector<std::string> names;
  if (one_of(action, kGroupActions)) {
    for (const auto& p : processes()) add_unique(names, p.group);
  } else if (one_of(action, kProcessActions)) {
    const bool qualified = text.find(':') != std::string::npos;
    for (const auto& p : processes()) {
      if (qualified || p.name != p.group) {
        names.push_back(p.group + ":" + p.name);
        add_unique(names, p.group + ":*");
      } else {
        names.push_back(p.name);
      }
    }
  } else {
    return {};
  }
  return with_prefix(names, text);
}

}  // namespace sup::ctl
