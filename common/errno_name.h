// Symbolic errno names as Python's errno.errorcode gives them ("ENOENT"), for the texts
// Supervisor builds from OSError (spawn errors, socket errors). Async-signal-safe: the
// names are static storage, so a freshly forked child may use them.
#pragma once

namespace sup {

// The name of `err`, or nullptr when this table does not know it.
const char* errno_name(int err);

// errno_name(), or "EUNKNOWN" for numbers without a name.
const char* errno_name_or_unknown(int err);

}  // namespace sup
