#include "xmlrpc/codec.h"

#include <tinyxml2.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <initializer_list>
#include <limits>

#include "common/utf8.h"
#include "xmlrpc/base64.h"

namespace xmlrpc {
namespace {

using tinyxml2::XMLElement;
using tinyxml2::XMLNode;

// Whose parsing rules apply (see codec.h).
enum class Dialect { kSupervisorServer, kPythonClient };

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Python's int(str): surrounding whitespace, optional sign, digits with single underscores
// between them. Values beyond int64 are refused (no Supervisor method could use them).
std::optional<std::int64_t> parse_python_int(std::string_view text) {
  std::string_view s = trim(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.front() == '_' || s.back() == '_') return std::nullopt;
  // Accumulate negatively so that INT64_MIN is representable.
  std::int64_t value = 0;
  char previous = 0;
  for (char c : s) {
    if (c == '_') {
      if (previous == '_') return std::nullopt;
      previous = c;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    const int digit = c - '0';
    if (value < (std::numeric_limits<std::int64_t>::min() + digit) / 10) return std::nullopt;
    value = value * 10 - digit;
    previous = c;
  }
  if (!negative) {
    if (value == std::numeric_limits<std::int64_t>::min()) return std::nullopt;
    value = -value;
  }
  return value;
}

// Python's float(str): decimal or exponent notation, inf/infinity/nan, underscores between
// digits; no hexadecimal (which strtod alone would take).
std::optional<double> parse_python_float(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  std::string cleaned;
  char previous = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '_') {
      const bool between_digits = i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(previous)) &&
                                  std::isdigit(static_cast<unsigned char>(s[i + 1]));
      if (!between_digits) return std::nullopt;
      previous = c;
      continue;
    }
    if (c == 'x' || c == 'X' || c == 'p' || c == 'P') return std::nullopt;
    cleaned += c;
    previous = c;
  }
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(cleaned.c_str(), &end);
  if (end != cleaned.c_str() + cleaned.size()) return std::nullopt;
  return v;
}

