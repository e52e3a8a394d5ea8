// supervisord: everything lives in sup_daemon (supervisord/daemon.h).
#include <string>
#include <vector>

#include "supervisord/daemon/daemon.h"
#include "supervisord/http/http_frontend.h"

int main(int argc, char** argv) {
  return sup::run_supervisord(std::vector<std::string>(argv, argv + argc), sup::make_http_server_hooks());
}
