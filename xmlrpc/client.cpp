#include "xmlrpc/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <cerrno>
#include <limits>

#include "xmlrpc/base64.h"
#include "xmlrpc/codec.h"
#include "xmlrpc/server_url.h"

namespace xmlrpc {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;
using Tcp = asio::ip::tcp;
using Unix = asio::local::stream_protocol;

constexpr std::string_view kUserAgent = "supervisor-cpp xmlrpc client";
constexpr std::size_t kStreamBufferSize = 16 * 1024;
// Beast reads at most the buffer's free capacity (at least 512 bytes, at most 64 KiB) per
// call; an empty flat_buffer would read a 1.35 MB getAllProcessInfo reply 512 bytes at a time.
constexpr std::size_t kReadBufferSize = 64 * 1024;

CallError socket_error(const error_code& ec, std::string_view what) {
  CallError e;
  e.sys_errno = ec.category() == boost::system::system_category() ? ec.value() : 0;
  if (e.sys_errno == ENOENT) {
    e.kind = CallError::Kind::kNoSuchFile;
  } else if (e.sys_errno == ECONNREFUSED) {
    e.kind = CallError::Kind::kRefused;
  } else {
    e.kind = CallError::Kind::kSocket;
  }
  e.message = std::string(what) + ": " + ec.message();
  return e;
}

CallError bad_url(const std::string& url) {
  CallError e;
  e.kind = CallError::Kind::kBadServerUrl;
  e.message = "Unknown protocol for serverurl " + url;
  return e;
}

CallError http_status(unsigned status, std::string_view reason) {
  CallError e;
  e.kind = CallError::Kind::kHttpStatus;
  e.http_status = static_cast<int>(status);
  e.message = std::to_string(status) + " " + std::string(reason);
  return e;
}

// A connection the server closed while idle shows up as one of these on first use.
bool is_stale_connection(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted;
}

template <class Request>
void set_common_headers(Request& req, const ServerUrl& url, const std::optional<std::string>& username,
                        const std::optional<std::string>& password) {
  req.set(http::field::host, url.host_header());
  if (username && password) req.set(http::field::authorization, "Basic " + base64_encode(*username + ":" + *password));
}

}  // namespace

// One socket to the server, kept open between calls while the server allows it.
struct Client::Connection {
  asio::io_context io;
  std::optional<Tcp::socket> tcp;
  std::optional<Unix::socket> unix_socket;
  boost::beast::flat_buffer buffer;

  bool is_open() const { return (tcp && tcp->is_open()) || (unix_socket && unix_socket->is_open()); }

  void close() {
    error_code ignored;
    if (tcp) tcp->close(ignored);
    if (unix_socket) unix_socket->close(ignored);
    tcp.reset();
    unix_socket.reset();
    buffer.clear();
  }

  std::optional<CallError> open(const ServerUrl& url) {
    close();
    buffer.reserve(kReadBufferSize);
    error_code ec;
    if (url.kind == ServerUrl::Kind::kUnix) {
      unix_socket.emplace(io);
      unix_socket->connect(Unix::endpoint(url.path), ec);
      if (ec) {
        close();
        return socket_error(ec, "connect " + url.path);
      }
      return std::nullopt;
    }
    Tcp::resolver resolver(io);
    auto endpoints = resolver.resolve(url.host, std::to_string(url.port), ec);
    if (ec) return socket_error(ec, "resolve " + url.host);
    tcp.emplace(io);
    asio::connect(*tcp, endpoints, ec);
    if (ec) {
      close();
      return socket_error(ec, "connect " + url.host + ":" + std::to_string(url.port));
    }
    return std::nullopt;
  }

  // Runs f(stream) on whichever socket is open.
  template <class F>
  auto with_stream(F&& f) {
    if (tcp) return f(*tcp);
    return f(*unix_socket);
  }
};

