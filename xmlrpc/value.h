// The XML-RPC value model: what Supervisor sends and accepts (int, boolean, string, double,
// dateTime.iso8601, base64, array, struct, and Python's <nil/> extension).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace xmlrpc {

class Value;
using Array = std::vector<Value>;
using Struct = std::map<std::string, Value>;  // XML-RPC members; Supervisor sorts nothing, order is free

struct Nil {
  bool operator==(const Nil&) const = default;
};
struct DateTime {  // the text of <dateTime.iso8601>, e.g. "20260101T10:00:00"
  std::string iso8601;
  bool operator==(const DateTime&) const = default;
};
struct Binary {  // decoded bytes of <base64>
  std::string bytes;
  bool operator==(const Binary&) const = default;
};

// A fault response: <fault> with faultCode / faultString.
struct Fault {
  int code = 0;
  std::string string;
  bool operator==(const Fault&) const = default;
};

class Value {
 public:
  using Storage = std::variant<Nil, bool, std::int64_t, double, std::string, DateTime, Binary, Array, Struct>;

  Value() : storage_(Nil{}) {}
  Value(Nil) : storage_(Nil{}) {}
  Value(bool v) : storage_(v) {}
  Value(int v) : storage_(static_cast<std::int64_t>(v)) {}
  Value(std::int64_t v) : storage_(v) {}
  Value(double v) : storage_(v) {}
  Value(const char* v) : storage_(std::string(v)) {}
  Value(std::string v) : storage_(std::move(v)) {}
  Value(DateTime v) : storage_(std::move(v)) {}
  Value(Binary v) : storage_(std::move(v)) {}
  Value(Array v) : storage_(std::move(v)) {}
  Value(Struct v) : storage_(std::move(v)) {}

  bool is_nil() const { return std::holds_alternative<Nil>(storage_); }
  bool is_bool() const { return std::holds_alternative<bool>(storage_); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(storage_); }
  bool is_double() const { return std::holds_alternative<double>(storage_); }
  bool is_string() const { return std::holds_alternative<std::string>(storage_); }
  bool is_datetime() const { return std::holds_alternative<DateTime>(storage_); }
  bool is_binary() const { return std::holds_alternative<Binary>(storage_); }
  bool is_array() const { return std::holds_alternative<Array>(storage_); }
  bool is_struct() const { return std::holds_alternative<Struct>(storage_); }

  // Accessors throw std::bad_variant_access on a type mismatch; check first.
  bool as_bool() const { return std::get<bool>(storage_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(storage_); }
  double as_double() const { return std::get<double>(storage_); }
  const std::string& as_string() const { return std::get<std::string>(storage_); }
  const DateTime& as_datetime() const { return std::get<DateTime>(storage_); }
  const Binary& as_binary() const { return std::get<Binary>(storage_); }
  const Array& as_array() const { return std::get<Array>(storage_); }
  Array& as_array() { return std::get<Array>(storage_); }
  const Struct& as_struct() const { return std::get<Struct>(storage_); }
  Struct& as_struct() { return std::get<Struct>(storage_); }

  // Struct member lookup; nullptr when this is not a struct or has no such member.
  const Value* find(const std::string& key) const {
    const auto* s = std::get_if<Struct>(&storage_);
    if (s == nullptr) return nullptr;
    auto it = s->find(key);
    return it == s->end() ? nullptr : &it->second;
  }

  const Storage& storage() const { return storage_; }
  bool operator==(const Value& other) const { return storage_ == other.storage_; }

 private:
  Storage storage_;
};

}  // namespace xmlrpc
