// The status table's model: getAllProcessInfo turned into rows, sorted by (group, name) and
// gathered by group, plus the filter the page applies (by name and state).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xmlrpc/value.h"

namespace sup::webui {

struct ProcessRow {
  std::string group;
  std::string name;
  std::string namespec;   // "name" when group == name, else "group:name"
  std::string statename;  // "RUNNING", ...
  std::string description;
  std::string health;  // "starting", "healthy", "unhealthy"; "" without a check or not RUNNING
  std::int64_t pid = 0;
  std::int64_t start = 0;
  std::int64_t now = 0;

  bool running() const { return statename == "RUNNING"; }
  // The state as the page shows it: "running", "fatal", ...
  std::string state_text() const;
  // "running" for RUNNING, "error" for FATAL/BACKOFF/EXITED-unexpectedly-ish states, else "nominal".
  std::string state_class() const;
  // "1:02:03" / "2d 1:02:03" while RUNNING, "" otherwise.
  std::string uptime() const;
};

struct GroupRows {
  std::string name;
  std::vector<ProcessRow> rows;
  // A group worth a heading of its own: more than one process or a name of its own.
  bool shown_as_group() const { return rows.size() > 1 || (rows.size() == 1 && rows[0].name != name); }
};

// Rows from the getAllProcessInfo array; malformed entries are skipped.
std::vector<ProcessRow> rows_from_process_info(const xmlrpc::Value& all);

struct RowFilter {
  std::string text;   // case-insensitive substring of the namespec; "" = any
  std::string state;  // lower-case state name; "" = any
  bool empty() const { return text.empty() && state.empty(); }
  bool accepts(const ProcessRow& row) const;
};

// Sorted groups of sorted rows, keeping only the rows `filter` accepts (empty groups dropped).
std::vector<GroupRows> group_rows(std::vector<ProcessRow> rows, const RowFilter& filter = {});

// "HH:MM:SS" of a duration in seconds, with a "Nd " prefix past a day.
std::string format_duration(std::int64_t seconds);

}  // namespace sup::webui
