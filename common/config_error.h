// How a failed configuration load is reported: the text supervisord prints after "Error: ".
#pragma once

#include <string>

namespace sup {

struct ConfigError {
  // Full message; may span several lines (INI parse errors list every bad line).
  std::string message;
  // True where Supervisor itself would die with a Python traceback instead of a usage
  // error; message is then "<ExceptionType>: <text>".
  bool uncaught = false;
};

}  // namespace sup
