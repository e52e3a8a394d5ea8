// The "generic error line" of supervisorctl (spec §2.3). Python's supervisorctl prints it for
// any exception a command does not handle; we model that one contract with one exception type,
// thrown from the RPC helpers and caught only by the command dispatcher (dispatch.cpp). This is
// a single-threaded command-line client with no event loop, so the exception never crosses one.
#pragma once

#include <source_location>
#include <string>

#include "xmlrpc/client.h"
#include "xmlrpc/value.h"

namespace sup::ctl {

class CommandFailure {
 public:
  static CommandFailure from_fault(const xmlrpc::Fault& fault,
                                   std::source_location where = std::source_location::current());
  static CommandFailure from_call_error(
      const xmlrpc::CallError& error, std::source_location where = std::source_location::current());
  // Python's ValueError, e.g. "Unknown result code 30 for cat".
  static CommandFailure value_error(std::string message,
                                    std::source_location where = std::source_location::current());
  // Any other exception class, e.g. ("EOFError", "EOF when reading a line").
  static CommandFailure of_type(std::string type, std::string message,
                                std::source_location where = std::source_location::current());

  // An HTTP 401: the dispatcher asks for credentials instead of just printing the line.
  bool requires_auth() const { return requires_auth_; }

  // error: <class 'X'>, <message>: file: <our source file> line: <n>
  std::string line() const;

 private:
  CommandFailure(std::string type, std::string message, std::source_location where);

  std::string type_;     // a Python-style qualified class name, for familiarity
  std::string message_;  // str(exception) as Python would show it
  std::source_location where_;
  bool requires_auth_ = false;
};

}  // namespace sup::ctl
