#include "common/log_options.h"

#include <algorithm>
#include <cctype>

namespace sup {

namespace {

std::string trimmed_lower(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::optional<RotateEvery> parse_rotate_every(std::string_view text) {
  std::string word = trimmed_lower(text);
  if (word == "never") return RotateEvery::kNever;
  if (word == "hourly") return RotateEvery::kHourly;
  if (word == "daily") return RotateEvery::kDaily;
  return std::nullopt;
}

std::string_view rotate_every_name(RotateEvery every) {
  switch (every) {
    case RotateEvery::kHourly: return "hourly";
    case RotateEvery::kDaily: return "daily";
    case RotateEvery::kNever: break;
  }
  return "never";
}

std::optional<StampSetting> parse_stamp_setting(std::string_view text) {
  std::string word = trimmed_lower(text);
  if (word.empty() || word == "none") return StampSetting{};
  if (word == "iso8601") return StampSetting{StampStyle::kIso8601, {}};
  if (text.find('%') == std::string_view::npos) return std::nullopt;
  return StampSetting{StampStyle::kPattern, std::string(text)};
}

std::string stamp_setting_text(StampStyle style, const std::string& pattern) {
  switch (style) {
    case StampStyle::kIso8601: return "iso8601";
    case StampStyle::kPattern: return pattern;
    case StampStyle::kNone: break;
  }
  return "none";
}

}  // namespace sup