// time.strptime(text, "%Y%m%dT%H:%M:%S") in the strict form Python accepts for real dates.
bool is_iso8601(std::string_view s) {
  if (s.size() != 17 || s[8] != 'T' || s[11] != ':' || s[14] != ':') return false;
  for (std::size_t i : {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 13, 15, 16}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const auto num = [&](std::size_t pos, std::size_t len) {
    return std::atoi(std::string(s.substr(pos, len)).c_str());
  };
  const int month = num(4, 2), day = num(6, 2), hour = num(9, 2), minute = num(12, 2), second = num(15, 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 61;
}

// ElementTree's `elem.text`: the character data before the first child element, nullopt
// when there is none.
std::optional<std::string> leading_text(const XMLElement* e) {
  std::optional<std::string> text;
  for (const XMLNode* n = e->FirstChild(); n != nullptr; n = n->NextSibling()) {
    if (n->ToElement() != nullptr) break;
    if (const auto* t = n->ToText()) {
      if (!text) {
        text.emplace(t->Value());  // the usual case: one text node
      } else {
        *text += t->Value();
      }
    }
  }
  return text;
}

std::string_view local_name(const XMLElement* e) {
  std::string_view tag = e->Name();
  const std::size_t colon = tag.rfind(':');
  return colon == std::string_view::npos ? tag : tag.substr(colon + 1);
}

class Decoder {
 public:
  explicit Decoder(Dialect dialect) : dialect_(dialect) {}

  // Decodes a <value> element.
  bool value(const XMLElement* e, Value& out) {
    const XMLElement* typed = e->FirstChildElement();
    if (typed == nullptr) {
      out = leading_text(e).value_or("");
      return true;
    }
    return dialect_ == Dialect::kSupervisorServer ? server_typed(typed, out) : client_typed(typed, out);
  }

  // Decodes any element the way the dialect reads a <param>'s child.
  bool param(const XMLElement* e, Value& out) {
    if (dialect_ == Dialect::kSupervisorServer) return server_any(e, out);
    if (local_name(e) != "value") return fail("<param> without <value>");
    return value(e, out);
  }

  const std::string& error() const { return error_; }

  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

 private:
  // What Supervisor's iterparse pass leaves as the "text" of any element: typed elements
  // their decoded value, <value> its content, anything else its raw text (or None).
  bool server_any(const XMLElement* e, Value& out) {
    if (std::string_view(e->Name()) == "value") return value(e, out);
    return server_typed(e, out);
  }

  bool server_typed(const XMLElement* e, Value& out) {
    const std::string_view tag = e->Name();
    const std::optional<std::string> text = leading_text(e);
    if (tag == "int" || tag == "i4") {
      const auto v = text ? parse_python_int(*text) : std::nullopt;
      if (!v) return fail("invalid <" + std::string(tag) + "> value");
      out = *v;
    } else if (tag == "boolean") {
      out = text.has_value() && *text == "1";
    } else if (tag == "string") {
      out = text.value_or("");
    } else if (tag == "double") {
      const auto v = text ? parse_python_float(*text) : std::nullopt;
      if (!v) return fail("invalid <double> value");
      out = *v;
    } else if (tag == "dateTime.iso8601") {
      if (!text || !is_iso8601(*text)) return fail("invalid <dateTime.iso8601> value");
      out = DateTime{*text};
    } else if (tag == "base64") {
      auto bytes = base64_decode_lenient(text.value_or(""));
      if (!bytes) return fail("invalid <base64> value: incorrect padding");
      if (!sup::is_valid_utf8(*bytes)) return fail("invalid <base64> value: not UTF-8 text");
      out = std::move(*bytes);
    } else if (tag == "array") {
      const XMLElement* data = e->FirstChildElement();
      if (data == nullptr || std::string_view(data->Name()) != "data") return fail("<array> without <data>");
      Array items;
      for (const XMLElement* c = data->FirstChildElement(); c != nullptr; c = c->NextSiblingElement()) {
        if (!server_any(c, items.emplace_back())) return false;
      }
      out = std::move(items);
    } else if (tag == "struct") {
      Struct members;
      for (const XMLElement* m = e->FirstChildElement(); m != nullptr; m = m->NextSiblingElement()) {
        const XMLElement* k = m->FirstChildElement();
        const XMLElement* v = k == nullptr ? nullptr : k->NextSiblingElement();
        if (v == nullptr || v->NextSiblingElement() != nullptr) return fail("<member> needs a name and a value");
        Value member;
        if (!server_any(v, member)) return false;
        members.insert_or_assign(leading_text(k).value_or(""), std::move(member));
      }
      out = std::move(members);
    } else if (text) {
      out = *text;  // <i8>, <nil>text</nil>, ...: Supervisor has no unmarshaller, keeps the text
    } else {
      out = Nil{};
    }
    return true;
  }

  bool client_typed(const XMLElement* e, Value& out) {
    const std::string_view tag = local_name(e);
    // Containers first: their text is only the whitespace between children.
    if (tag == "array") return client_array(e, out);
    if (tag == "struct") return client_struct(e, out);
    std::string text = leading_text(e).value_or("");
    if (tag == "int" || tag == "i4" || tag == "i8" || tag == "i1" || tag == "i2" || tag == "biginteger") {
      const auto v = parse_python_int(text);
      if (!v) return fail("invalid integer value '" + text + "'");
      out = *v;
    } else if (tag == "boolean") {
      if (text != "0" && text != "1") return fail("bad boolean value");
      out = text == "1";
    } else if (tag == "double" || tag == "float" || tag == "bigdecimal") {
      const auto v = parse_python_float(text);
      if (!v) return fail("invalid double value '" + text + "'");
      out = *v;
    } else if (tag == "string" || tag == "name") {
      out = std::move(text);
    } else if (tag == "base64") {
      auto bytes = base64_decode_lenient(text);
      if (!bytes) return fail("invalid base64 value");
      out = Binary{std::move(*bytes)};
    } else if (tag == "dateTime.iso8601") {
      out = DateTime{std::move(text)};
    } else if (tag == "nil") {
      out = Nil{};
    } else {
      return fail("unknown tag '" + std::string(e->Name()) + "'");
    }
    return true;
  }

  bool client_array(const XMLElement* e, Value& out) {
    const XMLElement* data = e->FirstChildElement();
    if (data == nullptr || local_name(data) != "data") return fail("<array> without <data>");
    Array items;
    std::size_t count = 0;
    for (const XMLElement* c = data->FirstChildElement(); c != nullptr; c = c->NextSiblingElement()) ++count;
    items.reserve(count);
    for (const XMLElement* c = data->FirstChildElement(); c != nullptr; c = c->NextSiblingElement()) {
      if (local_name(c) != "value") return fail("unexpected <" + std::string(c->Name()) + "> in <data>");
      if (!value(c, items.emplace_back())) return false;
    }
    out = std::move(items);
    return true;
  }

  bool client_struct(const XMLElement* e, Value& out) {
    out = Struct{};
    Struct& members = out.as_struct();
    for (const XMLElement* m = e->FirstChildElement(); m != nullptr; m = m->NextSiblingElement()) {
      const XMLElement* k = m->FirstChildElement("name");
      const XMLElement* v = m->FirstChildElement("value");
      if (local_name(m) != "member" || k == nullptr || v == nullptr) return fail("malformed <struct> member");
      Value member;
      if (!value(v, member)) return false;
      members.insert_or_assign(leading_text(k).value_or(""), std::move(member));
    }
    return true;
  }

  Dialect dialect_;
  std::string error_;
};

// Expat honours an ISO-8859-1 declaration; tinyxml2 reads bytes as UTF-8. Recode such
// documents (the declaration itself is harmless to tinyxml2).
std::string_view declared_encoding(std::string_view body) {
  if (body.substr(0, 5) != "<?xml") return {};
  const std::size_t end = body.find("?>");
  if (end == std::string_view::npos) return {};
  const std::string_view prolog = body.substr(0, end);
  const std::size_t key = prolog.find("encoding");
  if (key == std::string_view::npos) return {};
  const std::size_t quote = prolog.find_first_of("'\"", key);
  if (quote == std::string_view::npos) return {};
  const std::size_t close = prolog.find(prolog[quote], quote + 1);
  if (close == std::string_view::npos) return {};
  return prolog.substr(quote + 1, close - quote - 1);
}

bool is_latin1_name(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "iso-8859-1" || lower == "iso8859-1" || lower == "latin-1" || lower == "latin1" ||
         lower == "l1" || lower == "iso_8859-1";
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out += c;
    } else {
      out += static_cast<char>(0xC0 | (b >> 6));
      out += static_cast<char>(0x80 | (b & 0x3F));
    }
  }
  return out;
}

