// Python repr() of strings and lists of strings, as they appear inside Supervisor's error
// messages ("invalid literal for int() with base 10: 'abc'").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sup {

// repr() of a UTF-8 string: single quotes unless it contains ' and no ", backslash escapes
// for non-printable characters (\n, \t, \x00, \ufeff, ...). Invalid UTF-8 bytes are shown
// as \xNN surrogate escapes would be, i.e. '\udcNN'.
std::string py_repr(const std::string& s);

// repr() of a list of strings: ['a', 'b'].
std::string py_list_repr(const std::vector<std::string>& items);

// repr() of a bytes object: b'...' (b"..." when it contains ' and no "), with \\, \n, \r,
// \t and \xNN escapes for the other bytes outside printable ASCII.
std::string py_bytes_repr(std::string_view bytes);

}  // namespace sup
