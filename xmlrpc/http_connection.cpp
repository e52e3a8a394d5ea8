// One HTTP connection: read a head (Beast parser), authenticate, route, read the body, hand
// the request to its handler, write the response, repeat while keep-alive allows. Each async
// step is a do_x / on_x pair; the connection lives by shared_from_this while an operation or
// a handler holds it. No exceptions leave the handlers.
#include "xmlrpc/http_connection.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <strings.h>
#include <sys/socket.h>

#include <array>
#include <ctime>
#include <deque>
#include <functional>

namespace xmlrpc {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;

constexpr std::size_t kReadChunk = 4096;
constexpr std::size_t kMaxGatherBuffers = 64;
// After the last response of a connection: how long and how much input to swallow before
// closing, so that unread request bytes do not turn our FIN into a RST that destroys the
// response in the client's receive queue.
constexpr std::chrono::milliseconds kLingerTime{2000};
constexpr std::size_t kMaxLingerBytes = 1024 * 1024;
constexpr std::size_t kMaxRefusalDrain = 64 * 1024;

std::string status_line(unsigned version, int status) {
  std::string line = "HTTP/" + std::to_string(version / 10) + "." + std::to_string(version % 10) + " ";
  line += std::to_string(status);
  line += ' ';
  line += reason_phrase(status);
  line += "\r\n";
  return line;
}

std::string head_prefix(unsigned version, int status) {
  std::string head = status_line(version, status);
  head += "Server: Medusa/1.12\r\nDate: ";
  head += http_date(std::time(nullptr));
  head += "\r\n";
  return head;
}

void append_headers(std::string& head, const HttpHeaders& headers) {
  for (const auto& h : headers) {
    head += h.name;
    head += ": ";
    head += h.value;
    head += "\r\n";
  }
}

// The head of a complete response; the connection closes after it when `close` is set.
std::string response_head(unsigned version, const HttpResponse& response, bool close) {
  std::string head = head_prefix(version, response.status);
  append_headers(head, response.headers);
  if (!find_header(response.headers, "Content-Length")) {
    head += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  }
  if (!close && version == 10) head += "Connection: Keep-Alive\r\n";
  head += "\r\n";
  return head;
}

void split_target(HttpRequest& r) {
  const std::string_view target = r.target;
  const std::size_t path_end = target.find_first_of(";?#");
  r.path = percent_decode(target.substr(0, path_end));
  const std::size_t q = target.find('?');
  if (q != std::string_view::npos) {
    const std::size_t hash = target.find('#', q);
    r.query = std::string(target.substr(q + 1, hash == std::string_view::npos ? std::string_view::npos : hash - q - 1));
  }
}

template <class Protocol>
class Connection final : public ConnectionBase, public std::enable_shared_from_this<Connection<Protocol>> {
 public:
  using Socket = typename Protocol::socket;
  using Clock = std::chrono::steady_clock;

  Connection(Socket socket, std::shared_ptr<HttpServer::State> state, std::shared_ptr<const ListenerInfo> listener,
             std::shared_ptr<ConnectionTable> table)
      : socket_(std::move(socket)),
        read_timer_(socket_.get_executor()),
        write_timer_(socket_.get_executor()),
        state_(std::move(state)),
        listener_(std::move(listener)),
        table_(std::move(table)) {}

  ~Connection() override {
    if (!closed_) table_->remove(this);
  }

  void start(const std::string& peer) {
    table_->add(this->shared_from_this(), peer);
    request_.unix_socket = listener_->unix_socket;
    request_.server_name = listener_->server_name;
    request_.server_section = listener_->section;
    request_.peer = peer_name();
    wait_deadline_ = Clock::now() + state_->limits.first_byte_timeout;
    do_wait();
  }

  // ConnectionBase
  Activity activity() const override {
    switch (phase_) {
      case Phase::kWaiting: {
        // A request that has arrived but is not read yet is on its way, not idle.
        error_code ec;
        return socket_.available(ec) > 0 ? Activity::kHead : Activity::kIdle;
      }
      case Phase::kLingering:
      case Phase::kClosed:
        return Activity::kIdle;
      case Phase::kHeader:
        return Activity::kHead;
      default:
        return Activity::kBusy;
    }
  }
  Clock::time_point activity_since() const override { return since_; }

