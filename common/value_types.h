// Supervisor's value converters (supervisor/datatypes.py) with their exact error messages.
// Internal to the configuration reader: failures throw ValueError, which the loader turns
// into a ConfigError before it leaves the library (never across the event loop).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/config.h"
#include "common/system.h"

namespace sup {

// Python's ValueError: the message is what supervisord prints after "Error: ".
class ValueError : public std::runtime_error {
 public:
  explicit ValueError(const std::string& message) : std::runtime_error(message) {}
};

std::int64_t to_integer(const std::string& v);       // int(v)
bool to_boolean(const std::string& v);               // true/yes/on/1, false/no/off/0
std::int64_t to_byte_size(const std::string& v);     // 10, 10KB, 10 MB, 1GB
mode_t to_octal(const std::string& v);               // int(v, 8)
LogLevel to_logging_level(const std::string& v);
std::string logging_level_name(LogLevel level);      // "info"
AutoRestart to_auto_restart(const std::string& v);
std::vector<int> to_exitcodes(const std::string& v);
std::vector<std::string> to_list_of_strings(const std::string& v);
int to_signal_number(const std::string& v);
std::string to_process_or_group_name(const std::string& v);
// dict_of_key_value_pairs(): insertion-ordered pairs (later duplicates overwrite in place).
std::vector<std::pair<std::string, std::string>> to_key_value_pairs(const std::string& v);
std::pair<std::string, int> to_inet_address(const std::string& v);  // (host, port)

// Paths, as os.path does them on POSIX.
std::string expanduser(const std::string& path, const System& sys);
std::string normpath(const std::string& path);
std::string abspath(const std::string& path, const System& sys);
std::string dirname(const std::string& path);
std::string path_join(const std::string& a, const std::string& b);
std::string normalize_path(const std::string& path, const System& sys);  // ~, absolute, norm

std::string to_existing_directory(const std::string& v, const System& sys);
std::string to_existing_dirpath(const std::string& v, const System& sys);

uid_t name_to_uid(const std::string& v, const System& sys);
gid_t name_to_gid(const std::string& v, const System& sys);
gid_t gid_for_uid(uid_t uid, const System& sys);
std::pair<uid_t, gid_t> to_user_group(const std::string& v, const System& sys);  // gid -1 if absent

// Resolves a "module:attr" entry point; only Supervisor's own plugins exist here. Returns the
// canonical "module:qualname", nullopt when it cannot be imported (throws on bad syntax).
std::optional<std::string> resolve_entry_point(const std::string& spec);

}  // namespace sup
