#include "web-ui/process_rows.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <tuple>

namespace sup::webui {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string string_member(const xmlrpc::Value& v, const std::string& key) {
  const auto* m = v.find(key);
  return m != nullptr && m->is_string() ? m->as_string() : std::string();
}

std::int64_t int_member(const xmlrpc::Value& v, const std::string& key) {
  const auto* m = v.find(key);
  return m != nullptr && m->is_int() ? m->as_int() : 0;
}

}  // namespace

std::string ProcessRow::state_text() const { return lower(statename); }

std::string ProcessRow::state_class() const {
  if (statename == "RUNNING") return "running";
  if (statename == "FATAL" || statename == "BACKOFF" || statename == "UNKNOWN") return "error";
  return "nominal";
}

std::string ProcessRow::uptime() const {
  if (!running() || start <= 0 || now < start) return {};
  return format_duration(now - start);
}

std::string format_duration(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  const std::int64_t days = seconds / 86400;
  seconds %= 86400;
  char buf[64];
  if (days > 0) {
    std::snprintf(buf, sizeof buf, "%lldd %lld:%02lld:%02lld", static_cast<long long>(days),
                  static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
                  static_cast<long long>(seconds % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  }
  return buf;
}

std::vector<ProcessRow> rows_from_process_info(const xmlrpc::Value& all) {
  std::vector<ProcessRow> rows;
  if (!all.is_array()) return rows;
  for (const auto& p : all.as_array()) {
    if (!p.is_struct()) continue;
    ProcessRow row;
    row.group = string_member(p, "group");
    row.name = string_member(p, "name");
    if (row.name.empty()) continue;
    row.namespec = row.group == row.name ? row.name : row.group + ":" + row.name;
    row.statename = string_member(p, "statename");
    row.description = string_member(p, "description");
    row.health = string_member(p, "health");
    row.pid = int_member(p, "pid");
    row.start = int_member(p, "start");
    row.now = int_member(p, "now");
    rows.push_back(std::move(row));
  }
  return rows;
}

bool RowFilter::accepts(const ProcessRow& row) const {
  if (!state.empty() && row.state_text() != lower(state)) return false;
  if (!text.empty() && lower(row.namespec).find(lower(text)) == std::string::npos) return false;
  return true;
}

std::vector<GroupRows> group_rows(std::vector<ProcessRow> rows, const RowFilter& filter) {
  std::sort(rows.begin(), rows.end(),
            [](const ProcessRow& a, const ProcessRow& b) { return std::tie(a.group, a.name) < std::tie(b.group, b.name); });
  std::vector<GroupRows> groups;
  for (auto& row : rows) {
    if (!filter.accepts(row)) continue;
    if (groups.empty() || groups.back().name != row.group) groups.push_back({row.group, {}});
    groups.back().rows.push_back(std::move(row));
  }
  return groups;
}

}  // namespace sup::webui
