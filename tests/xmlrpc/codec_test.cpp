// Codec tests: bytes compared with what Python's xmlrpc.client.dumps produces, and the request
// decoding rules of Supervisor's unmarshaller (spec §7.2, §7.3).
#include <catch2/catch.hpp>

#include "xmlrpc/base64.h"
#include "xmlrpc/codec.h"
#include "xmlrpc/faults.h"
#include "xmlrpc/utf8.h"
#include "xmlrpc/writer.h"

using namespace xmlrpc;

namespace {

MethodCall must_call(std::string_view body) {
  auto r = parse_method_call(body);
  if (auto* e = std::get_if<ParseError>(&r)) FAIL("parse error: " << e->message);
  return std::get<MethodCall>(r);
}

Value must_value(std::string_view body) {
  auto r = parse_method_response(body);
  if (auto* e = std::get_if<ParseError>(&r)) FAIL("parse error: " << e->message);
  REQUIRE(std::holds_alternative<Value>(r));
  return std::get<Value>(r);
}

std::string call_with_value(std::string_view value_xml) {
  return "<?xml version='1.0'?>\n<methodCall>\n<methodName>x.y</methodName>\n<params>\n<param>\n" +
         std::string(value_xml) + "\n</param>\n</params>\n</methodCall>\n";
}

Value server_decode(std::string_view value_xml) {
  MethodCall c = must_call(call_with_value(value_xml));
  REQUIRE(c.params.size() == 1);
  return c.params[0];
}

bool server_rejects(std::string_view value_xml) {
  return std::holds_alternative<ParseError>(parse_method_call(call_with_value(value_xml)));
}

}  // namespace

TEST_CASE("methodCall is encoded like xmlrpc.client.dumps") {
  CHECK(encode_call("supervisor.getVersion", {}) ==
        "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getVersion</methodName>\n<params>\n"
        "</params>\n</methodCall>\n");
  CHECK(encode_call("supervisor.x", {"a", 2}) ==
        "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.x</methodName>\n<params>\n<param>\n"
        "<value><string>a</string></value>\n</param>\n<param>\n<value><int>2</int></value>\n</param>\n"
        "</params>\n</methodCall>\n");
}

TEST_CASE("streamed struct keeps member order and matches Python byte for byte") {
  std::string out(kResponseHead);
  Writer w(out);
  w.begin_struct();
  w.member_string("name", "a&b");
  w.member_int("pid", 12);
  w.member_bool("ok", true);
  w.begin_member("list");
  w.begin_array();
  w.int_value(1);
  w.string_value("x");
  w.begin_array();
  w.end_array();
  w.end_array();
  w.end_member();
  w.member_value("d", 0.5);
  w.end_struct();
  out += kResponseTail;
  CHECK(w.ok());
  CHECK(out ==
        "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n<member>\n<name>name</name>\n"
        "<value><string>a&amp;b</string></value>\n</member>\n<member>\n<name>pid</name>\n<value><int>12</int></value>\n"
        "</member>\n<member>\n<name>ok</name>\n<value><boolean>1</boolean></value>\n</member>\n<member>\n"
        "<name>list</name>\n<value><array><data>\n<value><int>1</int></value>\n<value><string>x</string></value>\n"
        "<value><array><data>\n</data></array></value>\n</data></array></value>\n</member>\n<member>\n<name>d</name>\n"
        "<value><double>0.5</double></value>\n</member>\n</struct></value>\n</param>\n</params>\n</methodResponse>\n");
}

TEST_CASE("fault is encoded like xmlrpc.client.dumps(Fault)") {
  CHECK(encode_fault({10, "BAD_NAME: <x>&"}) ==
        "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n"
        "<value><int>10</int></value>\n</member>\n<member>\n<name>faultString</name>\n"
        "<value><string>BAD_NAME: &lt;x&gt;&amp;</string></value>\n</member>\n</struct></value>\n</fault>\n"
        "</methodResponse>\n");
}

