#include "common/ini_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <string_view>
#include <type_traits>

#include "common/pyrepr.h"
#include "common/pystr.h"
#include "common/utf8.h"

namespace sup {

namespace {

constexpr std::size_t kChunkSize = 8192;  // io.TextIOWrapper's _CHUNK_SIZE
// Stands for [DEFAULT] while reading; no real section name can contain \x01.
constexpr const char* kDefaultMarker = "\x01" "DEFAULT";

// Universal newlines: "\r\n" and a lone "\r" become "\n"; lines keep their terminator.
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = begin;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    if (end == text.size()) {
      lines.push_back(text.substr(begin));
      break;
    }
    std::string line = text.substr(begin, end - begin);
    line.push_back('\n');
    lines.push_back(std::move(line));
    begin = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  return lines;
}

// The line is processed as code points; a pure-ASCII line (nearly all of them) is its own
// code point string, so the same code runs on the bytes without converting (issue 8:
// supervisorctl reads a 1,000-program file on every command).
std::string to_utf8(std::string_view s) { return std::string(s); }
std::string to_utf8(std::u32string_view s) { return u32_to_utf8(std::u32string(s)); }

// configparser's inline comment search: rounds of "next occurrence of each prefix"; the
// first round in which some occurrence follows whitespace (or starts the line) decides.
template <typename Text>
std::size_t inline_comment_start(Text line) {
  std::size_t comment_start = SIZE_MAX;
  struct Prefix {
    typename Text::value_type ch;
    long index;
    bool live;
  };
  Prefix prefixes[] = {{';', -1, true}, {'#', -1, true}};
  auto any_live = [&prefixes] { return prefixes[0].live || prefixes[1].live; };
  while (comment_start == SIZE_MAX && any_live()) {
    for (Prefix& prefix : prefixes) {
      if (!prefix.live) continue;
      std::size_t found = line.find(prefix.ch, static_cast<std::size_t>(prefix.index + 1));
      if (found == Text::npos) {
        prefix.live = false;
        continue;
      }
      prefix.index = static_cast<long>(found);
      if (found == 0 || py_isspace(line[found - 1])) comment_start = std::min(comment_start, found);
    }
  }
  return comment_start;
}

template <typename Text>
Text strip_text(Text s) {
  std::size_t b = 0, e = s.size();
  while (b < e && py_isspace(s[b])) ++b;
  while (e > b && py_isspace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

}  // namespace

std::optional<std::string> utf8_decode_error(const std::string& bytes) {
  // TextIOWrapper feeds each chunk to an incremental decoder, which keeps a sequence cut by
  // the chunk's end for the next call; only at the end of the file is that an error.
  std::string pending;
  for (std::size_t offset = 0;; offset += kChunkSize) {
    const bool final = offset >= bytes.size();
    const std::string data = pending + (final ? std::string() : bytes.substr(offset, kChunkSize));
    const std::optional<Utf8Error> error = utf8_first_error(data);
    if (error && (final || error->fault != Utf8Fault::kUnexpectedEnd)) return utf8_error_message(data, *error);
    pending = error ? data.substr(error->start) : std::string();
    if (final) return std::nullopt;
  }
}

IniParser::Section* IniParser::find(const std::string& name) {
  const auto it = index_.find(name);
  return it == index_.end() ? nullptr : &sections_[it->second];
}

const IniParser::Section* IniParser::find(const std::string& name) const {
  const auto it = index_.find(name);
  return it == index_.end() ? nullptr : &sections_[it->second];
}

std::optional<IniError> IniParser::read(const std::string& bytes, const std::string& source) {
  if (auto err = utf8_decode_error(bytes)) return IniError{"UnicodeDecodeError", *err};

  // configparser collects each value of this file as a list of lines and joins them at
  // the end. The current section is remembered by name (kDefaultMarker for DEFAULT).
  std::string cursect_name;
  bool have_cursect = false;
  std::string optname;
  bool have_optname = false;
  std::size_t indent_level = 0;
  bool keeping = true;  // whether the current section's values are stored
  std::vector<std::pair<std::size_t, std::string>> bad_lines;

  std::vector<std::string> lines = split_lines(bytes);
  struct Value {
    std::string section;  // kDefaultMarker for DEFAULT
    std::string key;
    std::vector<std::string> lines;
  };
  std::vector<Value> values;  // in order of first assignment in this file
  // "section\nkey" -> position in values: neither part can hold a newline, lines being split
  // at newlines.
  std::unordered_map<std::string, std::size_t> value_index;
  auto value_for = [&](const std::string& sec, const std::string& key) -> Value& {
    std::string id;
    id.reserve(sec.size() + 1 + key.size());
    id.append(sec).append(1, '\n').append(key);
    auto [it, inserted] = value_index.try_emplace(std::move(id), values.size());
    if (inserted) values.push_back(Value{sec, key, {}});
    return values[it->second];
  };

  // One line of the file, as code points (std::u32string) or ASCII bytes (std::string).
  // `line` is a std::string_view or std::u32string_view of the line.
  auto read_line = [&](std::size_t n, const std::string& raw, auto line) -> std::optional<IniError> {
    using Text = decltype(line);
    std::size_t comment_start = inline_comment_start(line);
    Text stripped = strip_text(line);
    if (!stripped.empty() && (stripped[0] == '#' || stripped[0] == ';')) comment_start = 0;
    Text value = strip_text(line.substr(0, std::min(comment_start, line.size())));
    if (value.empty()) {
      if (comment_start == SIZE_MAX && have_cursect && have_optname && !optname.empty() && keeping) {
        value_for(cursect_name, optname).lines.emplace_back();
      }
      return std::nullopt;
    }
    std::size_t cur_indent = 0;
    while (cur_indent < line.size() && py_isspace(line[cur_indent])) ++cur_indent;
    if (cur_indent == line.size()) cur_indent = 0;
    if (have_cursect && have_optname && !optname.empty() && cur_indent > indent_level) {
      if (keeping) value_for(cursect_name, optname).lines.push_back(to_utf8(value));
      return std::nullopt;
    }
    indent_level = cur_indent;
    if (value.size() >= 3 && value[0] == '[' && value.find(']', 2) != Text::npos) {
      std::size_t close = value.rfind(']');
      std::string name = to_utf8(value.substr(1, close - 1));
      if (name == "DEFAULT") {
        cursect_name = kDefaultMarker;
        keeping = true;
      } else {
        keeping = !keep_section_ || keep_section_(name);
        if (keeping && index_.try_emplace(name, sections_.size()).second) sections_.push_back(Section{name, {}});
        cursect_name = name;
      }
      have_cursect = true;
      have_optname = false;
      optname.clear();
      return std::nullopt;
    }
    if (!have_cursect) {
      return IniError{"MissingSectionHeaderError",
                      "File contains no section headers.\nfile: " + py_repr(source) +
                          ", line: " + std::to_string(n + 1) + "\n" + py_repr(raw)};
    }
    std::size_t delim = Text::npos;
    for (std::size_t k = 0; k < value.size(); ++k) {
      if (value[k] == '=' || value[k] == ':') {
        delim = k;
        break;
      }
    }
    if (delim == Text::npos) {
      bad_lines.emplace_back(n + 1, raw);
      return std::nullopt;
    }
    Text key = value.substr(0, delim);
    while (!key.empty() && py_isspace(key.back())) key.remove_suffix(1);
    if (key.empty()) bad_lines.emplace_back(n + 1, raw);
    optname = py_lower(to_utf8(key));
    have_optname = true;
    if (!keeping) return std::nullopt;
    if (std::find(tracked_keys_.begin(), tracked_keys_.end(), optname) != tracked_keys_.end()) {
      locations_[{cursect_name, optname}] = Location{source, static_cast<int>(n + 1)};
    }
    Value& v = value_for(cursect_name, optname);
    v.lines.clear();
    v.lines.push_back(to_utf8(strip_text(value.substr(delim + 1))));
    // Register the key now so that the option order follows first assignment.
    set(cursect_name == kDefaultMarker ? "DEFAULT" : cursect_name, optname, "");
    return std::nullopt;
  };
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string& raw = lines[n];
    std::optional<IniError> error;
    if (is_ascii(raw)) {
      error = read_line(n, raw, std::string_view(raw));
    } else {
      std::u32string decoded = utf8_to_u32(raw);
      error = read_line(n, raw, std::u32string_view(decoded));
    }
    if (error) return error;
  }

  for (const auto& v : values) {
    std::string joined;
    for (std::size_t k = 0; k < v.lines.size(); ++k) {
      if (k) joined.push_back('\n');
      joined += v.lines[k];
    }
    set(v.section == kDefaultMarker ? "DEFAULT" : v.section, v.key, py_rstrip(joined));
  }

  if (!bad_lines.empty()) {
    std::string msg = "Source contains parsing errors: " + py_repr(source);
    for (const auto& [lineno, raw] : bad_lines) {
      msg += fmt::format("\n\t[line {:2d}]: {}", lineno, py_repr(raw));
    }
    return IniError{"ParsingError", msg};
  }
  return std::nullopt;
}

bool IniParser::has_section(const std::string& name) const { return find(name) != nullptr; }

std::optional<IniParser::Location> IniParser::location(const std::string& section, const std::string& key) const {
  auto it = locations_.find({section, key});
  if (it == locations_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> IniParser::sections() const {
  std::vector<std::string> names;
  for (const auto& s : sections_) names.push_back(s.name);
  return names;
}

std::optional<std::string> IniParser::get(const std::string& section, const std::string& key) const {
  if (const Section* s = find(section)) {
    for (const auto& [k, v] : s->options) {
      if (k == key) return v;
    }
  }
  for (const auto& [k, v] : defaults_.options) {
    if (k == key) return v;
  }
  return std::nullopt;
}

bool IniParser::has_option(const std::string& section, const std::string& key) const {
  return get(section, key).has_value();
}

std::vector<std::string> IniParser::options(const std::string& section) const {
  std::vector<std::string> keys;
  if (const Section* s = find(section)) {
    for (const auto& kv : s->options) keys.push_back(kv.first);
  }
  for (const auto& kv : defaults_.options) {
    bool seen = false;
    for (const auto& k : keys) seen = seen || k == kv.first;
    if (!seen) keys.push_back(kv.first);
  }
  return keys;
}

void IniParser::set(const std::string& section, const std::string& key, const std::string& value) {
  Section* s = section == "DEFAULT" ? &defaults_ : find(section);
  if (!s) return;
  for (auto& kv : s->options) {
    if (kv.first == key) {
      kv.second = value;
      return;
    }
  }
  s->options.emplace_back(key, value);
}

void IniParser::expand_here(const std::string& here) {
  static const std::string kToken = "%(here)s";
  for (const auto& name : sections()) {
    for (const auto& key : options(name)) {
      std::string value = *get(name, key);
      if (value.find(kToken) == std::string::npos) continue;
      std::string out;
      std::size_t pos = 0;
      for (std::size_t at; (at = value.find(kToken, pos)) != std::string::npos; pos = at + kToken.size()) {
        out.append(value, pos, at - pos);
        out += here;
      }
      out.append(value, pos, std::string::npos);
      set(name, key, out);
    }
  }
}

}  // namespace sup
