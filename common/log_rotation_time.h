// Boundaries of time-based log rotation (`*_logfile_rotate_every`): the next start of a local
// hour or local day strictly after a given time, DST changes included (mktime decides).
#pragma once

#include <chrono>

#include "common/config.h"

namespace sup {

// `every` must not be kNever.
std::chrono::system_clock::time_point next_rotation_boundary(RotateEvery every,
                                                             std::chrono::system_clock::time_point after);

}  // namespace sup
