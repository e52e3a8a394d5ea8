// pidproxy: start a command and relay signals to the process named in a pidfile.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "pidproxy/invocation.h"
#include "pidproxy/proxy.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv, argv + argc);
  const auto inv = sup::pidproxy::parse_invocation(args, std::getenv("PATH"));
  if (!inv) {
    std::fputs(sup::pidproxy::usage_text(args.empty() ? "pidproxy" : args[0]).c_str(), stdout);
    return 1;
  }
  return sup::pidproxy::run_proxy(*inv);
}
