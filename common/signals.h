// Signal names as Python's signal module knows them, and Supervisor's signal option parser.
#pragma once

#include <optional>
#include <string>

namespace sup {

// Name without "SIG" as signal.Signals(n).name gives it: 15 -> "TERM", 6 -> "ABRT",
// 17 -> "CHLD", 29 -> "IO", 34 -> "RTMIN", 64 -> "RTMAX". Numbers without a name give
// nullopt.
std::optional<std::string> signal_name(int number);

// signal_name() or the decimal number ("0") when there is none.
std::string signal_display_name(int number);

// Number for a name with or without "SIG", case-sensitive upper-case ("TERM", "SIGTERM",
// "IOT", "_IGN" -> 1, "_DFL" -> 0); nullopt when unknown.
std::optional<int> signal_number_by_name(const std::string& name);

struct SignalParse {
  int number = 0;
  std::optional<std::string> error;  // e.g. "value 'FOO' is not a valid signal name"
};

// Supervisor's datatypes.signal_number(): an integer (Python int() rules) or a name
// (stripped, upper-cased, "SIG" prefixed if missing); the number must be one Python's
// signal module names (0-31, 34, 64).
SignalParse parse_signal(const std::string& value);

}  // namespace sup