// A fast path for the exact shape xmlrpc.client.dumps and our Writer produce (the tags
// Supervisor sends and clients send it, only &amp; &lt; &gt; escapes): a 1,000-process
// getAllProcessInfo reply decodes several times faster than through the tinyxml2 DOM, and a
// large request (a multicall of 100,000 calls) without the DOM's tenfold memory.
// It never reports an error: anything outside that shape (comments, CDATA, other entities,
// carriage returns, whitespace-only text, faults, bad numbers, base64, dates) returns false and
// the caller parses the document with tinyxml2, so acceptance, values and error messages are
// unchanged. Where it accepts, both dialects of codec.h read the same values.
class FastReader {
 public:
  FastReader(std::string_view body, const MemberSet* keep) : s_(body), keep_(keep) {}

  // A methodResponse with a single <param>.
  bool read_response(Value& out) {
    skip_prolog();
    return tags({"methodResponse", "params", "param"}) && value(out) && close("param") && close("params") &&
           close("methodResponse") && at_end();
  }

  // A methodCall with a non-empty name and each <param> holding a <value>.
  bool read_call(MethodCall& out) {
    skip_prolog();
    if (!tags({"methodCall", "methodName"}) || !text(out.method) || out.method.empty() ||
        !close_here("methodName")) {
      return false;
    }
    skip_space();
    if (peek("<params>")) {
      pos_ += 8;
      for (skip_space(); peek("<param>"); skip_space()) {
        pos_ += 7;
        if (!value(out.params.emplace_back()) || !close("param")) return false;
      }
      if (!close_here("params")) return false;
    }
    return close("methodCall") && at_end();
  }

 private:
  void skip_prolog() {
    for (std::string_view prolog : {"<?xml version='1.0'?>", "<?xml version=\"1.0\"?>"}) {
      if (s_.substr(0, prolog.size()) == prolog) pos_ = prolog.size();
    }
  }

