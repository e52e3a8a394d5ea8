// Typed access to the members of XML-RPC reply structs. A reply of the wrong shape is an
// unexpected outcome: like a KeyError in Python's supervisorctl, it becomes the generic error
// line of the command that received it.
#pragma once

#include <cstdint>
#include <source_location>
#include <string>

#include "xmlrpc/value.h"

namespace sup::ctl {

std::string str_field(const xmlrpc::Value& s, const std::string& key,
                      std::source_location where = std::source_location::current());
std::int64_t int_field(const xmlrpc::Value& s, const std::string& key,
                       std::source_location where = std::source_location::current());
bool bool_field(const xmlrpc::Value& s, const std::string& key,
                std::source_location where = std::source_location::current());
// The value as an array, or the generic error.
const xmlrpc::Array& as_array(const xmlrpc::Value& v,
                              std::source_location where = std::source_location::current());
// A field printed as Python's str() would ("999", "none" for unset integers).
std::string text_field(const xmlrpc::Value& s, const std::string& key,
                       std::source_location where = std::source_location::current());

}  // namespace sup::ctl