TEST_CASE("scalars, base64, dateTime and nil are laid out as Python does") {
  CHECK(*encode_response(Array{1.0, 1e16, 1.5e-5, 123456789012.5, -0.0, Binary{std::string(60, 'x')},
                               DateTime{"20260101T10:00:00"}, Value{}, Struct{{"a", 1}}}) ==
        "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n"
        "<value><double>1.0</double></value>\n<value><double>1e+16</double></value>\n"
        "<value><double>1.5e-05</double></value>\n<value><double>123456789012.5</double></value>\n"
        "<value><double>-0.0</double></value>\n<value><base64>\n"
        "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4\neHh4\n"
        "</base64></value>\n<value><dateTime.iso8601>20260101T10:00:00</dateTime.iso8601></value>\n"
        "<value><nil/></value><value><struct>\n<member>\n<name>a</name>\n<value><int>1</int></value>\n"
        "</member>\n</struct></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n");
  CHECK(python_float_repr(0.1) == "0.1");
  CHECK(python_float_repr(100.0) == "100.0");
  CHECK(python_float_repr(0.0001) == "0.0001");
  CHECK(python_float_repr(0.00001) == "1e-05");
  CHECK(python_float_repr(1234567890123456.0) == "1234567890123456.0");
  CHECK(python_float_repr(-2.5e300) == "-2.5e+300");
}

TEST_CASE("strings go out as XML 1.0: & < > escaped, what XML cannot carry replaced by U+FFFD") {
  const std::string kFffd = "\xef\xbf\xbd";
  const auto string_xml = [](const std::string& text) {
    std::string out;
    append_escaped(out, text);
    return out;
  };
  // Kept: quotes, tab, CR, LF, DEL, C1 controls, every valid character up to U+10FFFF,
  // U+FFFD and U+FFFC themselves.
  const std::string kept = "d\"e'f\t\r\n\x7f\xc2\x80\xc3\xa9\xe2\x82\xac\xef\xbf\xbc\xef\xbf\xbd\xf4\x8f\xbf\xbf";
  CHECK(string_xml(kept) == kept);
  CHECK(string_xml("a&b<c>d") == "a&amp;b&lt;c&gt;d");
  // Replaced: C0 controls (NUL included), U+FFFE, U+FFFF, and each byte of what is not UTF-8.
  CHECK(string_xml(std::string("a\x01" "b\x1b[31m\x00z", 10)) == "a" + kFffd + "b" + kFffd + "[31m" + kFffd + "z");
  CHECK(string_xml("\xef\xbf\xbe|\xef\xbf\xbf") == kFffd + "|" + kFffd);
  CHECK(string_xml("\xff\xfe") == kFffd + kFffd);
  CHECK(string_xml("x\xe2\x82") == "x" + kFffd + kFffd);                   // cut multi-byte character
  CHECK(string_xml("\xed\xa0\x80") == kFffd + kFffd + kFffd);              // surrogate
  CHECK(string_xml("\xc0\xaf") == kFffd + kFffd);                          // overlong '/'
  CHECK(string_xml("\xf4\x90\x80\x80") == kFffd + kFffd + kFffd + kFffd);  // beyond U+10FFFF

  // Everywhere the writer puts text: values, member names, fault strings, method names.
  const std::string bad("\x01\xff&", 3);
  CHECK(*encode_response(bad) ==
        std::string(kResponseHead) + "<value><string>" + kFffd + kFffd + "&amp;</string></value>\n" + std::string(kResponseTail));
  CHECK(encode_response(Struct{{bad, 1}})->find("<name>" + kFffd + kFffd + "&amp;</name>") != std::string::npos);
  CHECK(encode_fault(Fault{10, "BAD_NAME: " + bad}).find("BAD_NAME: " + kFffd + kFffd + "&amp;") != std::string::npos);
  CHECK(encode_call("x.y" + bad, {}).find("<methodName>x.y" + kFffd + kFffd + "&amp;</methodName>") != std::string::npos);
  // And what is sent reads back as the replaced text.
  const auto parsed = parse_method_response(*encode_response(std::string("a\x02\xfe" "b", 4)));
  REQUIRE(std::holds_alternative<Value>(parsed));
  CHECK(std::get<Value>(parsed) == Value{"a" + kFffd + kFffd + "b"});
}

TEST_CASE("integers outside 32 bits make the response unencodable") {
  CHECK(encode_response(std::int64_t{2147483647}).has_value());
  CHECK(encode_response(std::int64_t{-2147483648LL}).has_value());
  CHECK_FALSE(encode_response(std::int64_t{2147483648LL}).has_value());
  CHECK_FALSE(encode_response(Array{Struct{{"x", std::int64_t{-2147483649LL}}}}).has_value());
}

TEST_CASE("round trip of every value type through request and response parsers") {
  const Value v = Array{Value{}, true, false, 42, -7, 2.5, "caf\xc3\xa9 <&>", DateTime{"20260101T10:00:00"},
                        Array{}, Struct{}, Struct{{"k", Array{1, "two"}}, {"", "empty key"}}};
  const Value back = must_value(*encode_response(v));
  CHECK(back == v);
  const Value bin = must_value(*encode_response(Binary{std::string("\0\x01\xff", 3)}));
  CHECK(bin == Value{Binary{std::string("\0\x01\xff", 3)}});

  const MethodCall c = must_call(encode_call("a.b", {1, "s", Struct{{"x", true}}}));
  CHECK(c.method == "a.b");
  REQUIRE(c.params.size() == 3);
  CHECK(c.params[0] == Value{1});
  CHECK(c.params[2] == Value{Struct{{"x", true}}});
}

