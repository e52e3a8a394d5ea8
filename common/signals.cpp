#include "common/signals.h"

#include <utility>

#include "common/pyrepr.h"
#include "common/pystr.h"

namespace sup {

namespace {

struct NamedSignal {
  const char* name;  // attribute of Python's signal module, without "SIG"
  int number;
  bool canonical;  // the name signal.Signals(number) reports
};

// Linux values of every SIG* attribute of Python 3.11's signal module, including the
// handler/mask constants (SIG_DFL, SIG_IGN, SIG_BLOCK, ...) that Supervisor also accepts.
constexpr NamedSignal kSignals[] = {
    {"HUP", 1, true},      {"INT", 2, true},      {"QUIT", 3, true},    {"ILL", 4, true},
    {"TRAP", 5, true},     {"ABRT", 6, true},     {"IOT", 6, false},    {"BUS", 7, true},
    {"FPE", 8, true},      {"KILL", 9, true},     {"USR1", 10, true},   {"SEGV", 11, true},
    {"USR2", 12, true},    {"PIPE", 13, true},    {"ALRM", 14, true},   {"TERM", 15, true},
    {"STKFLT", 16, true},  {"CHLD", 17, true},    {"CLD", 17, false},   {"CONT", 18, true},
    {"STOP", 19, true},    {"TSTP", 20, true},    {"TTIN", 21, true},   {"TTOU", 22, true},
    {"URG", 23, true},     {"XCPU", 24, true},    {"XFSZ", 25, true},   {"VTALRM", 26, true},
    {"PROF", 27, true},    {"WINCH", 28, true},   {"IO", 29, true},     {"POLL", 29, false},
    {"PWR", 30, true},     {"SYS", 31, true},     {"RTMIN", 34, true},  {"RTMAX", 64, true},
    {"_DFL", 0, false},    {"_IGN", 1, false},    {"_BLOCK", 0, false}, {"_UNBLOCK", 1, false},
    {"_SETMASK", 2, false},
};

bool is_known_number(int n) {
  for (const auto& s : kSignals) {
    if (s.number == n) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> signal_name(int number) {
  for (const auto& s : kSignals) {
    if (s.number == number && s.canonical) return std::string(s.name);
  }
  return std::nullopt;
}

std::string signal_display_name(int number) {
  auto name = signal_name(number);
  return name ? *name : std::to_string(number);
}

std::optional<int> signal_number_by_name(const std::string& name) {
  std::string bare = name.rfind("SIG", 0) == 0 ? name.substr(3) : name;
  for (const auto& s : kSignals) {
    if (bare == s.name) return s.number;
  }
  return std::nullopt;
}

SignalParse parse_signal(const std::string& value) {
  SignalParse result;
  if (auto n = py_int(value)) {
    if (!is_known_number(static_cast<int>(*n)) || *n != static_cast<int>(*n)) {
      result.error = "value " + py_repr(value) + " is not a valid signal number";
      return result;
    }
    result.number = static_cast<int>(*n);
    return result;
  }
  std::string name = py_upper(py_strip(value));
  if (name.rfind("SIG", 0) != 0) name = "SIG" + name;
  auto n = signal_number_by_name(name);
  if (!n) {
    result.error = "value " + py_repr(value) + " is not a valid signal name";
    return result;
  }
  result.number = *n;
  return result;
}

}  // namespace sup
