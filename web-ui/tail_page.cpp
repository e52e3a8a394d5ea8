#include "web-ui/tail_page.h"

#include <algorithm>
#include <cctype>

#include "web-ui/html_text.h"
#include "web-ui/static_assets.h"

namespace sup::webui {

std::int64_t tail_limit(const std::optional<std::string>& param) {
  constexpr std::int64_t kMinimum = 1024;
  constexpr std::int64_t kMaximum = 64LL * 1024 * 1024;  // a page, not a download
  if (!param || param->empty() || param->size() > 12) return kMinimum;
  if (!std::all_of(param->begin(), param->end(), [](unsigned char c) { return std::isdigit(c) != 0; })) return kMinimum;
  const std::int64_t value = std::stoll(*param);
  return std::clamp(value, kMinimum, kMaximum);
}

std::string render_tail_page(const TailView& view) {
  const std::string shown = view.namespec ? *view.namespec : "None";
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>Supervisor tail of process " + html_escape(shown) + "</title>\n";
  out += "<link rel=\"stylesheet\" href=\"" + html_escape(asset_url("status.css")) + "\">\n";
  out += "<link rel=\"icon\" type=\"image/svg+xml\" href=\"" + html_escape(asset_url("icon.svg")) + "\">\n";
  out += "</head>\n<body class=\"tail-page\">\n<header class=\"top\"><a class=\"brand\" href=\"index.html\">"
         "<span>Supervisor</span></a><span class=\"ident\">" +
         html_escape(shown) + " " + html_escape(view.channel) + "</span></header>\n<main>\n";
  out += "<pre id=\"log\">" + html_escape(view.text) + "</pre>\n";
  if (view.namespec) {
    const std::string q = url_quote(*view.namespec, "");
    std::string href = "tail.html?processname=" + q + "&limit=" + std::to_string(view.limit);
    if (view.channel != "stdout") href += "&channel=" + view.channel;
    out += "<p class=\"toolbar\"><a class=\"btn\" id=\"refresh\" href=\"" + html_escape(href) + "\">Refresh</a> ";
    out += "<a class=\"btn\" href=\"logtail/" + html_escape(q) + (view.channel == "stderr" ? "/stderr" : "") +
           "\">Follow</a> <a class=\"btn\" href=\"index.html\">Status</a></p>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace sup::webui
