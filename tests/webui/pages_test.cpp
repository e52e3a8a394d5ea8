// Rendering: the status page model and markup, hostile names and log text as inert text.
#include <catch2/catch.hpp>

#include "web-ui/process_rows.h"
#include "web-ui/status_page.h"
#include "web-ui/tail_page.h"

using namespace sup::webui;

namespace {

ProcessRow row(std::string group, std::string name, std::string state, std::int64_t pid = 0) {
  ProcessRow r;
  r.group = std::move(group);
  r.name = std::move(name);
  r.namespec = r.group == r.name ? r.name : r.group + ":" + r.name;
  r.statename = std::move(state);
  r.pid = pid;
  r.start = 100;
  r.now = 100 + 3725;
  return r;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("rows come from getAllProcessInfo, grouped and sorted", "[webui]") {
  xmlrpc::Array all;
  all.push_back(xmlrpc::Struct{{"group", "web"}, {"name", "b"}, {"statename", "STOPPED"}});
  all.push_back(xmlrpc::Struct{{"group", "cat"}, {"name", "cat"}, {"statename", "RUNNING"}, {"pid", 7}});
  all.push_back(xmlrpc::Struct{{"group", "web"}, {"name", "a"}, {"statename", "FATAL"}});
  all.push_back(xmlrpc::Value("junk"));
  const auto rows = rows_from_process_info(xmlrpc::Value(all));
  REQUIRE(rows.size() == 3);
  const auto groups = group_rows(rows);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].name == "cat");
  CHECK_FALSE(groups[0].shown_as_group());
  CHECK(groups[1].rows[0].namespec == "web:a");
  CHECK(groups[1].shown_as_group());
  CHECK(groups[1].rows[0].state_class() == "error");

  const auto filtered = group_rows(rows, RowFilter{"WEB", "stopped"});
  REQUIRE(filtered.size() == 1);
  REQUIRE(filtered[0].rows.size() == 1);
  CHECK(filtered[0].rows[0].name == "b");
}

TEST_CASE("uptime is shown for running processes only", "[webui]") {
  CHECK(row("a", "a", "RUNNING").uptime() == "1:02:05");
  CHECK(row("a", "a", "STOPPED").uptime().empty());
  CHECK(format_duration(86400 + 61) == "1d 0:01:01");
}

TEST_CASE("status page lists processes with state-dependent POST actions", "[webui]") {
  StatusView view;
  view.processes = {row("cat", "cat", "RUNNING", 12), row("grp", "x", "STOPPED"), row("grp", "y", "STARTING")};
  view.csrf_token = "tok123";
  view.version = "4.2.5";
  view.identification = "supervisor";
  const std::string html = render_status_page(view);
  CHECK(contains(html, "<title>Supervisor Status</title>"));
  CHECK(contains(html, "name=\"csrf_token\" value=\"tok123\""));
  CHECK(contains(html, "formaction=\"index.html?action=stop&amp;processname=cat\""));
  CHECK(contains(html, "formaction=\"index.html?action=start&amp;processname=grp%3Ax\""));
  CHECK_FALSE(contains(html, "action=start&amp;processname=cat\""));
  CHECK(contains(html, "formaction=\"index.html?action=stopgroup&amp;group=grp\""));
  CHECK(contains(html, "<td class=\"pid\" data-label=\"PID\">12</td>"));
  CHECK(contains(html, "1 running, 1 starting, 1 stopped"));
  CHECK(contains(html, "<span class=\"version\">4.2.5</span>"));
  // State changes never hang off plain links.
  CHECK_FALSE(contains(html, "<a href=\"index.html?action"));
  CHECK_FALSE(contains(html, "class=\"btn tail-link\" href=\"index.html"));
}

TEST_CASE("a program with a health check shows its health beside the state", "[webui]") {
  xmlrpc::Array all;
  all.push_back(xmlrpc::Struct{{"group", "web"}, {"name", "web"}, {"statename", "RUNNING"}, {"health", "unhealthy"}});
  all.push_back(xmlrpc::Struct{{"group", "cat"}, {"name", "cat"}, {"statename", "RUNNING"}});
  StatusView view;
  view.processes = rows_from_process_info(xmlrpc::Value(all));
  REQUIRE(view.processes.size() == 2);
  CHECK(view.processes[0].health == "unhealthy");
  CHECK(view.processes[1].health.empty());
  const std::string html = render_status_page(view);
  CHECK(contains(html, "<span class=\"badge state-running\">running</span>"
                       "<span class=\"health health-unhealthy\" title=\"health check\">unhealthy</span></td>"));
  // One health word in all: the program without a check has none.
  CHECK(html.find("class=\"health ") == html.rfind("class=\"health "));
}

TEST_CASE("a hostile process name and message render as text", "[webui]") {
  StatusView view;
  view.processes = {row("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "RUNNING", 1)};
  view.message = "Process <b>\"x\"</b> stopped";
  const std::string html = render_status_page(view);
  CHECK_FALSE(contains(html, "<script>alert"));
  CHECK_FALSE(contains(html, "<img src=x"));
  CHECK(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(contains(html, "Process &lt;b&gt;&quot;x&quot;&lt;/b&gt; stopped"));
  CHECK(contains(html, "processname=%3Cscript%3Ealert%281%29%3C%2Fscript%3E%3A%3Cimg"));
}

TEST_CASE("a GET action becomes a confirmation form", "[webui]") {
  StatusView view;
  view.csrf_token = "tok";
  view.confirmation = Action{ActionKind::kStop, "grp:<x>"};
  const std::string html = render_status_page(view);
  CHECK(contains(html, "Confirm: Stop grp:&lt;x&gt;?"));
  CHECK(contains(html, "<input type=\"hidden\" name=\"action\" value=\"stop\">"));
  CHECK(contains(html, "<input type=\"hidden\" name=\"processname\" value=\"grp:&lt;x&gt;\">"));
  CHECK(contains(html, "No programs to manage"));
}

TEST_CASE("tail page escapes log bytes and keeps the limit", "[webui]") {
  CHECK(tail_limit(std::nullopt) == 1024);
  CHECK(tail_limit(std::string("10")) == 1024);
  CHECK(tail_limit(std::string("5000")) == 5000);
  CHECK(tail_limit(std::string("-5000")) == 1024);
  CHECK(tail_limit(std::string("99999999999999999999")) == 1024);
  TailView view;
  view.namespec = "grp:a";
  view.limit = 2048;
  view.text = "line <b>bold</b> & </pre><script>x</script>\n";
  const std::string html = render_tail_page(view);
  CHECK(contains(html, "<title>Supervisor tail of process grp:a</title>"));
  CHECK(contains(html, "line &lt;b&gt;bold&lt;/b&gt; &amp; &lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;"));
  CHECK(contains(html, "tail.html?processname=grp%3Aa&amp;limit=2048"));
  TailView none;
  none.text = "No process name found";
  const std::string empty = render_tail_page(none);
  CHECK(contains(empty, "Supervisor tail of process None"));
  CHECK_FALSE(contains(empty, "id=\"refresh\""));
}
