// Output helpers: namespecs, padding by code point, Python reprs, the generic error line.
#include <catch2/catch.hpp>

#include "supervisorctl/command_failure.h"
#include "supervisorctl/namespec.h"
#include "supervisorctl/py_text.h"

using namespace sup::ctl;

TEST_CASE("namespecs split at the first colon; '*' or nothing means the group") {
  CHECK(split_namespec("cat").group == "cat");
  CHECK(*split_namespec("cat").process == "cat");
  CHECK(*split_namespec("grp:a:b").process == "a:b");
  CHECK_FALSE(split_namespec("grp:*").process.has_value());
  CHECK_FALSE(split_namespec("grp:").process.has_value());
  CHECK(make_namespec("cat", "cat") == "cat");
  CHECK(make_namespec("grp", "a") == "grp:a");
}

TEST_CASE("padding counts characters, not bytes") {
  CHECK(pad_right("ab", 4) == "ab  ");
  CHECK(pad_right("\xc3\xa9t\xc3\xa9", 4) == "\xc3\xa9t\xc3\xa9 ");
  CHECK(pad_right("toolong", 3) == "toolong");
}

TEST_CASE("bytes repr escapes like Python") {
  CHECK(py_bytes_repr("a\xff\n'") == "b\"a\\xff\\n'\"");
  CHECK(py_bytes_repr("x") == "b'x'");
}

TEST_CASE("the generic error line has the reference's shape") {
  const auto fault = CommandFailure::from_fault({6, "SHUTDOWN_STATE"});
  // The location is where the failure was raised: here, this test file.
  CHECK(fault.line().starts_with(
      "error: <class 'xmlrpc.client.Fault'>, <Fault 6: 'SHUTDOWN_STATE'>: file: "));
  CHECK(fault.line().find("text_test.cpp line: ") != std::string::npos);
  xmlrpc::CallError refused;
  refused.kind = xmlrpc::CallError::Kind::kRefused;
  CHECK(CommandFailure::from_call_error(refused).line().starts_with(
      "error: <class 'ConnectionRefusedError'>, [Errno 111] Connection refused: file: "));
  xmlrpc::CallError unauthorized;
  unauthorized.kind = xmlrpc::CallError::Kind::kHttpStatus;
  unauthorized.http_status = 401;
  const auto auth = CommandFailure::from_call_error(unauthorized);
  CHECK(auth.requires_auth());
  CHECK(auth.line().find("<ProtocolError for 127.0.0.1/RPC2: 401 Unauthorized>") !=
        std::string::npos);
}
