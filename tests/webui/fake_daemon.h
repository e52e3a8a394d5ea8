// Test doubles for the web UI handlers: an HttpExchange that records the reply, and an
// in-memory "daemon" answering the supervisor.* calls the page makes.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "web-ui/rpc_port.h"
#include "xmlrpc/http_server.h"

namespace sup::webui::test {

class FakeExchange final : public xmlrpc::HttpExchange {
 public:
  explicit FakeExchange(xmlrpc::HttpRequest request) : request_(std::move(request)) {}
  const xmlrpc::HttpRequest& request() const override { return request_; }
  void reply(xmlrpc::HttpResponse response) override {
    if (!response_) response_ = std::move(response);
  }
  void reply_error(int status) override { reply(xmlrpc::error_response(status)); }
  void begin_stream(int status, xmlrpc::HttpHeaders headers) override { reply({status, std::move(headers), {}}); }
  bool write(std::string_view) override { return false; }
  void end_stream() override {}
  bool is_open() const override { return true; }
  void on_close(std::function<void()>) override {}

  bool answered() const { return response_.has_value(); }
  const xmlrpc::HttpResponse& response() const { return *response_; }
  int status() const { return response_ ? response_->status : 0; }
  const std::string& body() const { return response_->body; }
  std::optional<std::string> header(const std::string& name) const {
    return xmlrpc::find_header(response_->headers, name);
  }

 private:
  xmlrpc::HttpRequest request_;
  std::optional<xmlrpc::HttpResponse> response_;
};

struct FakeProcess {
  std::string group;
  std::string name;
  std::string statename = "RUNNING";
  std::string description = "pid 42, uptime 0:00:05";
  int pid = 42;
  std::string log;
};

class FakeDaemon final {
 public:
  std::vector<FakeProcess> processes;
  std::vector<std::string> calls;  // method names in call order
  bool shutting_down = false;

  RpcCall rpc();
  FakeProcess* find(const std::string& namespec);
};

std::shared_ptr<FakeExchange> make_exchange(std::string method, std::string target, std::string body = {},
                                            std::vector<xmlrpc::HttpHeader> headers = {});

}  // namespace sup::webui::test
