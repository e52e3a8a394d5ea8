// supervisorctl's exit statuses: the LSB init-script codes Supervisor 4.2.5 uses, and the two
// that `status` gives a different meaning to (see ../shared/spec/supervisorctl.md §2.4).
#pragma once

#include "xmlrpc/faults.h"

namespace sup::ctl {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitGeneric = 1;
inline constexpr int kExitInvalidArgs = 2;
inline constexpr int kExitUnimplemented = 3;
inline constexpr int kExitInsufficientPrivileges = 4;
inline constexpr int kExitNotInstalled = 5;
inline constexpr int kExitNotRunning = 7;

// `status` only.
inline constexpr int kStatusExitNotRunning = 3;
inline constexpr int kStatusExitUnknown = 4;

// Fault codes, from the shared table.
namespace fault = ::xmlrpc::faults;

// Process state codes (getProcessInfo's `state`).
namespace state {
inline constexpr int kStopped = 0;
inline constexpr int kStarting = 10;
inline constexpr int kRunning = 20;
inline constexpr int kBackoff = 30;
inline constexpr int kStopping = 40;
inline constexpr int kExited = 100;
inline constexpr int kFatal = 200;
inline constexpr int kUnknown = 1000;
}  // namespace state

}  // namespace sup::ctl
