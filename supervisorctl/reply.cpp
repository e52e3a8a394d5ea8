#include "supervisorctl/reply.h"

#include "supervisorctl/command_failure.h"
#include "supervisorctl/py_text.h"

namespace sup::ctl {
namespace {

const xmlrpc::Value& member(const xmlrpc::Value& s, const std::string& key,
                            std::source_location where) {
  const xmlrpc::Value* v = s.find(key);
  if (v == nullptr) throw CommandFailure::value_error("reply has no member " + sup::py_repr(key), where);
  return *v;
}

}  // namespace

std::string str_field(const xmlrpc::Value& s, const std::string& key, std::source_location where) {
  const xmlrpc::Value& v = member(s, key, where);
  if (!v.is_string()) return py_str(v);
  return v.as_string();
}

std::int64_t int_field(const xmlrpc::Value& s, const std::string& key, std::source_location where) {
  const xmlrpc::Value& v = member(s, key, where);
  if (v.is_int()) return v.as_int();
  if (v.is_bool()) return v.as_bool() ? 1 : 0;
  throw CommandFailure::value_error("reply member " + sup::py_repr(key) + " is not an integer", where);
}

bool bool_field(const xmlrpc::Value& s, const std::string& key, std::source_location where) {
  const xmlrpc::Value& v = member(s, key, where);
  if (v.is_bool()) return v.as_bool();
  if (v.is_int()) return v.as_int() != 0;
  if (v.is_string()) return !v.as_string().empty();
  return !v.is_nil();
}

const xmlrpc::Array& as_array(const xmlrpc::Value& v, std::source_location where) {
  if (!v.is_array()) throw CommandFailure::value_error("reply is not an array", where);
  return v.as_array();
}

std::string text_field(const xmlrpc::Value& s, const std::string& key, std::source_location where) {
  return py_str(member(s, key, where));
}

}  // namespace sup::ctl