  bool at_end() {
    skip_space();
    return pos_ == s_.size();
  }

  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n')) ++pos_;
  }

  // Whitespace, then exactly "<name>".
  bool open(std::string_view name) {
    skip_space();
    if (s_.size() - pos_ < name.size() + 2 || s_[pos_] != '<' || s_.substr(pos_ + 1, name.size()) != name ||
        s_[pos_ + 1 + name.size()] != '>') {
      return false;
    }
    pos_ += name.size() + 2;
    return true;
  }

  bool tags(std::initializer_list<std::string_view> names) {
    for (std::string_view n : names) {
      if (!open(n)) return false;
    }
    return true;
  }

  // Whitespace, then exactly "</name>".
  bool close(std::string_view name) {
    skip_space();
    return close_here(name);
  }

  bool close_here(std::string_view name) {
    if (s_.size() - pos_ < name.size() + 3 || s_.substr(pos_, 2) != "</" || s_.substr(pos_ + 2, name.size()) != name ||
        s_[pos_ + 2 + name.size()] != '>') {
      return false;
    }
    pos_ += name.size() + 3;
    return true;
  }

  bool peek(std::string_view text) const { return s_.substr(pos_, text.size()) == text; }

  // Character data up to the next '<', unescaped; false on anything tinyxml2 might treat
  // differently from the plain reading.
  bool text(std::string& out) {
    const std::size_t end = s_.find('<', pos_);
    if (end == std::string_view::npos) return false;
    const std::string_view raw = s_.substr(pos_, end - pos_);
    out.clear();
    out.reserve(raw.size());
    bool all_space = true;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const char c = raw[i];
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') return false;  // \r is normalised
      if (c != ' ' && c != '\t' && c != '\n') all_space = false;
      if (c != '&') {
        out += c;
        continue;
      }
      const std::string_view rest = raw.substr(i);
      if (rest.substr(0, 5) == "&amp;") {
        out += '&';
        i += 4;
      } else if (rest.substr(0, 4) == "&lt;") {
        out += '<';
        i += 3;
      } else if (rest.substr(0, 4) == "&gt;") {
        out += '>';
        i += 3;
      } else {
        return false;
      }
    }
    if (all_space && !raw.empty()) return false;  // whitespace-only text: leave to tinyxml2
    pos_ = end;
    return true;
  }

  bool scalar(std::string_view tag, std::string& out) { return text(out) && close_here(tag); }

  bool value(Value& out) {
    // Deep nesting is tinyxml2's to refuse (and would cost stack here).
    if (++depth_ > kMaxDepth) return false;
    const bool ok = value_at_depth(out);
    --depth_;
    return ok;
  }

  bool value_at_depth(Value& out) {
    if (!open("value")) return false;
    std::string t;
    if (!peek("<") || peek("</")) {  // untyped: <value>text</value>
      if (!text(t) || !close_here("value")) return false;
      out = std::move(t);
      return true;
    }
    if (peek("<string>")) {
      pos_ += 8;
      if (!scalar("string", t)) return false;
      out = std::move(t);
    } else if (peek("<int>") || peek("<i4>")) {
      const std::string_view tag = peek("<int>") ? "int" : "i4";
      pos_ += tag.size() + 2;
      if (!scalar(tag, t)) return false;
      const auto v = parse_python_int(t);
      if (!v) return false;
      out = *v;
    } else if (peek("<boolean>")) {
      pos_ += 9;
      if (!scalar("boolean", t) || (t != "0" && t != "1")) return false;
      out = t == "1";
    } else if (peek("<double>")) {
      pos_ += 8;
      if (!scalar("double", t)) return false;
      const auto v = parse_python_float(t);
      if (!v) return false;
      out = *v;
    } else if (peek("<nil/>")) {
      pos_ += 6;
      out = Nil{};
    } else if (peek("<array>")) {
      if (!tags({"array", "data"})) return false;
      Array items;
      for (skip_space(); peek("<value>"); skip_space()) {
        if (!value(items.emplace_back())) return false;
      }
      if (!close_here("data") || !close("array")) return false;
      out = std::move(items);
    } else if (peek("<struct>")) {
      pos_ += 8;
      out = Struct{};
      Struct& members = out.as_struct();
      for (skip_space(); peek("<member>"); skip_space()) {
        pos_ += 8;
        std::string name;
        Value member;
        if (!open("name") || !scalar("name", name) || !value(member) || !close("member")) return false;
        if (keep_ && std::find(keep_->begin(), keep_->end(), name) == keep_->end()) continue;
        members.insert_or_assign(std::move(name), std::move(member));
      }
      if (!close_here("struct")) return false;
    } else {
      return false;
    }
    return close("value");
  }

  static constexpr int kMaxDepth = 64;

  std::string_view s_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  const MemberSet* keep_;
};

// Parses `body` into `doc`; returns the error text, or "" on success.
std::string parse_document(std::string_view body, tinyxml2::XMLDocument& doc) {
  std::string recoded;
  if (is_latin1_name(declared_encoding(body))) {
    recoded = latin1_to_utf8(body);
    body = recoded;
  }
  if (doc.Parse(body.data(), body.size()) != tinyxml2::XML_SUCCESS) {
    return "XML error at line " + std::to_string(doc.ErrorLineNum()) + ": " + doc.ErrorStr();
  }
  if (doc.RootElement() == nullptr) return "no root element";
  return {};
}

}  // namespace

