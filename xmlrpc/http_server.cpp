#include "xmlrpc/http_server.h"

#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>

#include "xmlrpc/http_connection.h"
#include "xmlrpc/http_server_state.h"
#include "xmlrpc/socket_bind.h"

namespace xmlrpc {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// Retrying accept at once after EMFILE would spin; wait a little instead.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

template <class Protocol>
class Listener final : public ListenerBase, public std::enable_shared_from_this<Listener<Protocol>> {
 public:
  Listener(typename Protocol::acceptor acceptor, std::shared_ptr<HttpServer::State> state,
           std::shared_ptr<const ListenerInfo> info, std::shared_ptr<ConnectionTable> table)
      : acceptor_(std::move(acceptor)), retry_timer_(acceptor_.get_executor()), state_(std::move(state)),
        info_(std::move(info)), table_(std::move(table)) {}

  void start() { do_accept(); }

  void close() override {
    error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
  }

 private:
  void do_accept() {
    acceptor_.async_accept([self = this->shared_from_this()](error_code ec, typename Protocol::socket socket) {
      self->on_accept(ec, std::move(socket));
    });
  }

  void on_accept(error_code ec, typename Protocol::socket socket) {
    if (!acceptor_.is_open() || ec == asio::error::operation_aborted) return;
    if (ec) {
      retry_timer_.expires_after(kAcceptRetryDelay);
      retry_timer_.async_wait([self = this->shared_from_this()](error_code wait_ec) {
        if (!wait_ec) self->do_accept();
      });
      return;
    }
    // Asio accepts without SOCK_CLOEXEC; children spawned by the daemon must not inherit
    // client connections (a client would then never see the close). Same thread as any fork.
    ::fcntl(socket.native_handle(), F_SETFD, FD_CLOEXEC);
    const std::string peer = peer_address(socket);
    if (table_->make_room(peer)) {
      start_connection(std::move(socket), state_, info_, table_, peer);
    } else {
      refuse_connection(socket.native_handle());
    }
    do_accept();
  }

  static std::string peer_address(const typename Protocol::socket& socket) {
    if constexpr (std::is_same_v<Protocol, asio::ip::tcp>) {
      error_code ec;
      const auto ep = socket.remote_endpoint(ec);
      if (!ec) return ep.address().to_string();
    }
    return {};
  }

  typename Protocol::acceptor acceptor_;
  asio::steady_timer retry_timer_;
  std::shared_ptr<HttpServer::State> state_;
  std::shared_ptr<const ListenerInfo> info_;
  std::shared_ptr<ConnectionTable> table_;
};

std::string reverse_name(const asio::ip::tcp::endpoint& ep) {
  char host[NI_MAXHOST];
  if (::getnameinfo(ep.data(), static_cast<socklen_t>(ep.size()), host, sizeof host, nullptr, 0, NI_NAMEREQD) == 0) {
    return host;
  }
  return ep.address().to_string();
}

std::optional<BasicCredentials> credentials_of(const sup::HttpServerConfig& config) {
  if (!config.username) return std::nullopt;
  return BasicCredentials{*config.username, config.password.value_or("")};
}

}  // namespace

std::function<bool(const HttpRequest&)> match_prefix(std::string prefix) {
  return [prefix = std::move(prefix)](const HttpRequest& r) { return r.target.compare(0, prefix.size(), prefix) == 0; };
}

std::function<bool(const HttpRequest&)> match_pages(std::vector<std::string> pages) {
  return [pages = std::move(pages)](const HttpRequest& r) {
    std::string_view path = r.path;
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    for (const auto& p : pages) {
      if (path == p) return true;
    }
    return false;
  };
}