Client::Client(std::string serverurl, std::optional<std::string> username, std::optional<std::string> password)
    : serverurl_(std::move(serverurl)), username_(std::move(username)), password_(std::move(password)) {}

Client::~Client() = default;

void Client::close() {
  if (connection_) connection_->close();
}

CallResult Client::call(std::string_view method, const Array& params, const MemberSet* keep) {
  const std::optional<ServerUrl> url = parse_server_url(serverurl_);
  if (!url) return bad_url(serverurl_);

  http::request<http::string_body> req{http::verb::post, "/RPC2", 11};
  set_common_headers(req, *url, username_, password_);
  req.set(http::field::accept_encoding, "identity");
  req.set(http::field::user_agent, kUserAgent);
  req.set(http::field::content_type, "text/xml");
  req.set(http::field::accept, "text/xml");
  req.body() = encode_call(method, params);
  req.prepare_payload();

  if (!connection_) connection_ = std::make_unique<Connection>();
  Connection& conn = *connection_;
  std::optional<http::response_parser<http::string_body>> parser;
  for (int attempt = 0;; ++attempt) {
    const bool reused = conn.is_open();
    if (!reused) {
      if (auto err = conn.open(*url)) return *err;
    }
    parser.emplace();
    parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    error_code ec;
    conn.with_stream([&](auto& stream) {
      http::write(stream, req, ec);
      if (!ec) http::read(stream, conn.buffer, *parser, ec);
    });
    if (!ec) break;
    conn.close();
    if (!(reused && attempt == 0 && is_stale_connection(ec))) return socket_error(ec, "XML-RPC request");
  }

  auto& res = parser->get();
  if (!res.keep_alive()) conn.close();
  if (res.result_int() != 200) {
    conn.close();
    return http_status(res.result_int(), res.reason());
  }
  auto parsed = parse_method_response(res.body(), keep);
  if (auto* value = std::get_if<Value>(&parsed)) return std::move(*value);
  if (auto* fault = std::get_if<Fault>(&parsed)) return std::move(*fault);
  CallError e;
  e.kind = CallError::Kind::kBadResponse;
  e.message = std::get<ParseError>(parsed).message;
  return e;
}

std::optional<CallError> Client::stream_get(std::string_view target,
                                            const std::function<bool(std::string_view)>& on_chunk) {
  const std::optional<ServerUrl> url = parse_server_url(serverurl_);
  if (!url) return bad_url(serverurl_);

  // A stream may never end, so it gets its own connection and leaves the RPC one alone.
  Connection conn;
  if (auto err = conn.open(*url)) return err;

  http::request<http::empty_body> req{http::verb::get, std::string(target), 11};
  set_common_headers(req, *url, username_, password_);
  req.set(http::field::accept, "*/*");
  req.set(http::field::user_agent, "Supervisor HTTP Client");

  return conn.with_stream([&](auto& stream) -> std::optional<CallError> {
    error_code ec;
    http::write(stream, req, ec);
    if (ec) return socket_error(ec, "GET " + std::string(target));
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    http::read_header(stream, conn.buffer, parser, ec);
    if (ec) return socket_error(ec, "GET " + std::string(target));
    if (parser.get().result_int() != 200) return http_status(parser.get().result_int(), parser.get().reason());
    std::string chunk(kStreamBufferSize, '\0');
    while (!parser.is_done()) {
      parser.get().body().data = chunk.data();
      parser.get().body().size = chunk.size();
      http::read_some(stream, conn.buffer, parser, ec);
      if (ec == http::error::need_buffer) ec = {};
      if (ec == http::error::end_of_stream || ec == http::error::partial_message) return std::nullopt;
      if (ec) return socket_error(ec, "GET " + std::string(target));
      const std::size_t got = chunk.size() - parser.get().body().size;
      if (got > 0 && !on_chunk(std::string_view(chunk.data(), got))) return std::nullopt;
    }
    return std::nullopt;
  });
}

}  // namespace xmlrpc
