#include "supervisord/health/net_probe.h"

#include <string>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace sup {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// The answer's head is all a check reads; anything longer is not a health endpoint.
constexpr std::uint32_t kHeaderLimit = 16 * 1024;

// One probe's sockets; its handlers hold it alive (shared_from_this) while they are pending.
class NetSession final : public std::enable_shared_from_this<NetSession> {
 public:
  NetSession(asio::io_context& io, NetProbeKind kind, ProbeTarget target, ProbeDone done)
      : resolver_(io), socket_(io), kind_(kind), target_(std::move(target)), done_(std::move(done)) {
    parser_.header_limit(kHeaderLimit);
  }

  void start() {
    error_code ec;
    asio::ip::address address = asio::ip::make_address(target_.host, ec);
    if (!ec) {
      // Posted: a probe never finishes inside the call that started it.
      asio::post(socket_.get_executor(),
                 [self = shared_from_this(), address] { self->connect(tcp::endpoint(address, self->target_.port)); });
      return;
    }
    resolver_.async_resolve(target_.host, std::to_string(target_.port),
                            [self = shared_from_this()](const error_code& error, tcp::resolver::results_type results) {
                              self->on_resolve(error, std::move(results));
                            });
  }

  // Idempotent; the callback never runs afterwards.
  void cancel() {
    done_ = nullptr;
    resolver_.cancel();
    error_code ignored;
    socket_.close(ignored);
  }

 private:
  void on_resolve(const error_code& error, tcp::resolver::results_type results) {
    if (!done_) return;
    if (error) return finish(ProbeResult::failed("cannot resolve " + target_.host + ": " + error.message()));
    asio::async_connect(socket_, results, [self = shared_from_this()](const error_code& e, const tcp::endpoint&) {
      self->on_connect(e);
    });
  }

  void connect(const tcp::endpoint& endpoint) {
    if (!done_) return;
    socket_.async_connect(endpoint, [self = shared_from_this()](const error_code& e) { self->on_connect(e); });
  }

  void on_connect(const error_code& error) {
    if (!done_) return;
    if (error) return finish(ProbeResult::failed("connect: " + error.message()));
    if (kind_ == NetProbeKind::kTcp) return finish(ProbeResult::passed());
    request_.method(http::verb::get);
    request_.target(target_.path);
    request_.version(11);
    request_.set(http::field::host, target_.authority);
    request_.set(http::field::user_agent, "supervisord-healthcheck");
    request_.set(http::field::connection, "close");
    http::async_write(socket_, request_,
                      [self = shared_from_this()](const error_code& e, std::size_t) { self->on_write(e); });
  }

  void on_write(const error_code& error) {
    if (!done_) return;
    if (error) return finish(ProbeResult::failed("sending the request: " + error.message()));
    http::async_read_header(socket_, buffer_, parser_,
                            [self = shared_from_this()](const error_code& e, std::size_t) { self->on_read(e); });
  }

  void on_read(const error_code& error) {
    if (!done_) return;
    if (error) return finish(ProbeResult::failed("reading the answer: " + error.message()));
    unsigned status = parser_.get().result_int();
    if (status >= 200 && status < 400) return finish(ProbeResult::passed());
    finish(ProbeResult::failed("HTTP status " + std::to_string(status)));
  }

  void finish(ProbeResult result) {
    ProbeDone done = std::move(done_);
    cancel();
    if (done) done(std::move(result));
  }

  tcp::resolver resolver_;
  tcp::socket socket_;
  NetProbeKind kind_;
  ProbeTarget target_;
  ProbeDone done_;
  http::request<http::empty_body> request_;
  boost::beast::flat_buffer buffer_;
  http::response_parser<http::empty_body> parser_;
};

}  // namespace

std::unique_ptr<Probe> start_net_probe(asio::io_context& io, NetProbeKind kind, ProbeTarget target, ProbeDone done) {
  auto session = std::make_shared<NetSession>(io, kind, std::move(target), std::move(done));
  session->start();
  return std::make_unique<Probe>([session] { session->cancel(); });
}

}  // namespace sup