  // HttpExchange
  const HttpRequest& request() const override { return request_; }

  void reply(HttpResponse response) override {
    if (closed_ || phase_ != Phase::kHandling) return;
    send_internal(std::move(response), !request_.keep_alive);
  }

  void reply_error(int status) override { reply(error_response(status)); }

  void begin_stream(int status, HttpHeaders headers) override {
    if (closed_ || phase_ != Phase::kHandling) return;
    enter(Phase::kStreaming);
    chunked_ = request_.version >= 11 && request_.keep_alive;
    std::string head = head_prefix(request_.version, status);
    append_headers(head, headers);
    if (chunked_) head += "Transfer-Encoding: chunked\r\n";
    head += "\r\n";
    queue(std::move(head));
    do_drain();  // notices the client going away while we only write
  }

  bool write(std::string_view data) override {
    if (closed_ || phase_ != Phase::kStreaming) return false;
    if (data.empty()) return true;  // an empty chunk would end the body
    if (queued_bytes_ > state_->limits.max_stream_backlog) {
      close();
      return false;
    }
    if (chunked_) {
      char size[24];
      const int n = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
      std::string chunk(size, static_cast<std::size_t>(n));
      chunk.append(data);
      chunk += "\r\n";
      queue(std::move(chunk));
    } else {
      queue(std::string(data));
    }
    return true;
  }

  void end_stream() override {
    if (closed_ || phase_ != Phase::kStreaming) return;
    if (chunked_) queue("0\r\n\r\n");
    enter(Phase::kFlushing);
    close_after_flush_ = true;
    if (!writing_) on_flushed();
  }

  bool is_open() const override { return !closed_; }

  void on_close(std::function<void()> callback) override {
    if (closed_) {
      if (callback) callback();
      return;
    }
    on_close_ = std::move(callback);
  }

  void close() override {
    if (closed_) return;
    closed_ = true;
    enter(Phase::kClosed);
    read_timer_.cancel();
    write_timer_.cancel();
    error_code ignored;
    socket_.close(ignored);
    table_->remove(this);
    if (auto callback = std::move(on_close_)) callback();
  }

 private:
  enum class Phase { kWaiting, kHeader, kBody, kHandling, kStreaming, kFlushing, kLingering, kClosed };

  // Every phase change goes through here: the table sheds by how long a phase has lasted.
  void enter(Phase phase) {
    if (phase != phase_) since_ = Clock::now();
    phase_ = phase;
  }

  std::string peer_name() const {
    if constexpr (std::is_same_v<Protocol, asio::ip::tcp>) {
      error_code ec;
      const auto ep = socket_.remote_endpoint(ec);
      if (!ec) return ep.address().to_string() + ":" + std::to_string(ep.port());
    }
    return "localhost:0";
  }

  void arm(asio::steady_timer& timer, std::chrono::milliseconds after) {
    timer.expires_after(after);
    watch(timer);
  }

  // Closes the connection when `timer` expires (not when it is cancelled).
  void watch(asio::steady_timer& timer) {
    timer.async_wait([weak = this->weak_from_this()](error_code ec) {
      if (ec) return;  // cancelled
      if (auto self = weak.lock()) self->close();
    });
  }

  // Waits for the first byte of the next request until wait_deadline_ (empty lines before a
  // request line, which supervisorctl's tail client sends, neither count nor extend it).
  void do_wait() {
    enter(Phase::kWaiting);
    while (buffer_.size() > 0) {
      const char c = *static_cast<const char*>(buffer_.data().data());
      if (c != '\r' && c != '\n') break;
      buffer_.consume(1);
    }
    if (buffer_.size() > 0) {
      do_read_header();
      return;
    }
    read_timer_.expires_at(wait_deadline_);
    watch(read_timer_);
    socket_.async_read_some(buffer_.prepare(kReadChunk), [self = this->shared_from_this()](error_code ec, std::size_t n) {
      self->on_wait(ec, n);
    });
  }

  void on_wait(error_code ec, std::size_t n) {
    read_timer_.cancel();
    if (closed_) return;
    if (ec) {
      close();
      return;
    }
    buffer_.commit(n);
    do_wait();
  }

