// The status page (web-ui.md §2, redesigned): process table grouped by group, per-process and
// group actions as POST buttons carrying the CSRF token, a filter form, the message area, and
// a confirmation box for old-style GET action links. Works without JavaScript; status.js
// upgrades it to live updates and an in-page log view.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "web-ui/page_actions.h"
#include "web-ui/process_rows.h"

namespace sup::webui {

struct StatusView {
  std::vector<ProcessRow> processes;
  RowFilter filter;
  std::string message;                // shown in the message area when not empty
  std::optional<Action> confirmation;  // a GET action link to confirm with a POST
  std::string csrf_token;
  std::string version;         // "4.2.5"
  std::string identification;  // supervisord's identifier ("supervisor")
};

// The complete HTML document.
std::string render_status_page(const StatusView& view);

// The form fields of an action button: "index.html?action=stop&processname=grp%3Aa".
std::string action_url(const Action& action);

}  // namespace sup::webui
