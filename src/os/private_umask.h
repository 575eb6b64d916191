// Creating a file that must never be readable by others, not even for the
// moment between its creation and a chmod: a unix socket is created by
// bind(2), which takes no mode, so the process's umask decides.
#pragma once

#include <functional>

namespace drover {

// Runs `create` with umask 0077 (what it creates is born 0600, or 0700 for
// a folder or a socket) and
// puts the previous umask back. The umask is per process: call it before
// starting threads that create files, or from the only one that does.
void with_private_umask(const std::function<void()>& create);

}  // namespace drover
