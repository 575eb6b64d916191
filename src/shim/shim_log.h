// What drover-shim says about itself (why it failed, what it could not
// write): into the attempt's shim.log, which the first message creates, so
// a shim with nothing to say leaves no file. A shim forked by the launcher
// says it there; an exec'd one has shim.log as its stderr already.
//
// Thread-safety: the shim is single-threaded; set once, before any message.
#pragma once

#include <filesystem>
#include <string_view>

namespace drover {

// From now on, messages go into `attempt_dir`/shim.log instead of stderr.
void say_into_shim_log(const std::filesystem::path& attempt_dir);

// "drover-shim: " + `message` and a newline, where the shim's messages go.
void shim_say(std::string_view message);

}  // namespace drover
