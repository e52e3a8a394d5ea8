#include "fake_daemon.h"

#include "xmlrpc/faults.h"

namespace sup::webui::test {

FakeProcess* FakeDaemon::find(const std::string& ns) {
  const auto colon = ns.find(':');
  const std::string group = colon == std::string::npos ? ns : ns.substr(0, colon);
  const std::string name = colon == std::string::npos ? ns : ns.substr(colon + 1);
  for (auto& p : processes) {
    if (p.group == group && p.name == name) return &p;
  }
  return nullptr;
}

RpcCall FakeDaemon::rpc() {
  return [this](const std::string& method, xmlrpc::Array params, RpcDone done) {
    calls.push_back(method);
    if (shutting_down) return done(xmlrpc::Fault{xmlrpc::faults::kShutdownState, "SHUTDOWN_STATE"});
    const std::string arg = !params.empty() && params[0].is_string() ? params[0].as_string() : "";
    if (method == "supervisor.getAllProcessInfo") {
      xmlrpc::Array all;
      for (const auto& p : processes) {
        all.push_back(xmlrpc::Struct{{"group", p.group},
                                     {"name", p.name},
                                     {"statename", p.statename},
                                     {"description", p.description},
                                     {"pid", p.pid},
                                     {"start", 1000},
                                     {"now", 1065}});
      }
      return done(xmlrpc::Value(std::move(all)));
    }
    if (method == "supervisor.getIdentification") return done(xmlrpc::Value("supervisor"));
    if (method == "supervisor.getSupervisorVersion") return done(xmlrpc::Value("4.2.5"));
    FakeProcess* p = find(arg);
    if (method == "supervisor.stopProcess") {
      if (p == nullptr) return done(xmlrpc::Fault{xmlrpc::faults::kBadName, "BAD_NAME: " + arg});
      if (p->statename != "RUNNING") return done(xmlrpc::Fault{xmlrpc::faults::kNotRunning, "NOT_RUNNING: " + arg});
      p->statename = "STOPPED";
      return done(xmlrpc::Value(true));
    }
    if (method == "supervisor.startProcess") {
      if (p == nullptr) return done(xmlrpc::Fault{xmlrpc::faults::kBadName, "BAD_NAME: " + arg});
      if (p->statename == "RUNNING") return done(xmlrpc::Fault{xmlrpc::faults::kAlreadyStarted, "ALREADY_STARTED: " + arg});
      p->statename = "RUNNING";
      return done(xmlrpc::Value(true));
    }
    if (method == "supervisor.stopAllProcesses" || method == "supervisor.startAllProcesses") {
      for (auto& q : processes) q.statename = method == "supervisor.stopAllProcesses" ? "STOPPED" : "RUNNING";
      return done(xmlrpc::Value(xmlrpc::Array{}));
    }
    if (method == "supervisor.stopProcessGroup" || method == "supervisor.startProcessGroup") {
      for (auto& q : processes) {
        if (q.group == arg) q.statename = method == "supervisor.stopProcessGroup" ? "STOPPED" : "RUNNING";
      }
      return done(xmlrpc::Value(xmlrpc::Array{}));
    }
    if (method == "supervisor.clearProcessLogs") {
      if (p != nullptr) p->log.clear();
      return done(xmlrpc::Value(true));
    }
    if (method == "supervisor.readProcessStdoutLog") {
      if (p == nullptr) return done(xmlrpc::Fault{xmlrpc::faults::kBadName, "BAD_NAME: " + arg});
      return done(xmlrpc::Value(p->log));
    }
    done(xmlrpc::Fault{xmlrpc::faults::kUnknownMethod, "UNKNOWN_METHOD"});
  };
}

std::shared_ptr<FakeExchange> make_exchange(std::string method, std::string target, std::string body,
                                            std::vector<xmlrpc::HttpHeader> headers) {
  xmlrpc::HttpRequest r;
  r.method = std::move(method);
  r.target = target;
  const auto q = target.find('?');
  r.path = xmlrpc::percent_decode(target.substr(0, q));
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  r.body = std::move(body);
  r.headers = std::move(headers);
  if (!xmlrpc::find_header(r.headers, "Host")) r.headers.push_back({"Host", "127.0.0.1:8123"});
  if (!r.body.empty() && !xmlrpc::find_header(r.headers, "Content-Type")) {
    r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  }
  return std::make_shared<FakeExchange>(std::move(r));
}

}  // namespace sup::webui::test