TEST_CASE("request values follow Supervisor's unmarshaller") {
  CHECK(server_decode("<value>text</value>") == Value{"text"});
  CHECK(server_decode("<value></value>") == Value{""});
  CHECK(server_decode("<value><string></string></value>") == Value{""});
  CHECK(server_decode("<value><i4> 12 </i4></value>") == Value{12});
  CHECK(server_decode("<value><int>-1_000</int></value>") == Value{-1000});
  CHECK(server_decode("<value><boolean>1</boolean></value>") == Value{true});
  CHECK(server_decode("<value><boolean>true</boolean></value>") == Value{false});
  CHECK(server_decode("<value><double>-5.7</double></value>") == Value{-5.7});
  CHECK(server_decode("<value><base64>Y2Fmw6k=</base64></value>") == Value{"caf\xc3\xa9"});
  CHECK(server_decode("<value><i8>5</i8></value>") == Value{"5"});
  CHECK(server_decode("<value><nil/></value>") == Value{});
  CHECK(server_decode("<value><string>&lt;x&gt;&amp;&#233;</string></value>") == Value{"<x>&\xc3\xa9"});
  CHECK(server_decode("<value><dateTime.iso8601>20260101T10:00:00</dateTime.iso8601></value>") ==
        Value{DateTime{"20260101T10:00:00"}});
  CHECK(server_decode("<value><array><data><value><int>1</int></value><value>x</value></data></array></value>") ==
        Value{Array{1, "x"}});
  CHECK(server_decode("<value><struct><member><name>a</name><value><int>1</int></value></member></struct></value>") ==
        Value{Struct{{"a", 1}}});

  CHECK(server_rejects("<value><int>abc</int></value>"));
  CHECK(server_rejects("<value><int></int></value>"));
  CHECK(server_rejects("<value><double>0x10</double></value>"));
  CHECK(server_rejects("<value><base64>abc</base64></value>"));
  CHECK(server_rejects("<value><base64>//4=</base64></value>"));  // \xff\xfe is not UTF-8
  CHECK(server_rejects("<value><dateTime.iso8601>2026-01-01</dateTime.iso8601></value>"));
  CHECK(server_rejects("<value><array></array></value>"));
}

TEST_CASE("methodCall envelope: missing params, bad XML, method name") {
  const MethodCall c = must_call("<?xml version='1.0'?><methodCall><methodName>supervisor.getPID</methodName></methodCall>");
  CHECK(c.method == "supervisor.getPID");
  CHECK(c.params.empty());
  CHECK(std::holds_alternative<ParseError>(parse_method_call("<methodCall><methodName></methodName></methodCall>")));
  CHECK(std::holds_alternative<ParseError>(parse_method_call("<methodCall><params/></methodCall>")));
  CHECK(std::holds_alternative<ParseError>(parse_method_call("<methodCall><methodName>a.b</methodName>")));
  CHECK(std::holds_alternative<ParseError>(parse_method_call("garbage")));
  CHECK(std::holds_alternative<ParseError>(parse_method_call("")));
}

TEST_CASE("an ISO-8859-1 encoding declaration is honoured") {
  const MethodCall c = must_call(
      "<?xml version='1.0' encoding='ISO-8859-1'?><methodCall><methodName>a.b</methodName><params><param>"
      "<value><string>caf\xe9</string></value></param></params></methodCall>");
  REQUIRE(c.params.size() == 1);
  CHECK(c.params[0] == Value{"caf\xc3\xa9"});
}

