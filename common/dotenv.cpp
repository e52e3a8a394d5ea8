#include "common/dotenv.h"

namespace sup {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

bool valid_key(std::string_view key) {
  if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
  for (char c : key) {
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// After a closing quote only blanks and a comment may follow.
bool only_comment(std::string_view rest) {
  rest = trim(rest);
  return rest.empty() || rest[0] == '#';
}

}  // namespace

std::variant<DotenvPairs, DotenvError> parse_dotenv(std::string_view text) {
  DotenvPairs out;
  int number = 0;
  while (!text.empty()) {
    ++number;
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.substr(0, 7) == "export " || line.substr(0, 7) == "export\t") line = trim(line.substr(7));
    std::size_t eq = line.find('=');
    std::string_view key = trim(line.substr(0, eq));
    if (eq == std::string_view::npos || !valid_key(key)) {
      return DotenvError{number, "expected KEY=value"};
    }
    std::string_view raw = trim(line.substr(eq + 1));
    std::string value;
    if (!raw.empty() && (raw[0] == '"' || raw[0] == '\'')) {
      const char quote = raw[0];
      std::size_t i = 1;
      bool closed = false;
      for (; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == quote) {
          closed = true;
          break;
        }
        if (quote == '"' && c == '\\' && i + 1 < raw.size()) {
          char n = raw[++i];
          switch (n) {
            case 'n': value += '\n'; break;
            case 't': value += '\t'; break;
            case 'r': value += '\r'; break;
            case '"': case '\\': case '$': value += n; break;
            default: value += '\\'; value += n; break;
          }
          continue;
        }
        value += c;
      }
      if (!closed) return DotenvError{number, std::string("unterminated ") + quote + " quote"};
      if (!only_comment(raw.substr(i + 1))) return DotenvError{number, "unexpected text after the closing quote"};
    } else {
      std::size_t comment = std::string_view::npos;
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '#' && (i == 0 || blank(raw[i - 1]))) {
          comment = i;
          break;
        }
      }
      value = std::string(trim(raw.substr(0, comment)));
    }
    std::string name(key);
    bool replaced = false;
    for (auto& [k, v] : out) {
      if (k == name) {
        v = value;
        replaced = true;
      }
    }
    if (!replaced) out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

}  // namespace sup
