// Text forms of our own log options (README "Options of our own"): how the config reader
// parses `*_logfile_rotate_every` and `*_logfile_timestamps`, and how --check-config --json
// and the docs spell them. Plain functions, no state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/config.h"

namespace sup {

// "never" | "hourly" | "daily", case-insensitive, surrounding blanks ignored.
std::optional<RotateEvery> parse_rotate_every(std::string_view text);
std::string_view rotate_every_name(RotateEvery every);

// "none" (or empty) | "iso8601" | anything else as a strftime pattern, which must contain a
// conversion ('%'): a plain word is more likely a typo than a stamp. nullopt: invalid.
struct StampSetting {
  StampStyle style = StampStyle::kNone;
  std::string pattern;  // kPattern only
};
std::optional<StampSetting> parse_stamp_setting(std::string_view text);
// "iso8601", the pattern, or "none".
std::string stamp_setting_text(StampStyle style, const std::string& pattern);

}  // namespace sup
