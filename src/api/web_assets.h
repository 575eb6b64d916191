// The web UI's files (web/), built by npm and embedded into the binary at
// build time (web/CMakeLists.txt, cmake/embed_files.cmake). Empty when the
// build was configured with DROVER_WEB_UI=OFF.
#pragma once

#include <span>
#include <string_view>

namespace drover {

struct WebAsset {
  std::string_view path;  // relative to the UI's root: "index.html", "assets/main-HASH.js"
  std::string_view bytes;
};

std::span<const WebAsset> web_assets();

}  // namespace drover
