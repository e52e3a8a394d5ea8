// Python's shlex, in the two modes Supervisor uses:
//  * split_posix(): shlex.split(command), used at spawn time to turn a program's command into
//    argv (POSIX mode: quotes removed, backslash escapes, no comments).
//  * tokenize_nonposix(): shlex.shlex(text) with extra word characters, used to parse
//    environment= lists (non-POSIX mode: quotes kept in tokens, '#' comments).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sup {

struct ShlexResult {
  std::vector<std::string> tokens;
  // Python's ValueError text when tokenizing fails: "No closing quotation" or
  // "No escaped character". tokens is then incomplete.
  std::optional<std::string> error;
};

// shlex.split(s): whitespace separates words, '...' literal, "..." with only \" and \\ escapes,
// a backslash outside quotes escapes the next character.
ShlexResult split_posix(const std::string& s);

// list(shlex.shlex(s)) with `extra_wordchars` added to the word characters (Supervisor
// adds "/.+-():"). Word characters are ASCII letters, digits and '_' (Latin-1 letters
// only count in POSIX mode, so "café" yields "caf" and "é").
ShlexResult tokenize_nonposix(const std::string& s, const std::string& extra_wordchars);

}  // namespace sup
