// A tiny HTTP responder on 127.0.0.1 for the probe tests, on the test's own io_context (one
// thread: it runs whenever the test runs the loop). Every connection gets the current status
// with an empty body, or no answer at all while the status is 0; it records the request heads
// and how many clients hung up on it.
//
// Lifetime: `io` outlives the server; connections still open at destruction are closed.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace sup::test {

class LoopbackHttp final {
 public:
  // On `port` (0: any free one).
  explicit LoopbackHttp(boost::asio::io_context& io, int port = 0);
  ~LoopbackHttp();
  LoopbackHttp(const LoopbackHttp&) = delete;
  LoopbackHttp& operator=(const LoopbackHttp&) = delete;

  int port() const { return port_; }
  void set_status(int status) { state_->status = status; }
  const std::vector<std::string>& heads() const { return state_->heads; }
  int hangups() const { return state_->hangups; }

  struct State {
    int status = 200;
    std::vector<std::string> heads;
    int hangups = 0;
    std::vector<std::weak_ptr<boost::asio::ip::tcp::socket>> open;
  };

 private:
  void accept();

  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

// Runs `io` (restarting it as needed) until `done()` holds or `timeout` of real time passed;
// returns done(). Waits in the reactor, never in a sleep.
bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace sup::test
