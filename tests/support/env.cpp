#include "tests/support/env.h"

#include <cstdlib>
#include <stdexcept>

namespace sup::test {

std::string env_or_fail(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') throw std::runtime_error(std::string("environment variable not set: ") + name);
  return v;
}

}  // namespace sup::test
