// The INI dialect of Python 3.11's configparser.RawConfigParser as Supervisor configures it
// (strict=False, inline comments ';' and '#', delimiters '=' and ':', [DEFAULT], empty lines
// kept in values), including strict UTF-8 decoding with Python's error text. We do not use
// Debian's libinih: it truncates lines at 200 bytes and knows none of these rules.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sup {

struct IniError {
  // Python exception class: "UnicodeDecodeError", "MissingSectionHeaderError" or
  // "ParsingError" (the latter two are configparser.ParsingError subclasses).
  std::string type;
  std::string message;  // str(exception), possibly several lines
};

class IniParser {
 public:
  struct Section {
    std::string name;
    std::vector<std::pair<std::string, std::string>> options;  // insertion order
  };

  // Parses one file's bytes into the accumulated sections (duplicates merge, later values
  // win). `source` names the file in error messages. Returns the error, if any; sections
  // read before a decoding error or a missing header stay merged, as in Python.
  std::optional<IniError> read(const std::string& bytes, const std::string& source);
  // From now on, read() stores only the sections `keep` accepts (and [DEFAULT]); the others
  // are still parsed, so their syntax errors are reported as before. supervisorctl reads two
  // kinds of section out of files that may hold thousands.
  void keep_sections(std::function<bool(const std::string& name)> keep) { keep_section_ = std::move(keep); }

  // From now on, read() remembers where each key named in `keys` is assigned (file and
  // 1-based line, the last assignment winning), for error messages that point at a line.
  void track_locations(std::vector<std::string> keys) { tracked_keys_ = std::move(keys); }
  struct Location {
    std::string file;
    int line = 0;
  };
  // Where `key` of `section` was last assigned, if it is a tracked key.
  std::optional<Location> location(const std::string& section, const std::string& key) const;

  bool has_section(const std::string& name) const;
  std::vector<std::string> sections() const;  // in order of first appearance, no DEFAULT
  // Section value, else [DEFAULT] value; nullopt when neither has the key. The section must
  // exist.
  std::optional<std::string> get(const std::string& section, const std::string& key) const;
  bool has_option(const std::string& section, const std::string& key) const;
  // options(section): the section's keys, then DEFAULT keys it lacks.
  std::vector<std::string> options(const std::string& section) const;
  void set(const std::string& section, const std::string& key, const std::string& value);

  // Supervisor's expand_here(): replaces the text "%(here)s" in every value of every section
  // (DEFAULT values inherited by a section are copied into it).
  void expand_here(const std::string& here);

 private:
  Section* find(const std::string& name);
  const Section* find(const std::string& name) const;

  std::vector<Section> sections_;
  // Section name -> position in sections_, so that lookups stay O(1) for configs with
  // thousands of sections. Sections are never removed, so positions stay valid.
  std::unordered_map<std::string, std::size_t> index_;
  Section defaults_{"DEFAULT", {}};
  std::function<bool(const std::string&)> keep_section_;
  std::vector<std::string> tracked_keys_;
  std::map<std::pair<std::string, std::string>, Location> locations_;
};

// Python's strict UTF-8 decoding of a text file read in 8 KiB chunks; on failure the
// UnicodeDecodeError message ("'utf-8' codec can't decode byte 0xe9 in position 55: invalid
// continuation byte") with the position counted inside the chunk being decoded.
std::optional<std::string> utf8_decode_error(const std::string& bytes);

}  // namespace sup
