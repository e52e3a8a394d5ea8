// A stand-alone test server (the test methods and routes of test_server.h) for clients in
// other languages. Usage:
//   xmlrpc_echo_server --port-file F [--unix PATH] [--user U --password P]
// Listens on 127.0.0.1:<ephemeral> (written to F once listening) and optionally PATH; exits
// on SIGTERM/SIGINT.
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "test_server.h"

int main(int argc, char** argv) {
  std::string port_file, unix_path;
  std::optional<std::string> user, password;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--port-file") port_file = argv[i + 1];
    else if (flag == "--unix") unix_path = argv[i + 1];
    else if (flag == "--user") user = argv[i + 1];
    else if (flag == "--password") password = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  if (port_file.empty()) {
    std::fprintf(stderr, "usage: %s --port-file F [--unix PATH] [--user U --password P]\n", argv[0]);
    return 2;
  }
  std::vector<sup::HttpServerConfig> configs{sup::test::inet_config(0, user, password)};
  if (!unix_path.empty()) {
    configs.push_back(sup::test::unix_config(unix_path));
    configs.back().username = user;
    configs.back().password = password;
  }

  boost::asio::io_context io;
  sup::test::RouteStats stats;
  xmlrpc::Registry registry;
  xmlrpc::HttpServer server(io, configs);
  sup::test::install_test_methods(registry, io, stats);
  sup::test::install_test_routes(server, registry, io, stats);
  if (auto err = server.start()) {
    std::fprintf(stderr, "Error: %s\n", err->message.c_str());
    return 2;
  }
  {
    const std::string tmp = port_file + ".tmp";
    std::ofstream(tmp) << server.inet_ports().at(0) << "\n";
    std::rename(tmp.c_str(), port_file.c_str());
  }
  boost::asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](boost::system::error_code, int) {
    server.stop();
    io.stop();
  });
  io.run();
  return 0;
}
