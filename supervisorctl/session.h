// One supervisorctl run: the effective settings, the connection to supervisord, the exit
// status being accumulated, and where output goes. Commands receive the Session; it owns the
// XML-RPC client and recreates it when the server URL or the credentials change.
#pragma once

#include <csignal>
#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <variant>

#include "xmlrpc/client.h"
#include "xmlrpc/value.h"

namespace sup::ctl {

struct Settings {
  std::string serverurl = "http://localhost:9001";
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::string prompt = "supervisor";
  std::optional<std::string> history_file;
  // Confirmation prompts and the 401 credential prompt are active (no action given, or -i).
  bool interactive = false;
};

// Set by the SIGINT handler the shell and the followers install; read after blocking calls.
extern volatile std::sig_atomic_t g_interrupted;

using RpcReply = std::variant<xmlrpc::Value, xmlrpc::Fault>;

class Session {
 public:
  explicit Session(Settings settings);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Settings& settings() { return settings_; }
  const Settings& settings() const { return settings_; }

  // The next client() call connects afresh (after `open` or new credentials).
  void reset_client();
  xmlrpc::Client& client();

  // Every outcome of one call, transport errors included.
  // `keep`: the struct members the caller reads, when only a few (parse_method_response).
  xmlrpc::CallResult call_raw(std::string_view method, const xmlrpc::Array& params = {},
                              const xmlrpc::MemberSet* keep = nullptr);
  // A value or a fault; transport errors become the generic error line.
  RpcReply call(std::string_view method, const xmlrpc::Array& params = {},
                std::source_location where = std::source_location::current(),
                const xmlrpc::MemberSet* keep = nullptr);
  // A value; faults too become the generic error line.
  xmlrpc::Value call_value(std::string_view method, const xmlrpc::Array& params = {},
                           std::source_location where = std::source_location::current(),
                           const xmlrpc::MemberSet* keep = nullptr);

  // supervisor.getVersion() must answer "3.0"; prints why not and sets the exit status.
  bool upcheck();

  int exit_status() const { return exit_status_; }
  void set_exit_status(int status) { exit_status_ = status; }
  // SUCCESS and `ignored` leave the status alone; dead-program faults give 7, others 1.
  void set_exit_status_from_fault(int fault_code, std::optional<int> ignored = std::nullopt);

  // One line of output on stdout (the reference prints everything there).
  void out(std::string_view line);
  // Raw text on stdout, no newline added.
  void write(std::string_view text);
  void flush();

  // Reads one line after showing `prompt` (confirmations, user name). nullopt at EOF.
  std::optional<std::string> ask(const std::string& prompt);
  // The shell replaces the plain stdin reader with its line editor.
  void set_line_reader(std::function<std::optional<std::string>(const std::string&)> reader) {
    line_reader_ = std::move(reader);
  }

 private:
  Settings settings_;
  std::unique_ptr<xmlrpc::Client> client_;
  int exit_status_ = 0;
  std::function<std::optional<std::string>(const std::string&)> line_reader_;
};

}  // namespace sup::ctl