  void do_read_header() {
    enter(Phase::kHeader);
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_->limits.max_header_bytes));
    parser_->body_limit(state_->limits.max_body_bytes);
    arm(read_timer_, state_->limits.header_timeout);
    http::async_read_header(socket_, buffer_, *parser_, [self = this->shared_from_this()](error_code ec, std::size_t) {
      self->on_header(ec);
    });
  }

  void on_header(error_code ec) {
    read_timer_.cancel();
    if (closed_) return;
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset) {
      close();
      return;
    }
    if (ec) {  // malformed or oversized head, or a declared body over the cap: answer and give up
      request_.version = 11;
      request_.method.clear();
      send_internal(error_response(ec == http::error::body_limit ? 413 : 400), true);
      return;
    }
    const auto& head = parser_->get();
    request_.method = std::string(head.method_string());
    request_.target = std::string(head.target());
    request_.version = head.version();
    request_.headers.clear();
    for (const auto& field : head) request_.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    request_.keep_alive = head.keep_alive();
    request_.path.clear();
    request_.query.clear();
    request_.body.clear();
    request_.username.reset();
    split_target(request_);

    const bool has_body = head.chunked() || (head.has_content_length() && !parser_->is_done());
    if (listener_->auth) {
      switch (check_basic_auth(*listener_->auth, request_.header("Authorization"))) {
        case AuthOutcome::kAccepted:
          request_.username = listener_->auth->username;
          break;
        case AuthOutcome::kUnauthorized: {
          // Supervisor's 401 announces the close and ignores whatever else arrives.
          HttpResponse r = error_response(401);
          r.headers.insert(r.headers.begin(), {{"Connection", "close"}, {"WWW-Authenticate", "Basic realm=\"default\""}});
          send_internal(std::move(r), true);
          return;
        }
        case AuthOutcome::kBadRequest:
          send_internal(error_response(400), has_body || !request_.keep_alive);
          return;
        case AuthOutcome::kServerError:
          send_internal(error_response(500), has_body || !request_.keep_alive);
          return;
      }
    }

    route_ = nullptr;
    for (const auto& route : state_->routes) {
      if (route.match && route.match(request_)) {
        route_ = &route;
        break;
      }
    }
    if (route_ == nullptr) {
      send_internal(error_response(404), has_body || !request_.keep_alive);
      return;
    }
    bool allowed = false;
    for (const auto& m : route_->methods) allowed = allowed || m == request_.method;
    if (!allowed) {
      send_internal(error_response(400), has_body || !request_.keep_alive);
      return;
    }
    if (request_.method == "POST" && !head.chunked() && !head.has_content_length()) {
      send_internal(error_response(411), !request_.keep_alive);
      return;
    }
    if (parser_->is_done()) {
      dispatch();
      return;
    }
    if (const auto length = parser_->content_length(); length && *length > state_->limits.max_body_bytes) {
      send_internal(error_response(413), true);
      return;
    }
    enter(Phase::kBody);
    // Medusa ignores Expect (curl then waits a second before sending); answering is harmless.
    if (request_.version >= 11 && ::strcasecmp(request_.header("Expect").value_or("").c_str(), "100-continue") == 0) {
      queue("HTTP/1.1 100 Continue\r\n\r\n");
    }
    arm(read_timer_, state_->limits.body_timeout);
    http::async_read(socket_, buffer_, *parser_, [self = this->shared_from_this()](error_code ec, std::size_t) {
      self->on_body(ec);
    });
  }

  void on_body(error_code ec) {
    read_timer_.cancel();
    if (closed_) return;
    if (ec == http::error::body_limit) {
      send_internal(error_response(413), true);
      return;
    }
    if (ec) {
      close();
      return;
    }
    request_.body = std::move(parser_->get().body());
    dispatch();
  }

  void dispatch() {
    enter(Phase::kHandling);
    parser_.reset();
    const HttpHandler& handler = route_->handler;
    if (handler) {
      handler(this->shared_from_this());
    } else {
      reply_error(500);
    }
  }

  // Queues a complete response; the connection closes after it when `close` is set.
  void send_internal(HttpResponse response, bool close) {
    enter(Phase::kFlushing);
    close_after_flush_ = close;
    queue(response_head(request_.version, response, close));
    if (request_.method != "HEAD" && !response.body.empty()) queue(std::move(response.body));
  }

  void queue(std::string data) {
    queued_bytes_ += data.size();
    out_.push_back(std::move(data));
    if (!writing_) do_write();
  }

  void do_write() {
    if (closed_) return;
    if (out_.empty()) {
      writing_ = false;
      on_flushed();
      return;
    }
    writing_ = true;
    std::vector<asio::const_buffer> buffers;
    for (std::size_t i = 0; i < out_.size() && i < kMaxGatherBuffers; ++i) buffers.push_back(asio::buffer(out_[i]));
    arm(write_timer_, state_->limits.write_timeout);
    asio::async_write(socket_, buffers,
                      [self = this->shared_from_this(), count = buffers.size()](error_code ec, std::size_t) {
                        self->on_write(ec, count);
                      });
  }

  void on_write(error_code ec, std::size_t count) {
    write_timer_.cancel();
    if (closed_) return;
    if (ec) {
      close();
      return;
    }
    for (std::size_t i = 0; i < count; ++i) {
      queued_bytes_ -= out_.front().size();
      out_.pop_front();
    }
    do_write();
  }

  void on_flushed() {
    if (phase_ != Phase::kFlushing) return;
    if (close_after_flush_) {
      linger_close();
    } else {
      wait_deadline_ = Clock::now() + state_->limits.idle_timeout;
      do_wait();
    }
  }

  void linger_close() {
    enter(Phase::kLingering);
    error_code ignored;
    socket_.shutdown(asio::socket_base::shutdown_send, ignored);
    arm(read_timer_, kLingerTime);
    do_drain();
  }

  // Reads and discards input: while streaming (to see the client leave) and when lingering.
  void do_drain() {
    if (draining_ || closed_) return;
    draining_ = true;
    socket_.async_read_some(asio::buffer(scratch_), [self = this->shared_from_this()](error_code ec, std::size_t n) {
      self->on_drain(ec, n);
    });
  }

  void on_drain(error_code ec, std::size_t n) {
    draining_ = false;
    if (closed_) return;
    drained_ += n;
    if (ec || drained_ > kMaxLingerBytes) {
      close();
      return;
    }
    do_drain();
  }

  Socket socket_;
  asio::steady_timer read_timer_;
  asio::steady_timer write_timer_;
  std::shared_ptr<HttpServer::State> state_;
  std::shared_ptr<const ListenerInfo> listener_;
  std::shared_ptr<ConnectionTable> table_;
  Clock::time_point since_ = Clock::now();
  Clock::time_point wait_deadline_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpRequest request_;
  const HttpRoute* route_ = nullptr;
  Phase phase_ = Phase::kWaiting;
  std::deque<std::string> out_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool close_after_flush_ = false;
  bool chunked_ = false;
  bool draining_ = false;
  std::size_t drained_ = 0;
  std::array<char, kReadChunk> scratch_{};
  bool closed_ = false;
  std::function<void()> on_close_;
};

}  // namespace

