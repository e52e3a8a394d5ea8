#include "supervisorctl/status_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include <fmt/format.h>

#include "common/own_namespace.h"
#include "supervisorctl/json_output.h"
#include "supervisorctl/namespec.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/reply.h"
#include "supervisorctl/session.h"

namespace sup::ctl {
namespace {

constexpr std::size_t kMinNameWidth = 30;
constexpr std::size_t kStateWidth = 10;

// 1536 -> "1.5K", as `ps`-like tools print sizes.
std::string human_bytes(double bytes) {
  static constexpr const char* kUnits[] = {"B", "K", "M", "G", "T"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{:.0f}B", bytes) : fmt::format("{:.1f}{}", bytes, kUnits[unit]);
}

double number_field(const xmlrpc::Value& s, const std::string& key) {
  const xmlrpc::Value* v = s.find(key);
  if (v == nullptr) return 0;
  if (v->is_double()) return v->as_double();
  if (v->is_int()) return static_cast<double>(v->as_int());
  return 0;
}

std::string figures_columns(const xmlrpc::Value& f) {
  const xmlrpc::Value* sampled = f.find("sampled");
  std::string restarts = fmt::format("restarts {}", static_cast<long long>(number_field(f, "restarts")));
  if (sampled == nullptr || !sampled->is_bool() || !sampled->as_bool()) {
    return fmt::format("{:>6} {:>9} {:>7} {:>4} {:>4}  {}", "-", "-", "-", "-", "-", restarts);
  }
  return fmt::format("{:>5.1f}% {:>8.2f}s {:>7} {:>4} {:>4}  {}", number_field(f, "cpu_percent"),
                     number_field(f, "cpu_seconds"), human_bytes(number_field(f, "rss_bytes")),
                     static_cast<long long>(number_field(f, "open_fds")),
                     static_cast<long long>(number_field(f, "threads")), restarts);
}

}  // namespace

void print_status_extended(Session& session, const std::vector<const xmlrpc::Value*>& infos, StatusFormat format) {
  std::map<std::string, xmlrpc::Value> figures;  // by namespec
  if (format.stats) {
    auto reply = session.call(own_method("getAllProcessStats"));
    if (const auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
      // Python's supervisord (or ours without [rpcinterface:supervisor]): no figures to add.
      std::fprintf(stderr, "no figures from this supervisord: %s\n", fault->string.c_str());
    } else {
      for (const xmlrpc::Value& f : as_array(std::get<xmlrpc::Value>(reply))) {
        figures[make_namespec(str_field(f, "group"), str_field(f, "name"))] = f;
      }
    }
  }
  auto figures_of = [&figures](const xmlrpc::Value& info) -> const xmlrpc::Value* {
    auto it = figures.find(make_namespec(str_field(info, "group"), str_field(info, "name")));
    return it == figures.end() ? nullptr : &it->second;
  };
  if (format.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const xmlrpc::Value* info : infos) {
      nlohmann::json row = to_json(*info);
      if (const xmlrpc::Value* f = figures_of(*info)) {
        const nlohmann::json extra = to_json(*f);
        for (auto it = extra.begin(); it != extra.end(); ++it) {
          if (!row.contains(it.key())) row[it.key()] = it.value();
        }
      }
      out.push_back(std::move(row));
    }
    session.out(dump_json(out));
    return;
  }
  std::vector<std::string> names;
  std::size_t width = kMinNameWidth;
  std::size_t described = 0;
  for (const xmlrpc::Value* info : infos) {
    names.push_back(make_namespec(str_field(*info, "group"), str_field(*info, "name")));
    width = std::max(width, utf8_length(names.back()));
    described = std::max(described, utf8_length(str_field(*info, "description")));
  }
  described = std::max<std::size_t>(described, 11);  // "DESCRIPTION"
  // Supervisor's table has no header; the figures need one to be read.
  session.out(pad_right("NAME", width + 3) + pad_right("STATE", kStateWidth) + pad_right("DESCRIPTION", described + 2) +
              fmt::format("{:>6} {:>9} {:>7} {:>4} {:>4}  {}", "CPU", "CPU TIME", "RSS", "FDS", "THR", "RESTARTS"));
  for (std::size_t i = 0; i < infos.size(); ++i) {
    std::string line = pad_right(names[i], width + 3);
    line += pad_right(str_field(*infos[i], "statename"), kStateWidth);
    line += pad_right(str_field(*infos[i], "description"), described + 2);
    const xmlrpc::Value* f = figures_of(*infos[i]);
    line += f ? figures_columns(*f) : std::string();
    session.out(line);
  }
}

void print_status_table(Session& session, const std::vector<const xmlrpc::Value*>& infos) {
  std::vector<std::string> names;
  names.reserve(infos.size());
  std::size_t width = kMinNameWidth;
  for (const xmlrpc::Value* info : infos) {
    names.push_back(make_namespec(str_field(*info, "group"), str_field(*info, "name")));
    width = std::max(width, utf8_length(names.back()));
  }
  std::string line;
  for (std::size_t i = 0; i < infos.size(); ++i) {
    line = pad_right(names[i], width + 3);
    line += pad_right(str_field(*infos[i], "statename"), kStateWidth);
    line += str_field(*infos[i], "description");
    // Absent from Supervisor's answers, so its rows stay as they were.
    const xmlrpc::Value* health = infos[i]->find("health");
    if (health != nullptr && health->is_string() && !health->as_string().empty()) line += " " + health->as_string();
    session.out(line);
  }
}

}  // namespace sup::ctl
