#include "core/config.h"
#include "core/config_parser.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

namespace drover {

const TypeConfig* Config::find_type(std::string_view name) const {
  auto found = types.find(std::string(name));
  return found == types.end() ? nullptr : &found->second;
}

const ParamSpec* TypeConfig::find_param(std::string_view param_name) const {
  for (const ParamSpec& spec : params) {
    if (spec.name == param_name) return &spec;
  }
  return nullptr;
}

TypeConfig builtin_shell_type() {
  TypeConfig type;
  type.name = "shell";
  type.label = "Shell command";
  type.category = "ad-hoc";
  type.command_from_params = true;

  ParamSpec argv;
  argv.name = "argv";
  argv.type = "array";
  argv.items = "string";
  argv.required = true;
  argv.description = "the command and its arguments, run without a shell";
  // The user wrote the whole command line: every argument is theirs, options included.
  argv.allow_dash = true;

  ParamSpec cwd;
  cwd.name = "cwd";
  cwd.description = "working directory";
  cwd.allow_dash = true;

  ParamSpec env;
  env.name = "env";
  env.type = "object";
  env.description = "extra environment variables";

  type.params = {std::move(argv), std::move(cwd), std::move(env)};
  return type;
}

Config default_config() {
  Config config;
  config.source = "built-in defaults";
  unsigned cores = std::thread::hardware_concurrency();  // 0 when unknown
  config.queues["default"] = QueueConfig{"default", static_cast<int>(std::max(cores, 1u))};
  config.types["shell"] = builtin_shell_type();
  return config;
}

Result<Config> load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::io,
                      "cannot read config file {}; give an existing drover.toml "
                      "with --config, or none to use the built-in defaults",
                      file.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), file.string());
}

}  // namespace drover
