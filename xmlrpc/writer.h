// Streams XML-RPC values straight into a string, byte for byte as Python's
// xmlrpc.client.Marshaller lays them out (spec §7.3). No DOM is built: the daemon writes
// large replies (getAllProcessInfo over thousands of processes) through this directly, and
// struct members come out in the order they are written.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "xmlrpc/value.h"

namespace xmlrpc {

// Appends `text` as XML 1.0 character data: '&', '<' and '>' escaped as Python escapes them,
// and whatever XML 1.0 cannot carry replaced by U+FFFD (one per byte of an invalid UTF-8
// sequence, one per C0 control other than tab, LF and CR, one per U+FFFE / U+FFFF), so that
// every parser accepts what we send. Supervisor copies those bytes raw and its answer is then
// not XML (a child printing \x1b breaks `supervisorctl tail`). '\r' stays raw, as there:
// parsers read it as '\n'. Every string the Writer writes goes through here.
void append_escaped(std::string& out, std::string_view text);

class Writer {
 public:
  // `out` must outlive the Writer; values are appended to it.
  explicit Writer(std::string& out) : out_(out) {}

  void value(const Value& v);
  void int_value(std::int64_t v);  // marks the writer failed if v does not fit in 32 bits
  void bool_value(bool v);
  void string_value(std::string_view v);
  void double_value(double v);
  void datetime_value(std::string_view iso8601);
  void binary_value(std::string_view bytes);
  void nil_value();

  void begin_array();
  void end_array();
  void begin_struct();
  void end_struct();
  // A member is begin_member(name), exactly one value, end_member().
  void begin_member(std::string_view name);
  void end_member();
  void member_int(std::string_view name, std::int64_t v);
  void member_bool(std::string_view name, bool v);
  void member_string(std::string_view name, std::string_view v);
  void member_value(std::string_view name, const Value& v);

  // False once an integer outside [-2^31, 2^31-1] was written: Python raises OverflowError
  // there and Supervisor answers HTTP 500, so the output must not be sent.
  bool ok() const { return ok_; }

 private:
  std::string& out_;
  bool ok_ = true;
};

// Python's repr() of a float ("1.0", "1e+16", "1.5e-05", "inf", "nan").
std::string python_float_repr(double v);

}  // namespace xmlrpc
