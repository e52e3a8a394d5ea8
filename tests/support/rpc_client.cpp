#include "tests/support/rpc_client.h"

#include <catch2/catch.hpp>

namespace sup::test {

std::string unix_url(const std::string& socket_path) { return "unix://" + socket_path; }

std::string http_url(int port) { return "http://127.0.0.1:" + std::to_string(port); }

xmlrpc::Value must_value(const xmlrpc::CallResult& result) {
  if (const auto* e = std::get_if<xmlrpc::CallError>(&result)) FAIL("call error: " << e->message);
  if (const auto* f = std::get_if<xmlrpc::Fault>(&result)) FAIL("fault: " << f->code << " " << f->string);
  return std::get<xmlrpc::Value>(result);
}

}  // namespace sup::test
