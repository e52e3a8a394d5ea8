#include "xmlrpc/faults.h"

namespace xmlrpc::faults {

std::string_view name(int code) {
  switch (code) {
    case kUnknownMethod: return "UNKNOWN_METHOD";
    case kIncorrectParameters: return "INCORRECT_PARAMETERS";
    case kBadArguments: return "BAD_ARGUMENTS";
    case kSignatureUnsupported: return "SIGNATURE_UNSUPPORTED";
    case kShutdownState: return "SHUTDOWN_STATE";
    case kBadName: return "BAD_NAME";
    case kBadSignal: return "BAD_SIGNAL";
    case kNoFile: return "NO_FILE";
    case kNotExecutable: return "NOT_EXECUTABLE";
    case kFailed: return "FAILED";
    case kAbnormalTermination: return "ABNORMAL_TERMINATION";
    case kSpawnError: return "SPAWN_ERROR";
    case kAlreadyStarted: return "ALREADY_STARTED";
    case kNotRunning: return "NOT_RUNNING";
    case kSuccess: return "SUCCESS";
    case kAlreadyAdded: return "ALREADY_ADDED";
    case kStillRunning: return "STILL_RUNNING";
    case kCantReread: return "CANT_REREAD";
    default: return "UNKNOWN";
  }
}

std::string text(int code) { return std::string(name(code)); }

std::string text(int code, std::string_view detail) {
  std::string out(name(code));
  out += ": ";
  out += detail;
  return out;
}

}  // namespace xmlrpc::faults
