#include "supervisorctl/session.h"

#include <cstdio>

#include "supervisorctl/command_failure.h"
#include "supervisorctl/exit_status.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/terminal.h"

namespace sup::ctl {

volatile std::sig_atomic_t g_interrupted = 0;

namespace {

constexpr std::string_view kApiVersion = "3.0";

std::optional<std::string> ask_on_stdin(Session& session, const std::string& prompt) {
  session.write(prompt);
  session.flush();
  StdinLine line = read_stdin_line();
  if (line.outcome != StdinLine::Outcome::kLine) return std::nullopt;
  return line.text;
}

}  // namespace

Session::Session(Settings settings) : settings_(std::move(settings)) {}
Session::~Session() { flush(); }

void Session::reset_client() { client_.reset(); }

xmlrpc::Client& Session::client() {
  if (!client_) {
    // Python sends credentials only when both are set; an absent one stays absent.
    client_ = std::make_unique<xmlrpc::Client>(settings_.serverurl, settings_.username,
                                               settings_.password);
  }
  return *client_;
}

xmlrpc::CallResult Session::call_raw(std::string_view method, const xmlrpc::Array& params,
                                    const xmlrpc::MemberSet* keep) {
  flush();  // output so far is visible while a slow (waiting) call runs
  auto result = client().call(method, params, keep);
  if (std::holds_alternative<xmlrpc::CallError>(result)) {
    reset_client();  // the connection is in an unknown state; never reuse it
  }
  return result;
}

RpcReply Session::call(std::string_view method, const xmlrpc::Array& params,
                       std::source_location where, const xmlrpc::MemberSet* keep) {
  auto result = call_raw(method, params, keep);
  if (auto* error = std::get_if<xmlrpc::CallError>(&result)) {
    throw CommandFailure::from_call_error(*error, where);
  }
  if (auto* fault = std::get_if<xmlrpc::Fault>(&result)) return std::move(*fault);
  return std::move(std::get<xmlrpc::Value>(result));
}

xmlrpc::Value Session::call_value(std::string_view method, const xmlrpc::Array& params,
                                  std::source_location where, const xmlrpc::MemberSet* keep) {
  auto reply = call(method, params, where, keep);
  if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
    throw CommandFailure::from_fault(*fault, where);
  }
  return std::move(std::get<xmlrpc::Value>(reply));
}

bool Session::upcheck() {
  auto result = call_raw("supervisor.getVersion");
  if (auto* value = std::get_if<xmlrpc::Value>(&result)) {
    if (value->is_string() && value->as_string() == kApiVersion) return true;
    out("Sorry, this version of supervisorctl expects to talk to a server with API version " +
        std::string(kApiVersion) + ", but the remote version is " + py_str(*value) + ".");
    exit_status_ = kExitNotInstalled;
    return false;
  }
  if (auto* fault = std::get_if<xmlrpc::Fault>(&result)) {
    if (fault->code == fault::kUnknownMethod) {
      out("Sorry, supervisord responded but did not recognize the supervisor namespace "
          "commands that supervisorctl uses to control it.  Please check that the "
          "[rpcinterface:supervisor] section is enabled in the configuration file (see "
          "sample.conf).");
      exit_status_ = kExitUnimplemented;
      return false;
    }
    exit_status_ = kExitGeneric;
    throw CommandFailure::from_fault(*fault);
  }
  const auto& error = std::get<xmlrpc::CallError>(result);
  using Kind = xmlrpc::CallError::Kind;
  if (error.kind == Kind::kRefused) {
    out(settings_.serverurl + " refused connection");
    exit_status_ = kExitInsufficientPrivileges;
    return false;
  }
  if (error.kind == Kind::kNoSuchFile) {
    out(settings_.serverurl + " no such file");
    exit_status_ = kExitNotRunning;
    return false;
  }
  // A 401 is not handled here: the dispatcher asks for credentials (spec §1.3).
  if (error.kind != Kind::kHttpStatus) exit_status_ = kExitGeneric;
  throw CommandFailure::from_call_error(error);
}

void Session::set_exit_status_from_fault(int fault_code, std::optional<int> ignored) {
  if (fault_code == fault::kSuccess || (ignored && fault_code == *ignored)) return;
  if (fault_code == fault::kSpawnError || fault_code == fault::kAbnormalTermination ||
      fault_code == fault::kNotRunning) {
    exit_status_ = kExitNotRunning;
  } else {
    exit_status_ = kExitGeneric;
  }
}

void Session::out(std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
}

void Session::write(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

void Session::flush() { std::fflush(stdout); }

std::optional<std::string> Session::ask(const std::string& prompt) {
  flush();
  if (line_reader_) return line_reader_(prompt);
  return ask_on_stdin(*this, prompt);
}

}  // namespace sup::ctl
