#include "core/argv_template.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "core/param_schema.h"

namespace drover {
namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Characters that end a word in /bin/sh when they are not quoted.
bool is_shell_delimiter(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == ';' || c == '&' || c == '|' ||
         c == '(' || c == ')' || c == '<' || c == '>';
}

std::string placeholder(std::string_view name) { return "{" + std::string(name) + "}"; }

// Follows the quoting of a /bin/sh script one character at a time, enough to
// know whether a placeholder sits inside quotes and whether it begins a word.
class ShellQuoteTracker {
 public:
  void feed(char c) {
    if (std::exchange(m_escaped, false)) {
      m_at_word_start = false;
    } else if (m_quote == '\'') {
      if (c == '\'') m_quote = 0;
    } else if (c == '\\') {
      m_escaped = true;
      m_at_word_start = false;
    } else if (m_quote == '"') {
      if (c == '"') m_quote = 0;
    } else if (c == '\'' || c == '"') {
      m_quote = c;
      m_at_word_start = false;
    } else {
      m_at_word_start = is_shell_delimiter(c);
    }
  }
  // A substituted value is one quoted word, so what follows is inside it.
  void feed_value() {
    m_escaped = false;
    m_at_word_start = false;
  }
  // After a backslash counts as quoted: the backslash would escape our quote.
  bool quoted() const { return m_quote != 0 || m_escaped; }
  bool at_word_start() const { return !quoted() && m_at_word_start; }

