#include "cli/params_summary.h"

#include <algorithm>
#include <vector>

#include "core/argv_template.h"

namespace drover::cli {
namespace {

const Json& field(const Json& object, const char* name) {
  static const Json kNull;
  if (!object.is_object()) return kNull;
  auto found = object.find(name);
  return found == object.end() ? kNull : *found;
}

std::vector<std::string> key_names(const Json& type) {
  std::vector<std::string> names;
  const Json& key = field(type, "key");
  if (!key.is_string()) return names;
  for (const TemplatePart& part : parse_template(key.get<std::string>())) {
    if (part.is_param) names.push_back(part.text);
  }
  return names;
}

void append_strings(std::vector<std::string>& names, const Json& list) {
  if (!list.is_array()) return;
  for (const Json& name : list) {
    if (name.is_string()) names.push_back(name.get<std::string>());
  }
}

// The names of `params` in summary order: key, required, declared, the rest.
std::vector<std::string> summary_order(const Json& params, const Json& type) {
  std::vector<std::string> ranked = key_names(type);
  append_strings(ranked, field(field(type, "params"), "required"));
  append_strings(ranked, field(type, "param_order"));
  for (const auto& [name, value] : params.items()) ranked.push_back(name);
  std::vector<std::string> order;
  for (const std::string& name : ranked) {
    if (params.contains(name) && std::find(order.begin(), order.end(), name) == order.end()) {
      order.push_back(name);
    }
  }
  return order;
}

bool contains_name(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A value the type would have filled in anyway says nothing about the job.
bool is_default(const Json& type, const std::string& name, const Json& value) {
  const Json& spec = field(field(field(type, "params"), "properties"), name.c_str());
  const Json& fallback = field(spec, "default");
  return !fallback.is_null() && fallback == value;
}

// A word as /bin/sh reads it back: bare when nothing in it is special.
std::string readable_quote(const std::string& word) {
  static constexpr std::string_view kSafe =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-";
  bool safe = !word.empty() && word.find_first_not_of(kSafe) == std::string::npos;
  return safe ? word : shell_quote(word);
}

std::string shell_command(const Json& argv) {
  std::string command;
  for (const Json& word : argv) {
    if (!command.empty()) command += ' ';
    command += readable_quote(param_text(word));
  }
  return command;
}

}  // namespace

TypeCatalog type_catalog(const Json& types_answer) {
  TypeCatalog catalog;
  for (const Json& type : field(types_answer, "types")) {
    if (field(type, "name").is_string()) catalog[type["name"].get<std::string>()] = type;
  }
  return catalog;
}

std::string params_summary(const Job& job, const Json& type) {
  const Json& params = job.params;
  if (!params.is_object()) return "";
  if (job.type == "shell" && field(params, "argv").is_array()) {
    return shell_command(params["argv"]);
  }
  std::vector<std::string> keep = key_names(type);
  append_strings(keep, field(field(type, "params"), "required"));
  std::string summary;
  for (const std::string& name : summary_order(params, type)) {
    const Json& value = params[name];
    if (!contains_name(keep, name) && is_default(type, name, value)) continue;
    if (!summary.empty()) summary += ' ';
    summary += name + "=" + param_text(value);
  }
  return summary;
}

}  // namespace drover::cli