HttpServer::HttpServer(asio::io_context& io, std::vector<sup::HttpServerConfig> servers, HttpLimits limits)
    : io_(io), servers_(std::move(servers)), state_(std::make_shared<State>()) {
  state_->limits = limits;
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::add_route(HttpRoute route) { state_->routes.push_back(std::move(route)); }

std::optional<HttpStartError> HttpServer::start() {
  stop();
  State& opened = *state_;
  const int backlog = state_->limits.listen_backlog;
  for (const auto& config : servers_) {
    auto info = std::make_shared<ListenerInfo>();
    info->section = config.section;
    info->auth = credentials_of(config);
    if (config.type == sup::HttpServerConfig::Type::kUnix) {
      info->unix_socket = true;
      info->server_name = "<unix domain socket>";
      BindResult bound = bind_unix_listener(config.file, config.chmod, config.chown_uid, config.chown_gid, backlog);
      if (bound.fd < 0) {
        stop();
        return HttpStartError{bound.error};
      }
      opened.unix_paths.push_back(config.file);
      asio::local::stream_protocol::acceptor acceptor(io_);
      error_code ec;
      acceptor.assign(asio::local::stream_protocol(), bound.fd, ec);
      if (ec) {
        ::close(bound.fd);
        stop();
        return HttpStartError{socket_error_message(ec.value())};
      }
      auto table = std::make_shared<ConnectionTable>(state_->limits.max_unix_connections, 0);
      opened.tables.push_back(table);
      auto listener =
          std::make_shared<Listener<asio::local::stream_protocol>>(std::move(acceptor), state_, info, std::move(table));
      listener->start();
      opened.listeners.push_back(listener);
      continue;
    }

    error_code ec;
    asio::ip::tcp::endpoint endpoint(asio::ip::address_v4::any(), static_cast<unsigned short>(config.port));
    if (!config.host.empty() && config.host != "*") {
      asio::ip::tcp::resolver resolver(io_);
      auto results = resolver.resolve(asio::ip::tcp::v4(), config.host, std::to_string(config.port), ec);
      if (ec || results.empty()) {
        stop();
        return HttpStartError{"Cannot open an HTTP server: cannot resolve host " + config.host};
      }
      endpoint = results.begin()->endpoint();
    }
    asio::ip::tcp::acceptor acceptor(io_);
    const auto fail = [&](const error_code& e) {
      stop();
      return HttpStartError{e == asio::error::address_in_use ? std::string(kAddressInUseMessage)
                                                              : socket_error_message(e.value())};
    };
    if (acceptor.open(endpoint.protocol(), ec); ec) return fail(ec);
    ::fcntl(acceptor.native_handle(), F_SETFD, FD_CLOEXEC);
    if (acceptor.set_option(asio::socket_base::reuse_address(true), ec); ec) return fail(ec);
    if (acceptor.bind(endpoint, ec); ec) return fail(ec);
    if (acceptor.listen(backlog, ec); ec) return fail(ec);
    const auto local = acceptor.local_endpoint(ec);
    opened.inet_ports.push_back(local.port());
    info->server_name = reverse_name(local);
    auto table = std::make_shared<ConnectionTable>(state_->limits.max_inet_connections,
                                                   state_->limits.max_connections_per_peer);
    opened.tables.push_back(table);
    auto listener = std::make_shared<Listener<asio::ip::tcp>>(std::move(acceptor), state_, info, std::move(table));
    listener->start();
    opened.listeners.push_back(listener);
  }
  return std::nullopt;
}

void HttpServer::stop() {
  for (auto& l : state_->listeners) l->close();
  state_->listeners.clear();
  for (const auto& path : state_->unix_paths) ::unlink(path.c_str());
  state_->unix_paths.clear();
  state_->inet_ports.clear();
  for (auto& table : state_->tables) table->close_all();
  state_->tables.clear();
}

std::vector<int> HttpServer::inet_ports() const { return state_->inet_ports; }

std::size_t HttpServer::connection_count() const {
  std::size_t n = 0;
  for (const auto& table : state_->tables) n += table->size();
  return n;
}

}  // namespace xmlrpc
