// Python repr() of strings and lists of strings, as they appear inside Supervisor's error
// messages ("invalid literal for int() with base 10: 'abc'").
#pragma once

#include <string>
#include <vector>

namespace sup {

// repr() of a UTF-8 string: single quotes unless it contains ' and no ", backslash escapes
// for non-printable characters (\n, \t, \x00, \ufeff, ...). Invalid UTF-8 bytes are shown
// as \xNN surrogate escapes would be, i.e. '\udcNN'.
std::string py_repr(const std::string& s);

// repr() of a list of strings: ['a', 'b'].
std::string py_list_repr(const std::vector<std::string>& items);

}  // namespace sup
