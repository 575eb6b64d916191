#include "cli/cli_context.h"

#include <ostream>

#include "cli/visible_text.h"

namespace drover::cli {

StatePaths Context::paths() const { return StatePaths{resolve_state_dir(global.state_dir)}; }

int Context::fail(const Error& error) const {
  // Daemon messages may quote job text (an argv, an error line).
  err << "drover: " << visible_text(error.message) << "\n";
  return exit_code_for(error.code);
}

int Context::print_json(const Json& json) const {
  out << json.dump(2) << "\n";
  return 0;
}

}  // namespace drover::cli
