// Network ports for tests.
#pragma once

namespace sup::test {

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int free_tcp_port();

}  // namespace sup::test
