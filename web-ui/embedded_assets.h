// The files of web-ui/assets/, embedded into the binary at build time (embed_assets.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace sup::webui {

struct EmbeddedFile {
  std::string_view name;  // file name inside web-ui/assets/, e.g. "status.css"
  std::string_view data;  // the bytes, valid for the whole program
};

// Sorted by name. Generated code.
const std::vector<EmbeddedFile>& embedded_asset_files();

}  // namespace sup::webui
