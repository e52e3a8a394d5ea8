// LogTailStream against a fake HTTP exchange: the first 1024-byte chunk, appended data,
// in-place truncation and replacement of the file (rotation), and stopping on close.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "supervisord/http/logtail_stream.h"
#include "tests/support/temp_dir.h"

namespace sup {
namespace {

using namespace std::chrono_literals;

class FakeExchange final : public xmlrpc::HttpExchange {
 public:
  const xmlrpc::HttpRequest& request() const override { return request_; }
  void reply(xmlrpc::HttpResponse response) override { replied_status = response.status; }
  void reply_error(int status) override { replied_status = status; }
  void begin_stream(int status, xmlrpc::HttpHeaders headers) override {
    stream_status = status;
    stream_headers = std::move(headers);
  }
  bool write(std::string_view data) override {
    if (!open_) return false;
    writes.emplace_back(data);
    return true;
  }
  void end_stream() override { ended = true; }
  bool is_open() const override { return open_; }
  void on_close(std::function<void()> callback) override { on_close_ = std::move(callback); }
  void close() {
    open_ = false;
    if (auto cb = std::move(on_close_)) cb();
  }

  int replied_status = 0;
  int stream_status = 0;
  xmlrpc::HttpHeaders stream_headers;
  std::vector<std::string> writes;
  bool ended = false;

 private:
  xmlrpc::HttpRequest request_;
  bool open_ = true;
  std::function<void()> on_close_;
};

struct Scratch {
  test::TempDir tmp;  // first: dir is made from it
  std::string dir = tmp.path();
  std::string path() const { return dir + "/log"; }
};

void write(const std::string& path, const std::string& data, bool append) {
  std::ofstream out(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
  out << data;
}

// Runs the loop until `done` holds or 5 s pass.
template <typename F>
bool run_until(boost::asio::io_context& io, F done) {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    io.restart();
    io.run_for(20ms);
  }
  return true;
}

TEST_CASE("LogTailStream follows a file as tail_f_producer does", "[rpc]") {
  Scratch scratch;
  std::string head(2000, 'x');
  for (std::size_t i = 0; i < head.size(); ++i) head[i] = static_cast<char>('a' + i % 26);
  write(scratch.path(), head, false);

  boost::asio::io_context io;
  auto exchange = std::make_shared<FakeExchange>();
  LogTailStream::start(io, exchange, scratch.path(), {{"Content-Type", "text/plain;charset=utf-8"}});
  CHECK(exchange->stream_status == 200);
  REQUIRE(exchange->writes.size() == 1);
  CHECK(exchange->writes[0] == head.substr(head.size() - 1024));

  write(scratch.path(), "appended\n", true);
  REQUIRE(run_until(io, [&] { return exchange->writes.size() == 2; }));
  CHECK(exchange->writes[1] == "appended\n");

  // Same inode, smaller: announced, then streamed from the start.
  REQUIRE(::truncate(scratch.path().c_str(), 0) == 0);
  REQUIRE(run_until(io, [&] { return exchange->writes.size() == 3; }));
  CHECK(exchange->writes[2] == "==> File truncated <==\n");
  write(scratch.path(), "fresh\n", true);
  REQUIRE(run_until(io, [&] { return exchange->writes.size() == 4; }));
  CHECK(exchange->writes[3] == "fresh\n");

  // Another file at the path (rotation, clearProcessLogs): read from its beginning.
  write(scratch.dir + "/log.new", "rotated\n", false);
  REQUIRE(::rename((scratch.dir + "/log.new").c_str(), scratch.path().c_str()) == 0);
  REQUIRE(run_until(io, [&] { return exchange->writes.size() == 5; }));
  CHECK(exchange->writes[4] == "rotated\n");

  // A closed connection stops the polling: the loop runs out of work (a loop that still had
  // some would return from run_for at its deadline, not stopped).
  exchange->close();
  io.restart();
  io.run_for(5s);
  CHECK(io.stopped());
  CHECK(exchange->writes.size() == 5);
}

TEST_CASE("LogTailStream answers 404 when the file cannot be opened", "[rpc]") {
  boost::asio::io_context io;
  auto exchange = std::make_shared<FakeExchange>();
  LogTailStream::start(io, exchange, "/nonexistent/dir/log", {});
  CHECK(exchange->replied_status == 404);
  CHECK(exchange->stream_status == 0);
}

}  // namespace
}  // namespace sup
