// What the daemon writes to its log once it has handled a SIGHUP: one of
// these, the refusal followed by its reason. `drover daemon reload` waits
// for them to tell the user whether the new config took.
#pragma once

#include <string_view>

namespace drover {

inline constexpr std::string_view kConfigReloaded = "config reloaded";
inline constexpr std::string_view kReloadRefused =
    "reload refused, the old config stays in force: ";

}  // namespace drover
