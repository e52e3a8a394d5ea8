#include "tests/health/loopback_http.h"

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

namespace sup::test {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// One client: read its head, answer (or not), then wait for it to hang up.
void serve(std::shared_ptr<tcp::socket> socket, std::shared_ptr<LoopbackHttp::State> state) {
  auto buffer = std::make_shared<asio::streambuf>();
  asio::async_read_until(*socket, *buffer, "\r\n\r\n", [socket, state, buffer](const error_code& ec, std::size_t n) {
    if (ec) {
      ++state->hangups;
      return;
    }
    std::string head(asio::buffers_begin(buffer->data()), asio::buffers_begin(buffer->data()) + static_cast<long>(n));
    state->heads.push_back(head);
    auto wait_hangup = [socket, state] {
      auto sink = std::make_shared<std::array<char, 256>>();
      socket->async_read_some(asio::buffer(*sink), [socket, state, sink](const error_code& e, std::size_t) {
        if (e) ++state->hangups;
      });
    };
    if (state->status == 0) return wait_hangup();
    auto answer = std::make_shared<std::string>("HTTP/1.1 " + std::to_string(state->status) +
                                                " Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    asio::async_write(*socket, asio::buffer(*answer),
                      [answer, wait_hangup](const error_code&, std::size_t) { wait_hangup(); });
  });
}

}  // namespace

LoopbackHttp::LoopbackHttp(asio::io_context& io, int port)
    : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port))) {
  port_ = acceptor_.local_endpoint().port();
  accept();
}

LoopbackHttp::~LoopbackHttp() {
  error_code ignored;
  acceptor_.close(ignored);
  for (auto& weak : state_->open) {
    if (auto socket = weak.lock()) socket->close(ignored);
  }
}

void LoopbackHttp::accept() {
  acceptor_.async_accept([this, state = state_](const error_code& ec, tcp::socket peer) {
    if (ec) return;
    auto socket = std::make_shared<tcp::socket>(std::move(peer));
    state->open.push_back(socket);
    serve(socket, state);
    accept();
  });
}

bool run_until(asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    io.restart();
    io.run_one_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace sup::test