 private:
  char m_quote = 0;
  bool m_escaped = false;
  bool m_at_word_start = true;
};

bool is_array_param(const TypeConfig& type, std::string_view name) {
  const ParamSpec* spec = type.find_param(name);
  return spec != nullptr && spec->type == "array";
}

// The value a param was given; nullptr when it is absent or null.
const Json* given_value(const Json& params, const std::string& name) {
  if (!params.is_object()) return nullptr;
  auto found = params.find(name);
  return found == params.end() || found->is_null() ? nullptr : &*found;
}

// A value that would begin an argv element or a shell word may not start with
// '-' (DESIGN.md, durability rules): `--upload-pack=...` must not become an option.
Status check_dash(const TypeConfig& type, std::string_view name, std::string_view value) {
  if (!value.starts_with('-')) return {};
  const ParamSpec* spec = type.find_param(name);
  if (spec != nullptr && spec->allow_dash) return {};
  return make_error(ErrorCode::invalid,
                    "invalid params for {}: {} starts with '-' ({}) and would be read as an "
                    "option; give a value that does not start with '-', or declare the param "
                    "with allow_dash = true",
                    type.name, name, describe_json(Json(std::string(value))));
}

// The items a placeholder stands for: each element of an array, else the value.
std::vector<std::string> value_items(const Json& value) {
  std::vector<std::string> items;
  if (!value.is_array()) return {param_text(value)};
  for (const Json& item : value) items.push_back(param_text(item));
  return items;
}

// Appends the expansion of one argv element. An element naming a param that
// was not given is left out, so optional arguments ("--depth={depth}") work.
Status expand_argv_element(const TypeConfig& type, const Json& params, std::string_view element,
                           std::vector<std::string>& argv) {
  std::vector<TemplatePart> parts = parse_template(element);
  if (parts.size() == 1 && parts[0].is_param) {
    const Json* value = given_value(params, parts[0].text);
    if (value == nullptr) return {};
    for (std::string& item : value_items(*value)) {
      DROVER_RETURN_IF_ERROR(check_dash(type, parts[0].text, item));
      argv.push_back(std::move(item));
    }
    return {};
  }
  std::string expanded;
  const std::string* leading_param = nullptr;  // the param whose value begins the element
  for (const TemplatePart& part : parts) {
    if (!part.is_param) {
      expanded += part.text;
      continue;
    }
    const Json* value = given_value(params, part.text);
    if (value == nullptr) return {};
    std::string text = param_text(*value);
    if (expanded.empty() && !text.empty()) leading_param = &part.text;
    expanded += text;
  }
  if (leading_param != nullptr) {
    DROVER_RETURN_IF_ERROR(check_dash(type, *leading_param, expanded));
  }
  argv.push_back(std::move(expanded));
  return {};
}

// Appends one value to a shell script, single-quoted; an array becomes one
// quoted word per item, an absent scalar the empty word ''.
Status append_shell_value(const TypeConfig& type, const TemplatePart& part, const Json* value,
                          const ShellPlacement& placement, std::string& script) {
  if (value == nullptr) {
    if (!is_array_param(type, part.text)) script += "''";
    return {};
  }
  std::vector<std::string> items = value_items(*value);
  for (std::size_t index = 0; index < items.size(); ++index) {
    if (placement.starts_word) {
      DROVER_RETURN_IF_ERROR(check_dash(type, part.text, items[index]));
    }
    if (index > 0) script += ' ';
    script += shell_quote(items[index]);
  }
  return {};
}

Result<std::string> expand_shell_script(const TypeConfig& type, const Json& params,
                                        std::string_view pattern) {
  std::vector<TemplatePart> parts = parse_template(pattern);
  std::vector<ShellPlacement> placements = shell_placements(parts);
  std::string script;
  std::size_t placement_index = 0;
  for (const TemplatePart& part : parts) {
    if (!part.is_param) {
      script += part.text;
      continue;
    }
    const ShellPlacement& placement = placements[placement_index++];
    if (placement.quoted) {  // check_command_template refuses this when the file loads
      return make_error(ErrorCode::invalid, "type {} quotes {} in its shell command", type.name,
                        placeholder(part.text));
    }
    Status appended =
        append_shell_value(type, part, given_value(params, part.text), placement, script);
    if (!appended) return appended.error();
  }
  return script;
}

// Where in `value` a string (or an object's name) holds a NUL byte, as a
// path like "argv[1]" or "env.HOME"; nullopt when none does.
std::optional<std::string> find_nul_byte(const Json& value, const std::string& path) {
  if (value.is_string()) {
    if (value.get_ref<const std::string&>().find('\0') == std::string::npos) return std::nullopt;
    return path;
  }
  if (value.is_array()) {
    for (std::size_t index = 0; index < value.size(); ++index) {
      if (auto found = find_nul_byte(value[index], fmt::format("{}[{}]", path, index))) {
        return found;
      }
    }
  }
  if (!value.is_object()) return std::nullopt;
  for (const auto& [name, item] : value.items()) {
    if (name.find('\0') != std::string::npos) return path.empty() ? "a param name" : path;
    if (auto found = find_nul_byte(item, path.empty() ? name : path + "." + name)) return found;
  }
  return std::nullopt;
}

// What exec can pass as an environment: names not empty and without '=' (it
// would end the name), string values (a number would be dropped or
// stringified differently by each runner). NUL bytes are refused earlier.
std::optional<std::string> environment_problem(const Json& env) {
  if (!env.is_object()) return fmt::format("env must be an object, got {}", describe_json(env));
  for (const auto& [name, value] : env.items()) {
    if (name.empty()) return "env has a variable with an empty name; give each a name without '='";
    if (name.find('=') != std::string::npos) {
      return fmt::format("env name {} can't contain '='", describe_json(name));
    }
    if (!value.is_string()) {
      return fmt::format("env.{} must be a string, got {}", name, describe_json(value));
    }
  }
  return std::nullopt;
}

// The built-in `shell` type runs exactly the argv (and env) it was given.
Result<std::vector<std::string>> argv_from_params(const TypeConfig& type, const Json& params) {
  if (const Json* env = given_value(params, "env")) {
    if (auto problem = environment_problem(*env)) {
      return make_error(ErrorCode::invalid, "invalid params for {}: {}", type.name, *problem);
    }
  }
  const Json* argv = given_value(params, "argv");
  bool valid = argv != nullptr && argv->is_array() && !argv->empty() &&
               std::all_of(argv->begin(), argv->end(), [](const Json& v) { return v.is_string(); });
  if (!valid) {
    return make_error(ErrorCode::invalid,
                      "invalid params for {}: argv must be a non-empty array of strings, got {}",
                      type.name, argv != nullptr ? describe_json(*argv) : "nothing");
  }
  return argv->get<std::vector<std::string>>();
}

std::optional<std::string> check_shell_script(const TypeConfig& type, std::string_view pattern) {
  std::vector<TemplatePart> parts = parse_template(pattern);
  std::vector<ShellPlacement> placements = shell_placements(parts);
  std::size_t placement_index = 0;
  for (std::size_t index = 0; index < parts.size(); ++index) {
    if (!parts[index].is_param) continue;
    const ShellPlacement& placement = placements[placement_index++];
    std::string name = placeholder(parts[index].text);
    if (placement.quoted) {
      return fmt::format(
          "command[0] puts {} inside quotes or after a backslash; write it bare, "
          "drover single-quotes every value itself",
          name);
    }
    if (index > 0 && !parts[index - 1].is_param && parts[index - 1].text.ends_with('$')) {
      return fmt::format(
          "command[0] has ${}; write {} for the param's value, or ${{{}}} for "
          "the shell variable",
          name, name, name);
    }
    if (is_array_param(type, parts[index].text) &&
        !(placement.starts_word && placement.ends_word)) {
      return fmt::format(
          "command[0] puts array param {} inside a word; it must stand alone, "
          "between spaces",
          name);
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_argv_element(const TypeConfig& type, std::string_view element,
                                              std::size_t index) {
  std::vector<TemplatePart> parts = parse_template(element);
  if (parts.size() < 2) return std::nullopt;
  for (const TemplatePart& part : parts) {
    if (part.is_param && is_array_param(type, part.text)) {
      return fmt::format(
          "command[{}] puts array param {} inside other text; an array param "
          "must be a whole argv element, \"{}\"",
          index, placeholder(part.text), placeholder(part.text));
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<TemplatePart> parse_template(std::string_view pattern) {
  std::vector<TemplatePart> parts;
  std::string literal;
  auto flush_literal = [&] {
    if (!literal.empty()) parts.push_back({std::exchange(literal, {}), false});
  };
  for (std::size_t pos = 0; pos < pattern.size(); ++pos) {
    char c = pattern[pos];
    if ((c == '{' || c == '}') && pos + 1 < pattern.size() && pattern[pos + 1] == c) {
      literal += c;  // "{{" and "}}" are literal braces
      ++pos;
      continue;
    }
    std::size_t end = pos + 1;
    while (c == '{' && end < pattern.size() && is_name_char(pattern[end])) ++end;
    if (c == '{' && end > pos + 1 && end < pattern.size() && pattern[end] == '}') {
      flush_literal();
      parts.push_back({std::string(pattern.substr(pos + 1, end - pos - 1)), true});
      pos = end;
      continue;
    }
    literal += c;
  }
  flush_literal();
  return parts;
}

std::string param_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string shell_quote(std::string_view value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'') {
      quoted += "'\\''";  // close the quote, an escaped quote, open again
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::vector<ShellPlacement> shell_placements(const std::vector<TemplatePart>& parts) {
  std::vector<ShellPlacement> placements;
  ShellQuoteTracker tracker;
  for (std::size_t index = 0; index < parts.size(); ++index) {
    const TemplatePart& part = parts[index];
    if (!part.is_param) {
      for (char c : part.text) tracker.feed(c);
      continue;
    }
    const TemplatePart* next = index + 1 < parts.size() ? &parts[index + 1] : nullptr;
    placements.push_back(ShellPlacement{
        .quoted = tracker.quoted(),
        .starts_word = tracker.at_word_start(),
        .ends_word = next == nullptr || (!next->is_param && is_shell_delimiter(next->text[0])),
    });
    tracker.feed_value();
  }
  return placements;
}

std::optional<std::string> check_template_params(std::string_view pattern, const TypeConfig& type,
                                                 std::string_view where) {
  for (const TemplatePart& part : parse_template(pattern)) {
    if (!part.is_param || type.find_param(part.text) != nullptr) continue;
    std::string literal_braces = "{" + placeholder(part.text) + "}";
    return fmt::format(
        "{} names {}, which is not a declared param of {}; declare params.{}, or "
        "write {} for literal braces",
        where, placeholder(part.text), type.name, part.text, literal_braces);
  }
  return std::nullopt;
}

std::optional<std::string> check_command_template(const TypeConfig& type) {
  if (type.command_from_params) return std::nullopt;
  for (std::size_t index = 0; index < type.command.size(); ++index) {
    const std::string& element = type.command[index];
    if (auto problem = check_template_params(element, type, fmt::format("command[{}]", index))) {
      return problem;
    }
    auto problem = type.shell && index == 0 ? check_shell_script(type, element)
                                            : check_argv_element(type, element, index);
    if (problem) return problem;
  }
  return std::nullopt;
}

Result<std::vector<std::string>> expand_command(const TypeConfig& type, const Json& params) {
  if (type.command.empty() && !type.command_from_params) {
    return make_error(ErrorCode::invalid, "type {} has no command: its jobs are run by a worker",
                      type.name);
  }
  if (auto path = find_nul_byte(params, "")) {
    return make_error(ErrorCode::invalid,
                      "invalid params for {}: {} contains a NUL byte, which a command can't "
                      "receive (exec would cut the value there); remove it",
                      type.name, *path);
  }
  if (type.command_from_params) return argv_from_params(type, params);
  std::vector<std::string> argv;
  std::size_t first_argument = 0;
  if (type.shell) {
    DROVER_TRY(script, expand_shell_script(type, params, type.command[0]));
    // Later elements become $0, $1, ...: values reach the script without quoting.
    argv = {"/bin/sh", "-c", std::move(*script)};
    first_argument = 1;
  }
  for (std::size_t index = first_argument; index < type.command.size(); ++index) {
    Status expanded = expand_argv_element(type, params, type.command[index], argv);
    if (!expanded) return expanded.error();
  }
  return argv;
}

std::optional<std::string> expand_template(std::string_view pattern, const Json& params) {
  std::string expanded;
  for (const TemplatePart& part : parse_template(pattern)) {
    if (!part.is_param) {
      expanded += part.text;
      continue;
    }
    const Json* value = given_value(params, part.text);
    if (value == nullptr) return std::nullopt;
    expanded += param_text(*value);
  }
  return expanded;
}

}  // namespace drover