void start_connection(asio::ip::tcp::socket socket, std::shared_ptr<HttpServer::State> state,
                      std::shared_ptr<const ListenerInfo> listener, std::shared_ptr<ConnectionTable> table,
                      const std::string& peer) {
  auto c = std::make_shared<Connection<asio::ip::tcp>>(std::move(socket), std::move(state), std::move(listener),
                                                       std::move(table));
  c->start(peer);
}

void start_connection(asio::local::stream_protocol::socket socket, std::shared_ptr<HttpServer::State> state,
                      std::shared_ptr<const ListenerInfo> listener, std::shared_ptr<ConnectionTable> table,
                      const std::string& peer) {
  auto c = std::make_shared<Connection<asio::local::stream_protocol>>(std::move(socket), std::move(state),
                                                                      std::move(listener), std::move(table));
  c->start(peer);
}

void refuse_connection(int fd) {
  const HttpResponse response = error_response(503);
  const std::string bytes = response_head(10, response, /*close=*/true) + response.body;
  (void)::send(fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  // Unread input would turn the close into a reset that destroys the answer; take what has
  // arrived (a refused client is not waited for).
  char scratch[kReadChunk];
  for (std::size_t drained = 0; drained < kMaxRefusalDrain;) {
    const ssize_t n = ::recv(fd, scratch, sizeof scratch, MSG_DONTWAIT);
    if (n <= 0) break;
    drained += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
}

}  // namespace xmlrpc
