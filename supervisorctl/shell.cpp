#include "supervisorctl/shell.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <editline/readline.h>

#include "supervisorctl/completion.h"
#include "supervisorctl/dispatch.h"
#include "supervisorctl/history_file.h"
#include "supervisorctl/session.h"
#include "supervisorctl/terminal.h"

namespace sup::ctl {
namespace {

// Python's readline delimiters minus ':', '*' and '-', so "grp:*" and "my-prog" are words.
char kWordBreaks[] = " \t\n`~!@#$%^&()=+[{]}\\|;'\",<>/?";

// libedit's C callbacks reach the shell's state through these; set only while run_shell runs.
Completer* g_completer = nullptr;
std::vector<std::string> g_matches;
std::optional<std::string> g_line;  // filled by on_line
bool g_line_done = false;

char* next_match(const char* text, int state) {
  if (state == 0) {
    g_matches = g_completer->candidates(rl_line_buffer != nullptr ? rl_line_buffer : "", text);
  }
  const auto index = static_cast<std::size_t>(state);
  if (index >= g_matches.size()) return nullptr;
  // libedit would escape the candidates' own trailing space; it appends one itself instead.
  std::string match = g_matches[index];
  if (match.ends_with(' ')) match.pop_back();
  return ::strdup(match.c_str());  // libedit frees it
}

void on_line(char* line) {
  g_line_done = true;
  if (line == nullptr) {
    g_line.reset();
  } else {
    g_line = std::string(line);
    std::free(line);
  }
}

enum class ReadOutcome { kLine, kEof, kInterrupted };

// One line from the line editor. Ctrl-C gives kInterrupted with the line abandoned.
ReadOutcome edit_line(const std::string& prompt, std::string& line) {
  g_line_done = false;
  g_line.reset();
  rl_callback_handler_install(prompt.c_str(), on_line);
  ReadOutcome outcome = ReadOutcome::kEof;
  for (;;) {
    const InputWait waited = wait_for_input(STDIN_FILENO);
    if (waited == InputWait::kInterrupted) {
      g_interrupted = 0;
      outcome = ReadOutcome::kInterrupted;
      break;
    }
    if (waited == InputWait::kError) break;
    rl_callback_read_char();
    if (g_line_done) {
      if (g_line) {
        line = *g_line;
        outcome = ReadOutcome::kLine;
      }
      break;
    }
  }
  rl_callback_handler_remove();
  return outcome;
}

class LineSource {
 public:
  explicit LineSource(Session& session)
      : session_(session), editing_(stdin_is_terminal() && ::isatty(STDOUT_FILENO) == 1) {}

  bool editing() const { return editing_; }

  // nullopt at EOF; Ctrl-C at the prompt starts a fresh line.
  std::optional<std::string> read(const std::string& prompt) {
    for (;;) {
      session_.flush();
      if (!editing_) {
        session_.write(prompt);
        session_.flush();
        StdinLine l = read_stdin_line();
        if (l.outcome == StdinLine::Outcome::kInterrupted) {
          g_interrupted = 0;
          session_.out("");
          continue;
        }
        if (l.outcome == StdinLine::Outcome::kEof) return std::nullopt;
        return l.text;
      }
      std::string line;
      switch (edit_line(prompt, line)) {
        case ReadOutcome::kLine:
          if (!line.empty()) {
            add_history(line.c_str());
            history_.push_back(line);
          }
          return line;
        case ReadOutcome::kEof:
          return std::nullopt;
        case ReadOutcome::kInterrupted:
          session_.out("");
          continue;
      }
    }
  }

  std::vector<std::string>& history() { return history_; }

 private:
  Session& session_;
  bool editing_;
  std::vector<std::string> history_;
};

}  // namespace

void run_shell(Session& session) {
  Completer completer(session);
  LineSource source(session);
  const auto& history_path = session.settings().history_file;

  if (source.editing()) {
    g_completer = &completer;
    rl_readline_name = "supervisorctl";
    rl_basic_word_break_characters = kWordBreaks;
    rl_completer_word_break_characters = kWordBreaks;
    rl_completion_entry_function = next_match;
    rl_completion_append_character = ' ';
    rl_catch_signals = 0;
    rl_initialize();
  }
  if (history_path) {
    for (const auto& entry : load_history(*history_path)) {
      source.history().push_back(entry);
      if (source.editing()) add_history(entry.c_str());
    }
  }
  session.set_line_reader([&source](const std::string& prompt) { return source.read(prompt); });

  SigintCatcher catcher;
  g_interrupted = 0;
  const std::string prompt = session.settings().prompt + "> ";
  After after = run_line(session, "status");
  while (after != After::kExitShell) {
    g_interrupted = 0;
    completer.reset();
    auto line = source.read(prompt);
    // At EOF the reference runs its EOF command, which prints the final empty line.
    after = run_line(session, line ? *line : std::string("EOF"));
  }
  session.flush();
  session.set_line_reader(nullptr);
  if (history_path) save_history(*history_path, source.history());
  g_completer = nullptr;
}

}  // namespace sup::ctl
