// Environment variables that ctest sets for the tests (SUP_TEST_ENV in tests/CMakeLists.txt).
#pragma once

#include <string>

namespace sup::test {

// The value of `name`; throws std::runtime_error naming it when it is unset or empty.
std::string env_or_fail(const char* name);

}  // namespace sup::test