TEST_CASE("responses follow Python's xmlrpc.client rules") {
  auto fault = parse_method_response(encode_fault({70, "NOT_RUNNING: foo"}));
  REQUIRE(std::holds_alternative<Fault>(fault));
  CHECK(std::get<Fault>(fault) == Fault{70, "NOT_RUNNING: foo"});

  const std::string head = "<?xml version='1.0'?><methodResponse><params><param>";
  const std::string tail = "</param></params></methodResponse>";
  CHECK(must_value(head + "<value><ex:nil/></value>" + tail) == Value{});
  CHECK(must_value(head + "<value><i8>5000000000</i8></value>" + tail) == Value{std::int64_t{5000000000LL}});
  CHECK(must_value(head + "<value>plain</value>" + tail) == Value{"plain"});
  CHECK(must_value(head + "<value><string>a\r\nb</string></value>" + tail) == Value{"a\nb"});
  CHECK(std::holds_alternative<ParseError>(parse_method_response(head + "<value><boolean>true</boolean></value>" + tail)));
  CHECK(std::holds_alternative<ParseError>(parse_method_response(head + "<value><foo>1</foo></value>" + tail)));
  CHECK(std::holds_alternative<ParseError>(parse_method_response("<methodResponse><params><param>")));
  CHECK(std::holds_alternative<ParseError>(parse_method_response("<html>no</html>")));
}

TEST_CASE("base64 is lenient like binascii") {
  CHECK(base64_encode("bob:pw") == "Ym9iOnB3");
  CHECK(*base64_decode_lenient("Ym9i OnB3\n") == "bob:pw");
  CHECK(*base64_decode_lenient("Zm9v") == "foo");
  CHECK(*base64_decode_lenient("Zm8=trailing") == "fo");
  CHECK(*base64_decode_lenient("@@@") == "");
  CHECK_FALSE(base64_decode_lenient("abc").has_value());
  CHECK(base64_encode_lines("") == "");
}

TEST_CASE("UTF-8 validation and fault names") {
  CHECK(is_valid_utf8("h\xc3\xa9"));
  CHECK_FALSE(is_valid_utf8("h\xc3"));
  CHECK_FALSE(is_valid_utf8("\xff\xfe"));
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));  // surrogate
  CHECK(utf8_replace_invalid("a\xffz") == "a\xef\xbf\xbdz");
  CHECK(faults::text(faults::kBadName, "foo") == "BAD_NAME: foo");
  CHECK(faults::text(faults::kShutdownState) == "SHUTDOWN_STATE");
  CHECK(faults::text(faults::kFailed, "") == "FAILED: ");
  CHECK(faults::name(5) == "UNKNOWN");
  CHECK(faults::kCantReread == 92);
}

TEST_CASE("a large array of structs decodes every member") {
  // Built member by member: brace-initialised nested Values trip GCC 12's -Wmaybe-uninitialized.
  Array infos(1000);
  for (std::size_t i = 0; i < infos.size(); ++i) {
    Struct info;
    info["name"] = Value{"p" + std::to_string(i)};
    info["pid"] = Value{static_cast<std::int64_t>(i)};
    info["spawnerr"] = Value{std::string()};
    Array nested(3);
    nested[0] = Value{true};
    nested[1] = Value{Struct()};
    nested[2] = Value{Array()};
    info["nested"] = Value{std::move(nested)};
    infos[i] = Value{std::move(info)};
  }
  const Value expected{std::move(infos)};
  const std::optional<std::string> body = encode_response(expected);
  REQUIRE(body);
  CHECK(must_value(*body) == expected);
  const std::string head = "<?xml version='1.0'?><methodResponse><params><param>";
  const std::string tail = "</param></params></methodResponse>";
  CHECK(std::holds_alternative<ParseError>(
      parse_method_response(head + "<value><struct><member><name>a</name><value><int>x</int></value></member></struct></value>" + tail)));
  CHECK(std::holds_alternative<ParseError>(
      parse_method_response(head + "<value><array><data><int>1</int></data></array></value>" + tail)));
  CHECK(must_value(head + "<value><struct>\n</struct></value>" + tail) == Value{Struct{}});
  CHECK(must_value(head + "<value><array><data/></array></value>" + tail) == Value{Array{}});
}

