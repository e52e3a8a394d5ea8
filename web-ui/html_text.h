// Escaping for everything the web UI writes into HTML, URLs and JSON. Every process name,
// description and log byte passes through one of these before it reaches a page.
#pragma once

#include <string>
#include <string_view>

namespace sup::webui {

// Text and attribute values: & < > " ' become entities. Other bytes (including invalid
// UTF-8, which the page's charset then shows as U+FFFD) are kept.
std::string html_escape(std::string_view text);

// Python's urllib.parse.quote(text, safe): letters, digits, "_.-~" and `safe` are kept,
// every other byte becomes %XX (upper-case hex).
std::string url_quote(std::string_view text, std::string_view safe = "/");

// application/x-www-form-urlencoded decoding of one name or value: '+' is a space, %XX once.
std::string form_decode(std::string_view text);

// A JSON string literal, quotes included; control characters and non-ASCII-safe bytes as
// \u escapes so the result is valid whatever the input bytes are.
std::string json_quote(std::string_view text);

}  // namespace sup::webui
