#include "common/shlex.h"

#include <deque>

#include "common/pystr.h"

namespace sup {

namespace {

bool is_ascii_word(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_shlex_space(char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_quote(char32_t c) { return c == '\'' || c == '"'; }

}  // namespace

ShlexResult split_posix(const std::string& text) {
  // shlex(posix=True, whitespace_split=True, commenters=''): a faithful state machine.
  std::u32string s = utf8_to_u32(text);
  ShlexResult result;
  std::u32string token;
  bool quoted = false;
  char32_t state = ' ';
  char32_t escaped_state = ' ';
  auto emit = [&]() {
    result.tokens.push_back(u32_to_utf8(token));
    token.clear();
    quoted = false;
  };
  for (std::size_t i = 0;; ++i) {
    bool eof = i >= s.size();
    char32_t c = eof ? 0 : s[i];
    if (state == ' ') {
      if (eof) break;
      if (is_shlex_space(c)) {
        if (!token.empty() || quoted) emit();
      } else if (c == '\\') {
        escaped_state = 'a';
        state = '\\';
      } else if (is_quote(c)) {
        state = c;
      } else {
        token.push_back(c);
        state = 'a';
      }
    } else if (is_quote(state)) {
      quoted = true;
      if (eof) {
        result.error = "No closing quotation";
        return result;
      }
      if (c == state) {
        state = 'a';
      } else if (c == '\\' && state == '"') {
        escaped_state = state;
        state = '\\';
      } else {
        token.push_back(c);
      }
    } else if (state == '\\') {
      if (eof) {
        result.error = "No escaped character";
        return result;
      }
      if (is_quote(escaped_state) && c != '\\' && c != escaped_state) token.push_back('\\');
      token.push_back(c);
      state = escaped_state;
    } else {  // 'a': inside a word
      if (eof) break;
      if (is_shlex_space(c)) {
        state = ' ';
        if (!token.empty() || quoted) emit();
      } else if (is_quote(c)) {
        state = c;
      } else if (c == '\\') {
        escaped_state = 'a';
        state = '\\';
      } else {
        token.push_back(c);
      }
    }
  }
  if (!token.empty() || quoted) emit();
  return result;
}

ShlexResult tokenize_nonposix(const std::string& text, const std::string& extra_wordchars) {
  std::u32string s = utf8_to_u32(text);
  std::u32string extra = utf8_to_u32(extra_wordchars);
  auto is_word = [&](char32_t c) {
    return is_ascii_word(c) || extra.find(c) != std::u32string::npos;
  };
  ShlexResult result;
  std::size_t pos = 0;
  std::deque<char32_t> pushback;
  auto read = [&](char32_t& c) -> bool {
    if (!pushback.empty()) {
      c = pushback.front();
      pushback.pop_front();
      return true;
    }
    if (pos >= s.size()) return false;
    c = s[pos++];
    return true;
  };
  auto skip_line = [&]() {
    while (pos < s.size() && s[pos] != '\n') ++pos;
    if (pos < s.size()) ++pos;
  };
  // One read_token() per iteration; iteration ends at the end-of-input token ''.
  for (;;) {
    std::u32string token;
    char32_t state = ' ';
    for (;;) {
      char32_t c = 0;
      bool have = read(c);
      if (state == ' ') {
        if (!have) break;
        if (is_shlex_space(c)) {
          if (!token.empty()) break;
        } else if (c == '#') {
          skip_line();
        } else if (is_word(c)) {
          token = c;
          state = 'a';
        } else if (is_quote(c)) {
          token = c;
          state = c;
        } else {
          token = c;
          break;
        }
      } else if (is_quote(state)) {
        if (!have) {
          result.error = "No closing quotation";
          return result;
        }
        token.push_back(c);
        if (c == state) break;
      } else {  // 'a'
        if (!have) break;
        if (is_shlex_space(c)) {
          if (!token.empty()) break;
          state = ' ';
        } else if (c == '#') {
          // Non-POSIX shlex drops the rest of the line but stays inside the word.
          skip_line();
        } else if (is_word(c) || is_quote(c)) {
          token.push_back(c);
        } else {
          pushback.push_front(c);
          if (!token.empty()) break;
          state = ' ';
        }
      }
    }
    if (token.empty()) break;
    result.tokens.push_back(u32_to_utf8(token));
  }
  return result;
}

}  // namespace sup