TEST_CASE("responses outside the canonical layout decode as through the DOM") {
  const std::string head = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n";
  const std::string tail = "</param>\n</params>\n</methodResponse>\n";
  CHECK(must_value(head + "<value><string>a &amp; b &lt;c&gt;</string></value>" + tail) == Value{"a & b <c>"});
  CHECK(must_value(head + "<value><string>a&#65;&quot;</string></value>" + tail) == Value{"aA\""});
  CHECK(must_value(head + "<value>  <int> 7 </int>  </value>" + tail) == Value{7});
  CHECK(must_value(head + "<value><string></string></value>" + tail) == Value{""});
  CHECK(must_value(head + "<value></value>" + tail) == Value{""});
  CHECK(must_value(head + "<value><!-- c --><int>3</int></value>" + tail) == Value{3});
  CHECK(must_value("<methodResponse><params><param><value><nil/></value></param></params></methodResponse>") == Value{});
  Struct expected;
  expected["k"] = Value{2};
  CHECK(must_value(head +
                   "<value><struct><member><name>k</name><value><int>1</int></value></member>"
                   "<member><value><int>2</int></value><name>k</name></member></struct></value>" +
                   tail) == Value{expected});
  CHECK(std::holds_alternative<ParseError>(parse_method_response(head + "<value><int>1x</int></value>" + tail)));
  CHECK(std::holds_alternative<ParseError>(parse_method_response(head + "<value><boolean>2</boolean></value>" + tail)));
  CHECK(std::holds_alternative<ParseError>(parse_method_response(head + "<value><string>x</value>" + tail)));
  std::string deep = head;
  for (int i = 0; i < 200; ++i) deep += "<value><array><data>";
  for (int i = 0; i < 200; ++i) deep += "</data></array></value>";
  deep += tail;
  const auto r = parse_method_response(deep);  // tinyxml2 decides; no crash either way
  CHECK((std::holds_alternative<Value>(r) || std::holds_alternative<ParseError>(r)));
}

TEST_CASE("requests in Python's shape read without the DOM give what the DOM gives") {
  // A comment after <methodCall> sends a body down the tinyxml2 path; both must agree.
  const auto both = [](const std::string& body) {
    std::string commented = body;
    commented.insert(commented.find("<methodCall>") + 12, "<!-- dom -->");
    auto fast = parse_method_call(body);
    auto dom = parse_method_call(commented);
    INFO(body);
    REQUIRE(fast.index() == dom.index());
    if (auto* call = std::get_if<MethodCall>(&fast)) {
      CHECK(call->method == std::get<MethodCall>(dom).method);
      CHECK(call->params == std::get<MethodCall>(dom).params);
    }
  };
  both(encode_call("supervisor.getState", {}));
  both(encode_call("a.b", {"x &amp; <y>", 1, -7, true, false, 2.5, Value{}, Array{}, Struct{}}));
  both(encode_call("a.b", {Array{Struct{{"methodName", "s.t"}, {"params", Array{"n", Array{1, 2}}}}, Array{Array{}}}}));
  both(encode_call("a.b", {Struct{{"k", 1}, {"k2", Struct{{"", ""}}}}}));
  const std::string head = "<?xml version='1.0'?>\n<methodCall>\n<methodName>a.b</methodName>\n";
  both(head + "</methodCall>\n");                                         // no <params>
  both(head + "<params>\n</params>\n</methodCall>\n");                   // none in them
  both(head + "<params><param><value>untyped</value></param></params></methodCall>");
  both(head + "<params><param><value></value></param></params></methodCall>");
  both(head + "<params><param><value><boolean>7</boolean></value></param></params></methodCall>");
  both(head + "<params><param><value><int>x</int></value></param></params></methodCall>");
  both(head + "<params><param><value><i4> 5 </i4></value></param></params></methodCall>");
  both(head + "<params><param><value><double>1e308</double></value></param></params></methodCall>");
  both(head + "<params><param><value><string>\xff\xfe</string></value></param></params></methodCall>");
  both(head + "<params><param><value><struct><member><name>a</name><value><int>1</int></value></member>"
              "<member><name>a</name><value><int>2</int></value></member></struct></value></param></params>"
              "</methodCall>");
  both("<?xml version='1.0'?>\n<methodCall>\n<methodName></methodName>\n</methodCall>\n");
}

TEST_CASE("a response read for some struct members only drops the others, and nothing else") {
  Struct info{{"name", Value{"web"}}, {"group", Value{"g"}}, {"pid", Value{std::int64_t{42}}},
              {"stdout_logfile", Value{"/var/log/web.log"}}};
  auto body = encode_response(Value{Array{Value{info}, Value{info}}});
  REQUIRE(body);
  const MemberSet keep{"name", "pid"};
  auto reduced = parse_method_response(*body, &keep);
  REQUIRE(std::holds_alternative<Value>(reduced));
  const Struct expected{{"name", Value{"web"}}, {"pid", Value{std::int64_t{42}}}};
  CHECK(std::get<Value>(reduced) == Value{Array{Value{expected}, Value{expected}}});
  // Without a set, everything; a fault is a fault whatever the set.
  CHECK(std::get<Value>(parse_method_response(*body)) == Value{Array{Value{info}, Value{info}}});
  auto fault = parse_method_response(encode_fault({10, "BAD_NAME: x"}), &keep);
  REQUIRE(std::holds_alternative<Fault>(fault));
  CHECK(std::get<Fault>(fault) == Fault{10, "BAD_NAME: x"});
}
