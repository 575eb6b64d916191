#include "cli/chain_file.h"

#include <fstream>
#include <sstream>

#include <toml++/toml.h>

namespace drover::cli {

Result<nlohmann::json> read_chain_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    return make_error(ErrorCode::not_found, "cannot read chain file {}: no such file",
                      file.string());
  }
  std::stringstream text;
  text << in.rdbuf();
  if (file.extension() == ".json") {
    nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
    if (json.is_discarded())
      return make_error(ErrorCode::invalid, "{}: not valid JSON", file.string());
    return json;
  }
  try {
    toml::table table = toml::parse(text.str(), file.string());
    std::stringstream json;
    json << toml::json_formatter{table};
    return nlohmann::json::parse(json.str());
  } catch (const toml::parse_error& error) {
    return make_error(ErrorCode::invalid, "{}:{}:{}: {}", file.string(), error.source().begin.line,
                      error.source().begin.column, error.description());
  }
}

}  // namespace drover::cli
