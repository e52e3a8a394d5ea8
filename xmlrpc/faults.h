// Supervisor 4.2.5's XML-RPC fault codes (supervisor/xmlrpc.py, class Faults; spec §7.5).
// faultString is the name below, optionally followed by ": " and detail text.
#pragma once

#include <string>
#include <string_view>

namespace xmlrpc::faults {

inline constexpr int kUnknownMethod = 1;
inline constexpr int kIncorrectParameters = 2;
inline constexpr int kBadArguments = 3;
inline constexpr int kSignatureUnsupported = 4;
inline constexpr int kShutdownState = 6;
inline constexpr int kBadName = 10;
inline constexpr int kBadSignal = 11;
inline constexpr int kNoFile = 20;
inline constexpr int kNotExecutable = 21;
inline constexpr int kFailed = 30;
inline constexpr int kAbnormalTermination = 40;
inline constexpr int kSpawnError = 50;
inline constexpr int kAlreadyStarted = 60;
inline constexpr int kNotRunning = 70;
inline constexpr int kSuccess = 80;
inline constexpr int kAlreadyAdded = 90;
inline constexpr int kStillRunning = 91;
inline constexpr int kCantReread = 92;

// "BAD_NAME" for 10, ..., "UNKNOWN" for codes Supervisor does not define.
std::string_view name(int code);

// The faultString Supervisor builds: the name alone, or "NAME: detail" (an empty detail
// still gives "NAME: ", as RPCError(code, '') does).
std::string text(int code);
std::string text(int code, std::string_view detail);

}  // namespace xmlrpc::faults
