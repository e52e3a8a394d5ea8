#include "supervisorctl/command_failure.h"

#include <cerrno>
#include <cstring>
#include <string_view>

#include "supervisorctl/py_text.h"

namespace sup::ctl {
namespace {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

// Python's OSError subclass for an errno, as socket calls raise them.
std::string_view os_error_class(int err) {
  switch (err) {
    case ENOENT: return "FileNotFoundError";
    case ECONNREFUSED: return "ConnectionRefusedError";
    case ECONNRESET: return "ConnectionResetError";
    case ECONNABORTED: return "ConnectionAbortedError";
    case EPIPE: return "BrokenPipeError";
    case EACCES:
    case EPERM: return "PermissionError";
    case ETIMEDOUT: return "TimeoutError";
    case EINTR: return "InterruptedError";
    default: return "OSError";
  }
}

std::string errno_text(int err, const std::string& fallback) {
  if (err == 0) return fallback;
  return "[Errno " + std::to_string(err) + "] " + std::strerror(err);
}

// The path of our source file from the project root, e.g. "supervisorctl/cmd_status.cpp".
std::string short_file(const char* path) {
  std::string_view p(path);
  if (auto pos = p.rfind("supervisorctl/"); pos != std::string_view::npos) p.remove_prefix(pos);
  return std::string(p);
}

}  // namespace

CommandFailure::CommandFailure(std::string type, std::string message, std::source_location where)
    : type_(std::move(type)), message_(std::move(message)), where_(where) {}

CommandFailure CommandFailure::from_fault(const xmlrpc::Fault& fault, std::source_location where) {
  return CommandFailure("xmlrpc.client.Fault",
                        "<Fault " + std::to_string(fault.code) + ": " + sup::py_repr(fault.string) + ">",
                        where);
}

CommandFailure CommandFailure::from_call_error(const xmlrpc::CallError& error,
                                               std::source_location where) {
  using Kind = xmlrpc::CallError::Kind;
  switch (error.kind) {
    case Kind::kNoSuchFile:
      return CommandFailure("FileNotFoundError", errno_text(ENOENT, error.message), where);
    case Kind::kRefused:
      return CommandFailure("ConnectionRefusedError", errno_text(ECONNREFUSED, error.message),
                            where);
    case Kind::kSocket:
      return CommandFailure(std::string(os_error_class(error.sys_errno)),
                            errno_text(error.sys_errno, error.message), where);
    case Kind::kHttpStatus: {
      // The reference always names 127.0.0.1 here, whatever the server URL (spec §1.3).
      std::string reason(reason_phrase(error.http_status));
      if (reason.empty()) reason = error.message;
      CommandFailure failure("xmlrpc.client.ProtocolError",
                             "<ProtocolError for 127.0.0.1/RPC2: " +
                                 std::to_string(error.http_status) + " " + reason + ">",
                             where);
      failure.requires_auth_ = error.http_status == 401;
      return failure;
    }
    case Kind::kBadResponse:
      return CommandFailure("xml.parsers.expat.ExpatError", error.message, where);
    case Kind::kBadServerUrl:
      return CommandFailure("ValueError", error.message, where);
  }
  return CommandFailure("OSError", error.message, where);
}

CommandFailure CommandFailure::value_error(std::string message, std::source_location where) {
  return CommandFailure("ValueError", std::move(message), where);
}

CommandFailure CommandFailure::of_type(std::string type, std::string message,
                                       std::source_location where) {
  return CommandFailure(std::move(type), std::move(message), where);
}

std::string CommandFailure::line() const {
  return "error: <class '" + type_ + "'>, " + message_ + ": file: " +
         short_file(where_.file_name()) + " line: " + std::to_string(where_.line());
}

}  // namespace sup::ctl
