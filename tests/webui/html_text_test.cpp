#include "web-ui/html_text.h"

#include <catch2/catch.hpp>

using namespace sup::webui;

TEST_CASE("html_escape neutralises markup in text and attributes", "[webui]") {
  CHECK(html_escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(html_escape("a & b \"c\"") == "a &amp; b &quot;c&quot;");
  CHECK(html_escape("plain") == "plain");
  CHECK(html_escape(std::string("nul\0byte", 8)) == std::string("nul\0byte", 8));
}

TEST_CASE("url_quote follows Python's quote", "[webui]") {
  CHECK(url_quote("Process grp:b stopped") == "Process%20grp%3Ab%20stopped");
  CHECK(url_quote("a/b*c~d_e.f-g") == "a/b%2Ac~d_e.f-g");
  CHECK(url_quote("a/b", "") == "a%2Fb");
  CHECK(url_quote("<x>&\"") == "%3Cx%3E%26%22");
  CHECK(url_quote("\xc3\xa9") == "%C3%A9");
}

TEST_CASE("form_decode handles plus and percent escapes once", "[webui]") {
  CHECK(form_decode("a+b%3Ac") == "a b:c");
  CHECK(form_decode("%2541") == "%41");
  CHECK(form_decode("bad%zz%4") == "bad%zz%4");
}

TEST_CASE("json_quote gives valid, inert JSON strings", "[webui]") {
  CHECK(json_quote("Process x stopped") == "\"Process x stopped\"");
  CHECK(json_quote("q\"b\\") == "\"q\\\"b\\\\\"");
  CHECK(json_quote("<script>") == "\"\\u003Cscript\\u003E\"");
  CHECK(json_quote("\n\x01") == "\"\\u000A\\u0001\"");
  CHECK(json_quote("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  CHECK(json_quote("bad\xff") == "\"bad\\uFFFD\"");
}

#include "web-ui/value_json.h"

TEST_CASE("XML-RPC values convert to JSON", "[webui]") {
  xmlrpc::Struct s{{"a", 1}, {"b", true}, {"c", xmlrpc::Value()}, {"d", "<x>"}, {"e", 1.5}};
  CHECK(to_json(xmlrpc::Value(xmlrpc::Array{xmlrpc::Value(s), xmlrpc::Value(xmlrpc::Array{})})) ==
        "[{\"a\":1,\"b\":true,\"c\":null,\"d\":\"\\u003Cx\\u003E\",\"e\":1.5},[]]");
}
