// The two output channels of a child, and what became of bytes written to its stdin.
#pragma once

namespace sup {

enum class Channel { kStdout, kStderr };

enum class StdinResult { kOk, kNotRunning, kClosed };

}  // namespace sup