std::string encode_call(std::string_view method, const Array& params) {
  std::string out = "<?xml version='1.0'?>\n<methodCall>\n<methodName>";
  append_escaped(out, method);
  out += "</methodName>\n<params>\n";
  Writer writer(out);
  for (const Value& p : params) {
    out += "<param>\n";
    writer.value(p);
    out += "</param>\n";
  }
  out += "</params>\n</methodCall>\n";
  return out;
}

std::optional<std::string> encode_response(const Value& result) {
  std::string out(kResponseHead);
  Writer writer(out);
  writer.value(result);
  if (!writer.ok()) return std::nullopt;
  out += kResponseTail;
  return out;
}

std::string encode_fault(const Fault& fault) {
  std::string out = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n";
  Writer writer(out);
  writer.begin_struct();
  writer.member_int("faultCode", fault.code);
  writer.member_string("faultString", fault.string);
  writer.end_struct();
  out += "</fault>\n</methodResponse>\n";
  return out;
}

std::variant<MethodCall, ParseError> parse_method_call(std::string_view body) {
  if (MethodCall fast; FastReader(body, nullptr).read_call(fast)) return fast;
  // Each '<' opens at most one node of the DOM, which costs about ten times the text it came
  // from.
  if (static_cast<std::size_t>(std::count(body.begin(), body.end(), '<')) > kMaxCallMarkup) {
    return ParseError{"more than " + std::to_string(kMaxCallMarkup) + " '<'"};
  }
  tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
  if (std::string error = parse_document(body, doc); !error.empty()) return ParseError{std::move(error)};
  // Like Supervisor's iterparse loop, the root's name is not checked.
  const XMLElement* root = doc.RootElement();
  MethodCall call;
  if (const XMLElement* name = root->FirstChildElement("methodName")) call.method = leading_text(name).value_or("");
  if (call.method.empty()) return ParseError{"no method name"};
  Decoder decoder(Dialect::kSupervisorServer);
  if (const XMLElement* params = root->FirstChildElement("params")) {
    for (const XMLElement* p = params->FirstChildElement(); p != nullptr; p = p->NextSiblingElement()) {
      const XMLElement* v = p->FirstChildElement();
      if (v == nullptr) return ParseError{"<param> without a value"};
      Value decoded;
      if (!decoder.param(v, decoded)) return ParseError{decoder.error()};
      call.params.push_back(std::move(decoded));
    }
  }
  return call;
}

std::variant<Value, Fault, ParseError> parse_method_response(std::string_view body, const MemberSet* keep) {
  if (Value fast; FastReader(body, keep).read_response(fast)) return fast;
  tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
  if (std::string error = parse_document(body, doc); !error.empty()) return ParseError{std::move(error)};
  const XMLElement* root = doc.RootElement();
  if (local_name(root) != "methodResponse") return ParseError{"root element is not <methodResponse>"};
  Decoder decoder(Dialect::kPythonClient);
  if (const XMLElement* fault = root->FirstChildElement("fault")) {
    const XMLElement* v = fault->FirstChildElement("value");
    Value decoded;
    if (v == nullptr) return ParseError{"<fault> without <value>"};
    if (!decoder.value(v, decoded)) return ParseError{decoder.error()};
    const Value* code = decoded.find("faultCode");
    const Value* text = decoded.find("faultString");
    if (code == nullptr || text == nullptr || !code->is_int() || !text->is_string()) {
      return ParseError{"malformed fault"};
    }
    return Fault{static_cast<int>(code->as_int()), text->as_string()};
  }
  const XMLElement* params = root->FirstChildElement("params");
  if (params == nullptr) return ParseError{"<methodResponse> without <params> or <fault>"};
  Array values;
  for (const XMLElement* p = params->FirstChildElement(); p != nullptr; p = p->NextSiblingElement()) {
    const XMLElement* v = p->FirstChildElement("value");
    if (local_name(p) != "param" || v == nullptr) return ParseError{"malformed <param>"};
    if (!decoder.value(v, values.emplace_back())) return ParseError{decoder.error()};
  }
  if (values.size() == 1) return std::move(values.front());
  if (values.empty()) return Value{};
  return Value{std::move(values)};
}

}  // namespace xmlrpc
