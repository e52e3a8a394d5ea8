// Python's printf-style "%" operator applied to a mapping (`value % expansions`), which is
// how Supervisor expands %(name)s in option values (spec config.md §4).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sup {

using ExpansionValue = std::variant<std::string, std::int64_t>;

// An insertion-ordered dict: order shows in "%s" (the whole dict's repr); lookups are rare
// enough that a linear scan is fine.
class Expansions {
 public:
  void set(const std::string& key, ExpansionValue value);  // dict[key] = value
  void update(const Expansions& other);                     // dict.update(other)
  const ExpansionValue* find(const std::string& key) const;
  std::vector<std::string> sorted_keys() const;
  std::string repr() const;  // {'k': 'v', 'n': 1}
  const std::vector<std::pair<std::string, ExpansionValue>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, ExpansionValue>> items_;
};

struct FormatResult {
  std::string text;
  // Set on failure. missing_key: the KeyError's repr ("'ENV_X'"); else `error` holds
  // Python's message ("incomplete format", "unsupported format character 'b' (0x62) at
  // index 3", "%d format: a real number is required, not str", ...).
  std::optional<std::string> missing_key;
  std::optional<std::string> error;
  bool ok() const { return !missing_key && !error; }
};

FormatResult percent_format(const std::string& format, const Expansions& mapping);

// Supervisor's options.expand(): the formatted text, or the ValueError message
// "Format string '<s>' for '<name>' contains names (...) which cannot be expanded. ..." /
// "... is badly formatted: <detail>".
struct ExpandResult {
  std::string text;
  std::optional<std::string> error;
};
ExpandResult expand(const std::string& s, const Expansions& expansions, const std::string& name);

}  // namespace sup
