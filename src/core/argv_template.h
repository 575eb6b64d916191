// Templates with `{name}` placeholders: argv templates of job types, the
// script of `shell = true` types, and key/conflict templates. expand_command
// and expand_template (config.h) are built on these; the config parser uses
// check_command_template to refuse a bad template when the file is loaded
// rather than when a job starts.
//
// Syntax: `{name}` names a param (letters, digits, '-', '_'); `{{` and `}}`
// are literal braces; any other brace is literal text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"

namespace drover {

struct TemplatePart {
  std::string text;  // literal text, or the param's name
  bool is_param = false;
};

// Splits a template into literal text and placeholders; literals are never empty.
std::vector<TemplatePart> parse_template(std::string_view pattern);

// The value of a param as it appears in text: strings as they are, numbers
// and booleans as JSON writes them, arrays and objects as JSON.
std::string param_text(const Json& value);

// 'value' for /bin/sh: single quotes, with ' written as '\''.
std::string shell_quote(std::string_view value);

// Where a placeholder sits in a /bin/sh script.
struct ShellPlacement {
  bool quoted = false;       // inside '...' or "..." written by the template's author
  bool starts_word = false;  // a value placed here begins a word: it could be an option
  bool ends_word = false;
};
// One placement per placeholder of `parts`, in order.
std::vector<ShellPlacement> shell_placements(const std::vector<TemplatePart>& parts);

// What is wrong with a template that may only name the type's params
// ("key names {foo}, which is not a declared param; ..."); nullopt when fine.
// `where` names the template in the message: "key", "command[2]".
std::optional<std::string> check_template_params(std::string_view pattern, const TypeConfig& type,
                                                 std::string_view where);

// What is wrong with the type's command template: a placeholder naming no
// declared param, an array param inside other text, a placeholder quoted
// inside a shell script; nullopt when it is fine.
std::optional<std::string> check_command_template(const TypeConfig& type);

}  // namespace drover
