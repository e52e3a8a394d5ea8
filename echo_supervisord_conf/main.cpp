// echo_supervisord_conf: print a commented sample supervisord.conf on stdout. Like
// Supervisor's, it takes no options and ignores its arguments.
#include <cstdio>

#include "echo_supervisord_conf/sample_text.h"

int main() {
  const auto& text = sup::kSampleConf;
  const bool ok = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  return std::fflush(stdout) == 0 && ok ? 0 : 1;
}
