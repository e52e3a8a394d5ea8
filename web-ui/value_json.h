// XML-RPC values as JSON, for the live page's poll (/status.json): the same data a
// getAllProcessInfo client gets, without an XML parser in the browser.
#pragma once

#include <string>

#include "xmlrpc/value.h"

namespace sup::webui {

// Strings via json_quote (always valid JSON, markup characters escaped); nil as null;
// dateTime as its ISO text; binary as a string of its bytes; non-finite doubles as null.
std::string to_json(const xmlrpc::Value& value);

}  // namespace sup::webui
