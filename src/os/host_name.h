// The name of this host, the default name of a node.
#pragma once

#include <string>

namespace drover {

// gethostname(2); "localhost" when the system has none to give.
std::string host_name();

}  // namespace drover
