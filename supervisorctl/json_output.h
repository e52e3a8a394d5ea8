// XML-RPC values as JSON text for `status --json` (nlohmann's escaping; invalid UTF-8 from a
// process description is replaced, never fatal).
#pragma once

#include <nlohmann/json.hpp>

#include "xmlrpc/value.h"

namespace sup::ctl {

nlohmann::json to_json(const xmlrpc::Value& value);
// One line, no indentation.
std::string dump_json(const nlohmann::json& value);

}  // namespace sup::ctl
