// The sample configuration echo_supervisord_conf prints: etc/sample.conf, embedded at build
// time (embed_text.cmake). Static storage, valid for the whole program.
#pragma once

#include <string_view>

namespace sup {

extern const std::string_view kSampleConf;

}  // namespace sup
