#include "web-ui/status_page.h"

#include <map>

#include "web-ui/csrf_guard.h"
#include "web-ui/html_text.h"
#include "web-ui/static_assets.h"

namespace sup::webui {
namespace {

constexpr std::string_view kStates[] = {"running", "starting", "backoff", "stopping",
                                        "stopped", "exited",   "fatal",   "unknown"};

std::string esc(std::string_view s) { return html_escape(s); }

// One POST button of the shared "actions" form (buttons may sit anywhere in the page).
std::string button(const Action& action, std::string_view css_class = "") {
  std::string label(action_label(action.kind));
  std::string out = "<button type=\"submit\" form=\"actions\" formaction=\"" + esc(action_url(action)) + "\"";
  out += " class=\"btn";
  if (!css_class.empty()) out += " " + std::string(css_class);
  out += "\" data-action=\"" + std::string(action_name(action.kind)) + "\"";
  if (!action.target.empty()) {
    out += " data-target=\"" + esc(action.target) + "\" title=\"" + esc(label + " " + action.target) + "\"";
  }
  out += ">" + esc(label) + "</button>";
  return out;
}

std::string process_actions(const ProcessRow& row) {
  const std::string& ns = row.namespec;
  std::string out;
  const std::string& s = row.statename;
  if (s == "RUNNING") {
    out += button({ActionKind::kRestart, ns}) + button({ActionKind::kStop, ns}, "warn");
  } else if (s == "STOPPED" || s == "EXITED" || s == "FATAL") {
    out += button({ActionKind::kStart, ns}, "go");
  } else if (s == "STARTING" || s == "BACKOFF") {
    out += button({ActionKind::kStop, ns}, "warn");
  }
  out += button({ActionKind::kClearLog, ns});
  const std::string q = url_quote(ns, "");
  out += "<a class=\"btn tail-link\" href=\"tail.html?processname=" + esc(q) + "\" data-ns=\"" + esc(ns) +
         "\" data-channel=\"stdout\">Tail</a>";
  out += "<a class=\"btn raw-link\" href=\"logtail/" + esc(q) + "\" target=\"_blank\" rel=\"noopener\">stdout</a>";
  out += "<a class=\"btn raw-link\" href=\"logtail/" + esc(q) +
         "/stderr\" target=\"_blank\" rel=\"noopener\">stderr</a>";
  return out;
}

// The health word beside the state, for programs with a health check (status.js keeps it
// up to date the same way).
std::string health_badge(const ProcessRow& row) {
  if (row.health.empty()) return {};
  return "<span class=\"health health-" + esc(row.health) + "\" title=\"health check\">" + esc(row.health) + "</span>";
}

std::string process_row(const ProcessRow& row, bool in_group) {
  const std::string shown_name = in_group ? row.name : row.namespec;
  std::string out = "<tr class=\"proc\" data-ns=\"" + esc(row.namespec) + "\" data-state=\"" + esc(row.state_text()) + "\">";
  out += "<td class=\"state\" data-label=\"State\"><span class=\"badge state-" + row.state_class() + "\">" +
         esc(row.state_text()) + "</span>" + health_badge(row) + "</td>";
  out += "<td class=\"name\" data-label=\"Name\"><a class=\"tail-link\" href=\"tail.html?processname=" +
         esc(url_quote(row.namespec, "")) + "\" data-ns=\"" + esc(row.namespec) + "\" data-channel=\"stdout\">" +
         esc(shown_name) + "</a></td>";
  out += "<td class=\"desc\" data-label=\"Description\">" + esc(row.description) + "</td>";
  out += "<td class=\"pid\" data-label=\"PID\">" + (row.pid > 0 ? std::to_string(row.pid) : std::string()) + "</td>";
  out += "<td class=\"uptime\" data-label=\"Uptime\">" + esc(row.uptime()) + "</td>";
  out += "<td class=\"actions\"><div class=\"acts\">" + process_actions(row) + "</div></td>";
  out += "</tr>\n";
  return out;
}

std::string group_head(const GroupRows& group) {
  std::size_t running = 0;
  for (const auto& r : group.rows) running += r.running() ? 1 : 0;
  std::string out = "<tr class=\"group-head\"><th colspan=\"6\"><span class=\"group-name\">" + esc(group.name) +
                    "</span> <span class=\"group-count\">" + std::to_string(running) + "/" +
                    std::to_string(group.rows.size()) + " running</span><span class=\"group-actions\">";
  out += button({ActionKind::kStartGroup, group.name}, "go") + button({ActionKind::kStopGroup, group.name}, "warn") +
         button({ActionKind::kRestartGroup, group.name});
  out += "</span></th></tr>\n";
  return out;
}

std::string summary(const std::vector<ProcessRow>& rows) {
  std::map<std::string, int> counts;
  for (const auto& r : rows) ++counts[r.state_text()];
  std::string out;
  for (std::string_view state : kStates) {
    auto it = counts.find(std::string(state));
    if (it == counts.end()) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(it->second) + " " + std::string(state);
  }
  return out.empty() ? "no processes" : out;
}

std::string filter_form(const RowFilter& filter) {
  std::string out =
      "<form class=\"filter\" id=\"filter\" method=\"get\" action=\"index.html\" role=\"search\">"
      "<label><span class=\"sr\">Filter by name</span><input type=\"search\" name=\"filter\" id=\"filter-text\" "
      "placeholder=\"Filter by name\" value=\"" +
      esc(filter.text) + "\"></label>";
  out += "<label><span class=\"sr\">State</span><select name=\"state\" id=\"filter-state\"><option value=\"\">All states</option>";
  for (std::string_view state : kStates) {
    out += "<option value=\"" + std::string(state) + "\"" + (filter.state == state ? " selected" : "") + ">" +
           std::string(state) + "</option>";
  }
  out += "</select></label><button type=\"submit\" class=\"btn\" id=\"filter-apply\">Filter</button></form>\n";
  return out;
}

std::string confirmation_box(const Action& action, const std::string& token) {
  const std::string what = action.target.empty() ? std::string(action_label(action.kind))
                                                 : std::string(action_label(action.kind)) + " " + action.target;
  std::string out = "<section class=\"confirm\" id=\"confirm\" role=\"alertdialog\" aria-labelledby=\"confirm-title\">";
  out += "<h2 id=\"confirm-title\">Confirm: " + esc(what) + "?</h2>";
  out += "<p>Links no longer change state (a protection against cross-site requests). "
         "Confirm to run this action.</p>";
  out += "<form method=\"post\" action=\"index.html\">";
  out += "<input type=\"hidden\" name=\"action\" value=\"" + std::string(action_name(action.kind)) + "\">";
  if (!action.target.empty()) {
    const char* field = action_target(action.kind) == ActionTarget::kGroup ? "group" : "processname";
    out += "<input type=\"hidden\" name=\"" + std::string(field) + "\" value=\"" + esc(action.target) + "\">";
  }
  out += "<input type=\"hidden\" name=\"" + std::string(kTokenField) + "\" value=\"" + esc(token) + "\">";
  out += "<button type=\"submit\" class=\"btn warn\" id=\"confirm-button\">" + esc(what) + "</button> ";
  out += "<a class=\"btn\" href=\"index.html\">Cancel</a></form></section>\n";
  return out;
}

std::string table(const StatusView& view) {
  const auto groups = group_rows(view.processes, view.filter);
  std::string out =
      "<table id=\"processes\"" + std::string(view.processes.empty() ? " hidden" : "") + "><thead><tr><th class=\"state\">State</th><th class=\"name\">Name</th>"
      "<th class=\"desc\">Description</th><th class=\"pid\">PID</th><th class=\"uptime\">Uptime</th>"
      "<th class=\"actions\">Action</th></tr></thead>\n";
  for (const auto& group : groups) {
    const bool grouped = group.shown_as_group();
    out += "<tbody class=\"group" + std::string(grouped ? " grouped" : "") + "\" data-group=\"" + esc(group.name) + "\">\n";
    if (grouped) out += group_head(group);
    for (const auto& row : group.rows) out += process_row(row, grouped);
    out += "</tbody>\n";
  }
  out += "</table>\n";
  if (view.processes.empty()) {
    out += "<p class=\"empty\" id=\"empty\">No programs to manage</p>\n";
  } else if (groups.empty()) {
    out += "<p class=\"empty\" id=\"empty\">No process matches the filter.</p>\n";
  } else {
    out += "<p class=\"empty\" id=\"empty\" hidden></p>\n";
  }
  return out;
}

}  // namespace

std::string action_url(const Action& action) {
  std::string url = "index.html?action=" + std::string(action_name(action.kind));
  switch (action_target(action.kind)) {
    case ActionTarget::kProcess: url += "&processname=" + url_quote(action.target, ""); break;
    case ActionTarget::kGroup: url += "&group=" + url_quote(action.target, ""); break;
    case ActionTarget::kNone: break;
  }
  return url;
}

std::string render_status_page(const StatusView& view) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Supervisor Status</title>\n";
  out += "<link rel=\"stylesheet\" href=\"" + esc(asset_url("status.css")) + "\">\n";
  out += "<link rel=\"icon\" type=\"image/svg+xml\" href=\"" + esc(asset_url("icon.svg")) + "\">\n";
  out += "<script src=\"" + esc(asset_url("status.js")) + "\" defer></script>\n</head>\n";
  out += "<body data-version=\"" + esc(view.version) + "\">\n";
  out += "<header class=\"top\"><a class=\"brand\" href=\"index.html\"><img src=\"" + esc(asset_url("icon.svg")) +
         "\" alt=\"\" width=\"28\" height=\"28\"><span>Supervisor</span></a>";
  out += "<span class=\"ident\" id=\"ident\">" + esc(view.identification) + "</span>";
  out += "<span class=\"summary\" id=\"summary\">" + esc(summary(view.processes)) + "</span>";
  out += "<span class=\"live\" id=\"live\" hidden></span></header>\n<main>\n";

