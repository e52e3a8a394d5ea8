#include "supervisord/child/spawn_error.h"

#include <fmt/format.h>

#include "common/errno_name.h"

namespace sup {

SpawnError spawn_error_from_errno(SpawnError::Kind kind, int errnum, std::string_view program) {
  using Kind = SpawnError::Kind;
  std::string text;
  switch (kind) {
    case Kind::kDescriptors:
      text = fmt::format("too many open files to spawn '{}'", program);
      break;
    case Kind::kProcessTable:
      text = fmt::format("Too many processes in process table to spawn '{}'", program);
      break;
    case Kind::kFork:
      text = fmt::format("unknown error during fork for '{}': {}", program, errno_name_or_unknown(errnum));
      break;
    default:
      text = fmt::format("unknown error making dispatchers for '{}': {}", program, errno_name_or_unknown(errnum));
      break;
  }
  return SpawnError{kind, errnum, std::move(text)};
}

}  // namespace sup