  out += "<div class=\"message\" id=\"message\" role=\"status\"" + std::string(view.message.empty() ? " hidden" : "") +
         ">" + esc(view.message) + "</div>\n";
  if (view.confirmation) out += confirmation_box(*view.confirmation, view.csrf_token);

  out += "<form id=\"actions\" method=\"post\" action=\"index.html\">";
  out += "<input type=\"hidden\" name=\"" + std::string(kTokenField) + "\" value=\"" + esc(view.csrf_token) + "\">";
  out += "</form>\n";
  out += "<div class=\"toolbar\">";
  out += button({ActionKind::kRefresh, ""}) + button({ActionKind::kRestartAll, ""}, "warn") +
         button({ActionKind::kStopAll, ""}, "danger");
  out += filter_form(view.filter);
  out += "</div>\n";
  out += table(view);

  out += "<section class=\"tail\" id=\"tail\" hidden aria-label=\"Log\">"
         "<div class=\"tail-bar\"><strong id=\"tail-title\"></strong>"
         "<span class=\"tabs\"><button type=\"button\" class=\"btn\" data-channel=\"stdout\">stdout</button>"
         "<button type=\"button\" class=\"btn\" data-channel=\"stderr\">stderr</button></span>"
         "<label class=\"follow\"><input type=\"checkbox\" id=\"tail-follow\" checked> follow</label>"
         "<button type=\"button\" class=\"btn\" id=\"tail-close\">Close</button></div>"
         "<pre id=\"tail-text\"></pre></section>\n";
  out += "</main>\n<footer><span>Supervisor <span class=\"version\">" + esc(view.version) +
         "</span></span><span>C++ edition</span></footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace sup::webui
